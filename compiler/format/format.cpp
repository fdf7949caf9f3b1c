#include "compiler/format/format.h"

#include <optional>
#include <span>
#include <vector>

#include "compiler/format/structure.h"
#include "compiler/syntax/parse.h"

namespace takt::format {

using syntax::SourceToken;
using syntax::TokenClass;

namespace {

constexpr size_t kIndent = 2;
// A clause interrupted by a comment goes on four spaces deeper than it started.
constexpr size_t kContinuation = 4;

// An element's text as printed: a line comment runs to the end of its line, so the spaces
// that ended the line are part of it; they go. A block comment's CRLF line endings become `\n`,
// like every other line ending of a formatted file (docs/cli.md).
auto ElementText(std::string_view text, const SourceToken& e) -> std::string {
  std::string_view out = text.substr(e.begin, e.end - e.begin);
  if (e.kind == TokenClass::LineComment) {
    size_t end = out.find_last_not_of(" \t\f");
    out = out.substr(0, end == std::string_view::npos ? 0 : end + 1);
  }
  if (e.kind != TokenClass::BlockComment) {
    return std::string(out);
  }
  std::string printed;
  printed.reserve(out.size());
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] != '\r' || i + 1 == out.size() || out[i + 1] != '\n') {
      printed += out[i];
    }
  }
  return printed;
}

enum class BlockStyle : uint8_t {
  Empty,      // `{}`
  OneLine,    // `{ release lot }`
  MultiLine,  // `{`, the items each on a line, `}`
};

// Appends text line by line; indentation is written with a line's first text, so no line ends
// in spaces and an empty line is empty.
class Printer {
 public:
  void NewLine(bool blank, size_t indent) {
    if (!out_.empty()) {
      out_ += '\n';
      if (blank) {
        out_ += '\n';
      }
    }
    line_open_ = false;
    indent_ = indent;
  }

  void Write(std::string_view text, std::string_view separator) {
    if (line_open_) {
      out_ += separator;
    } else {
      out_.append(indent_, ' ');
      line_open_ = true;
    }
    out_ += text;
  }

  auto Finish() -> std::string {
    if (!out_.empty()) {
      out_ += '\n';
    }
    return std::move(out_);
  }

 private:
  std::string out_;
  bool line_open_ = false;
  size_t indent_ = 0;
};

class Layout {
 public:
  Layout(std::string_view text, std::span<const SourceToken> elements, const Structure& structure)
      : text_(text), elements_(elements), structure_(structure) {
    LinkTokens();
    MatchBlocks();
  }

  auto Run() -> std::string {
    size_t depth = 0;
    for (size_t i = 0; i < elements_.size(); ++i) {
      const SourceToken& e = elements_[i];
      const SourceToken* previous = i > 0 ? &elements_[i - 1] : nullptr;
      if (e.is_comment()) {
        if (previous != nullptr && e.newlines_before == 0) {
          // It followed code on its line: it stays there.
          printer_.Write(Text(e), " ");
          continue;
        }
        bool between_items = CommentBetweenItems(i);
        // Kept even inside a clause: a blank line ends a run of `///` lines (one doc comment).
        bool blank = e.newlines_before >= 2 && !OpensMultiLine(previous);
        printer_.NewLine(blank, depth * kIndent + (between_items ? 0 : kContinuation));
        printer_.Write(Text(e), "");
        continue;
      }
      if (ClosesMultiLine(i) && depth > 0) {
        --depth;
      }
      if (StartsLine(i)) {
        bool blank = e.newlines_before >= 2 && !ClosesMultiLine(i) && !OpensMultiLine(previous);
        printer_.NewLine(blank, depth * kIndent);
      } else if (previous != nullptr && previous->is_comment() &&
                 (previous->kind == TokenClass::LineComment || e.newlines_before > 0)) {
        printer_.NewLine(false, depth * kIndent + kContinuation);
      }
      printer_.Write(e.kind == TokenClass::PlusMinus ? "\u00B1" : Text(e), Separator(i));
      if (OpensMultiLine(&e)) {
        ++depth;
      }
    }
    return printer_.Finish();
  }

 private:
  auto Text(const SourceToken& e) const -> std::string {
    return ElementText(text_, e);
  }

  // Pairs braces, decides how each block prints, and marks what lies inside one-line blocks.
  void MatchBlocks() {
    style_.assign(elements_.size(), BlockStyle::MultiLine);
    inside_one_line_.assign(elements_.size(), false);
    // comments_before[i]: comments among the first i elements.
    std::vector<size_t> comments_before(elements_.size() + 1, 0);
    for (size_t i = 0; i < elements_.size(); ++i) {
      comments_before[i + 1] = comments_before[i] + (elements_[i].is_comment() ? 1 : 0);
    }
    std::vector<size_t> open;
    for (size_t i = 0; i < elements_.size(); ++i) {
      if (elements_[i].kind == TokenClass::LeftBrace) {
        open.push_back(i);
      } else if (elements_[i].kind == TokenClass::RightBrace && !open.empty()) {
        size_t left = open.back();
        open.pop_back();
        bool has_comment = comments_before[i] != comments_before[left + 1];
        BlockStyle style = BlockStyle::MultiLine;
        if (i == left + 1) {
          style = BlockStyle::Empty;
        } else if (structure_.inline_block[left] && !has_comment) {
          style = BlockStyle::OneLine;
          for (size_t k = left + 1; k < i; ++k) {
            inside_one_line_[k] = true;
          }
        }
        style_[left] = style;
        style_[i] = style;
      }
    }
  }

  auto OpensMultiLine(const SourceToken* e) const -> bool {
    return e != nullptr && e->kind == TokenClass::LeftBrace &&
           style_[static_cast<size_t>(e - elements_.data())] == BlockStyle::MultiLine;
  }

  auto ClosesMultiLine(size_t i) const -> bool {
    return elements_[i].kind == TokenClass::RightBrace && style_[i] == BlockStyle::MultiLine;
  }

  // For every element, the nearest token (not comment) on either side. Computed once, so a
  // run of n comment lines costs O(n), not a scan across the run per comment (O(n²)).
  void LinkTokens() {
    previous_token_.assign(elements_.size(), std::nullopt);
    next_token_.assign(elements_.size(), std::nullopt);
    std::optional<size_t> last;
    for (size_t i = 0; i < elements_.size(); ++i) {
      previous_token_[i] = last;
      if (!elements_[i].is_comment()) {
        last = i;
      }
    }
    last = std::nullopt;
    for (size_t i = elements_.size(); i > 0; --i) {
      next_token_[i - 1] = last;
      if (!elements_[i - 1].is_comment()) {
        last = i - 1;
      }
    }
  }

  auto PreviousToken(size_t i) const -> std::optional<size_t> {
    return previous_token_[i];
  }

  auto NextToken(size_t i) const -> std::optional<size_t> {
    return next_token_[i];
  }

  // Whether token `i` begins a line: an item starts there, or a block opens or closes.
  auto StartsLine(size_t i) const -> bool {
    std::optional<size_t> previous = PreviousToken(i);
    if (!previous) {
      return true;
    }
    if (ClosesMultiLine(i) || ClosesMultiLine(*previous) || OpensMultiLine(&elements_[*previous])) {
      return true;
    }
    return structure_.starts_item[i] && !inside_one_line_[i];
  }

  // A comment on its own line sits between two items (at the items' indentation) unless it
  // interrupts a clause.
  auto CommentBetweenItems(size_t i) const -> bool {
    std::optional<size_t> next = NextToken(i);
    return !next || !PreviousToken(i) || StartsLine(*next);
  }

  // What goes between token `i` and what precedes it on its line.
  auto Separator(size_t i) const -> std::string_view {
    const SourceToken& e = elements_[i];
    if (e.kind == TokenClass::Comma || i == 0) {
      return "";
    }
    const SourceToken& previous = elements_[i - 1];
    if (previous.is_comment()) {
      return " ";
    }
    if (e.kind == TokenClass::Dot) {
      // `a.20 .5` must not become `a.20.5`, which lexes as `a` `.` `20.5`.
      std::optional<size_t> next = NextToken(i);
      bool number_follows = next && elements_[*next].kind == TokenClass::Number;
      return previous.kind == TokenClass::Number && number_follows ? " " : "";
    }
    if (previous.kind == TokenClass::Dot || previous.kind == TokenClass::Plus ||
        previous.kind == TokenClass::Minus) {
      return "";
    }
    if (e.kind == TokenClass::RightBrace && style_[i] == BlockStyle::Empty) {
      return "";
    }
    return " ";
  }

  std::string_view text_;
  std::span<const SourceToken> elements_;
  const Structure& structure_;
  std::vector<BlockStyle> style_;
  std::vector<bool> inside_one_line_;
  std::vector<std::optional<size_t>> previous_token_;
  std::vector<std::optional<size_t>> next_token_;
  Printer printer_;
};

auto SameElements(std::string_view before_text, std::span<const SourceToken> before,
                  std::string_view after_text) -> bool {
  std::vector<SourceToken> after = syntax::Tokenize(after_text);
  if (after.size() != before.size()) {
    return false;
  }
  for (size_t i = 0; i < after.size(); ++i) {
    if (after[i].kind != before[i].kind) {
      return false;
    }
    if (after[i].kind != TokenClass::PlusMinus &&
        ElementText(after_text, after[i]) != ElementText(before_text, before[i])) {
      return false;
    }
  }
  return true;
}

}  // namespace

auto FormatFile(const source::SourceManager& sources, source::FileId file,
                diagnostics::Diagnostics& diagnostics) -> std::optional<std::string> {
  diagnostics::Diagnostics parse_diagnostics;
  ast::File ast = syntax::Parse(sources, file, parse_diagnostics);
  bool has_errors = parse_diagnostics.has_errors();
  diagnostics.Append(parse_diagnostics);
  if (has_errors) {
    return std::nullopt;
  }
  std::string_view text = sources.contents(file);
  std::vector<SourceToken> elements = syntax::Tokenize(text);
  Structure structure = FindStructure(ast, elements, text);
  std::string formatted = Layout(text, elements, structure).Run();
  // Formatting moves whitespace only. Should a layout rule ever glue two tokens into one, the
  // file is left as it was rather than changed in meaning.
  if (!SameElements(text, elements, formatted)) {
    return std::string(text);
  }
  return formatted;
}

auto FormatText(std::string_view text) -> std::optional<std::string> {
  source::SourceManager sources;
  source::FileId file = sources.AddFile("<text>", std::string(text));
  diagnostics::Diagnostics diagnostics;
  return FormatFile(sources, file, diagnostics);
}

}  // namespace takt::format
