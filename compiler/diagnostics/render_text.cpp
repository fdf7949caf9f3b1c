#include "compiler/diagnostics/render_text.h"

#include <algorithm>
#include <span>
#include <tuple>
#include <vector>

#include <fmt/format.h>

namespace takt::diagnostics {

// Labels of one file at most this many lines apart share a snippet (with `...` between them);
// farther ones get their own `:::` snippet, so a snippet never shows a page of unrelated code.
static constexpr uint32_t kSnippetJoinDistance = 8;
// A snippet shows at most this many code points of a line either side of its marks, with `…`
// where the line goes on: one long line with many warnings must not be written once per warning.
static constexpr uint32_t kSnippetContext = 100;
static constexpr std::string_view kClipMark = "\u2026";

static constexpr std::string_view kReset = "\x1b[0m";
static constexpr std::string_view kBold = "\x1b[1m";
static constexpr std::string_view kBoldRed = "\x1b[1;31m";
static constexpr std::string_view kBoldYellow = "\x1b[1;33m";
static constexpr std::string_view kBoldBlue = "\x1b[1;34m";

auto DisplayPath(const source::SourceManager& sources, source::FileId file) -> std::string {
  const std::string& path = sources.path(file);
  if (sources.is_stdlib(file) && !path.starts_with(source::kStdlibPathPrefix)) {
    return std::string(source::kStdlibPathPrefix) + path;
  }
  return path;
}

auto SeverityName(Severity severity) -> std::string_view {
  switch (severity) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
  }
  return "error";
}

static auto SeverityColor(Severity severity) -> std::string_view {
  return severity == Severity::Error ? kBoldRed : kBoldYellow;
}

// Wraps `text` in a colour only when colour is on, so the plain output has no escape codes.
static auto Paint(bool color, std::string_view style, std::string_view text) -> std::string {
  if (!color || text.empty()) {
    return std::string(text);
  }
  return fmt::format("{}{}{}", style, text, kReset);
}

static auto IsContinuation(char c) -> bool {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

static auto CodePointCount(std::string_view text) -> uint32_t {
  return static_cast<uint32_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return !IsContinuation(c); }));
}

static auto RightTrim(std::string_view text) -> std::string_view {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

// Whitespace that puts a caret under the `column`th code point of `line`. Tabs are copied so
// the carets line up however wide the terminal draws a tab.
static auto CaretIndent(std::string_view line, uint32_t column) -> std::string {
  std::string indent;
  uint32_t code_points = 0;
  for (char c : line) {
    if (IsContinuation(c)) {
      continue;
    }
    if (code_points + 1 >= column) {
      break;
    }
    indent.push_back(c == '\t' ? '\t' : ' ');
    ++code_points;
  }
  while (code_points + 1 < column) {
    indent.push_back(' ');
    ++code_points;
  }
  return indent;
}

// `position` moved `count` code points back (towards 0) or forward (towards the end) in `line`.
static auto StepBack(std::string_view line, size_t position, uint32_t count) -> size_t {
  for (; count > 0 && position > 0; --count) {
    --position;
    while (position > 0 && IsContinuation(line[position])) {
      --position;
    }
  }
  return position;
}

static auto StepForward(std::string_view line, size_t position, uint32_t count) -> size_t {
  for (; count > 0 && position < line.size(); --count) {
    ++position;
    while (position < line.size() && IsContinuation(line[position])) {
      ++position;
    }
  }
  return position;
}

namespace {

// The bytes [begin, end) of a line that a snippet shows; the whole line unless it is long. Found
// by stepping from the marks, never by counting from the line's start, so each snippet costs
// O(kSnippetContext) however long the line.
struct Window {
  size_t begin;
  size_t end;
};

// One underlined range, resolved to lines and columns.
struct Mark {
  bool primary;
  uint32_t line;
  uint32_t column;
  uint32_t width;  // In code points, at least 1.
  size_t offset;   // Of the start, in bytes from the start of the line.
  const std::string* message;
};

struct Snippet {
  source::FileId file;
  std::vector<Mark> marks;
};

}  // namespace

static auto MakeMark(const source::SourceManager& sources, const Label& label, bool primary)
    -> Mark {
  source::LineCol start = sources.GetLineCol(label.span.file, label.span.begin);
  source::LineCol end = sources.GetLineCol(label.span.file, label.span.end);
  uint32_t width = 1;
  if (end.line == start.line) {
    width = std::max<uint32_t>(1, end.column - start.column);
  } else {
    // A span over several lines is underlined to the end of its first line.
    uint32_t line_length = CodePointCount(sources.GetLineText(label.span.file, start.line));
    width = line_length >= start.column ? line_length - start.column + 1 : 1;
  }
  std::string_view line = sources.GetLineText(label.span.file, start.line);
  size_t line_start = static_cast<size_t>(line.data() - sources.contents(label.span.file).data());
  return Mark{.primary = primary,
              .line = start.line,
              .column = start.column,
              .width = width,
              .offset = std::min<size_t>(label.span.begin - line_start, line.size()),
              .message = &label.message};
}

// The window of `line` (holding `marks`) showing every mark's start, at most kSnippetContext
// code points of each mark, and kSnippetContext code points of context either side.
static auto MarksWindow(std::string_view line, std::span<const Mark> marks) -> Window {
  Window window{.begin = line.size(), .end = 0};
  for (const Mark& mark : marks) {
    window.begin = std::min(window.begin, StepBack(line, mark.offset, kSnippetContext));
    uint32_t shown = std::min(mark.width, kSnippetContext) + kSnippetContext;
    window.end = std::max(window.end, StepForward(line, mark.offset, shown));
  }
  return window;
}

static auto Digits(uint32_t n) -> size_t {
  size_t digits = 1;
  while (n >= 10) {
    n /= 10;
    ++digits;
  }
  return digits;
}

// Groups the labels into snippets: the primary's first, then secondary labels join a snippet of
// the same file when close to one of its marks, else open a new one in order of appearance.
static auto BuildSnippets(const Diagnostic& diagnostic, const source::SourceManager& sources)
    -> std::vector<Snippet> {
  std::vector<Snippet> snippets;
  snippets.push_back(Snippet{.file = diagnostic.primary.span.file,
                             .marks = {MakeMark(sources, diagnostic.primary, true)}});
  for (const Label& label : diagnostic.secondary) {
    if (!label.span.is_valid()) {
      continue;
    }
    Mark mark = MakeMark(sources, label, false);
    auto close = std::find_if(snippets.begin(), snippets.end(), [&](const Snippet& snippet) {
      return snippet.file == label.span.file &&
             std::any_of(snippet.marks.begin(), snippet.marks.end(), [&](const Mark& other) {
               uint32_t distance =
                   mark.line > other.line ? mark.line - other.line : other.line - mark.line;
               return distance <= kSnippetJoinDistance;
             });
    });
    if (close != snippets.end()) {
      close->marks.push_back(mark);
    } else {
      snippets.push_back(Snippet{.file = label.span.file, .marks = {mark}});
    }
  }
  for (Snippet& snippet : snippets) {
    // The primary keeps its place at the head of the first snippet's location line; the body
    // is drawn in source order.
    std::stable_sort(snippet.marks.begin(), snippet.marks.end(), [](const Mark& a, const Mark& b) {
      return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
  }
  return snippets;
}

namespace {

class TextWriter {
 public:
  TextWriter(const source::SourceManager& sources, bool color, Severity severity, size_t width)
      : sources_(sources), color_(color), severity_(severity), width_(width) {}

  auto text() -> std::string& { return out_; }

  void EmptyGutter() { out_ += Paint(color_, kBoldBlue, Pad() + " |") + "\n"; }

  void Location(std::string_view arrow, source::FileId file, uint32_t line, uint32_t column) {
    out_ += fmt::format("{}{} {}:{}:{}\n", Pad(), Paint(color_, kBoldBlue, arrow),
                        DisplayPath(sources_, file), line, column);
  }

  void SourceLine(source::FileId file, uint32_t line, const Window& window) {
    std::string_view text = RightTrim(Visible(sources_.GetLineText(file, line), window));
    std::string number = fmt::format("{:<{}}", line, width_);
    out_ += Paint(color_, kBoldBlue, number + " |");
    if (!text.empty() || window.begin > 0) {
      out_ += " ";
      out_ += window.begin > 0 ? kClipMark : "";
      out_ += text;
      out_ += window.end < sources_.GetLineText(file, line).size() ? kClipMark : "";
    }
    out_ += "\n";
  }

  void Underline(source::FileId file, const Mark& mark, const Window& window) {
    std::string_view line = sources_.GetLineText(file, mark.line);
    std::string_view text = Visible(line, window);
    std::string_view style = mark.primary ? SeverityColor(severity_) : kBoldBlue;
    uint32_t width = mark.width;
    if (window.end < line.size()) {
      width = std::min(width, std::max<uint32_t>(
                                  CodePointCount(line.substr(mark.offset, window.end - mark.offset)), 1));
    }
    std::string underline(width, mark.primary ? '^' : '-');
    if (!mark.message->empty()) {
      underline += " " + *mark.message;
    }
    std::string indent;
    if (window.begin == 0) {
      indent = CaretIndent(text, mark.column);
    } else {
      // `…` is one column wide.
      indent = " " + CaretIndent(text, CodePointCount(line.substr(window.begin, mark.offset - window.begin)) + 1);
    }
    out_ += Paint(color_, kBoldBlue, Pad() + " |") + " " + indent +
            Paint(color_, style, underline) + "\n";
  }

  void Elision() { out_ += Paint(color_, kBoldBlue, "...") + "\n"; }

  // `= note: text`, continuation lines aligned under the text.
  void Attachment(std::string_view kind, std::string_view text) {
    std::string head = fmt::format("{} = ", Pad());
    std::string indent(head.size() + kind.size() + 2, ' ');
    out_ += Paint(color_, kBoldBlue, head.substr(0, head.size() - 1)) + " " +
            Paint(color_, kBold, std::string(kind) + ":");
    bool first = true;
    size_t start = 0;
    while (start <= text.size()) {
      size_t newline = text.find('\n', start);
      std::string_view piece =
          RightTrim(text.substr(start, newline == std::string_view::npos ? std::string_view::npos
                                                                         : newline - start));
      if (!first) {
        out_ += piece.empty() ? "" : indent;
      } else if (!piece.empty()) {
        out_ += " ";
      }
      out_ += piece;
      out_ += "\n";
      first = false;
      if (newline == std::string_view::npos) {
        break;
      }
      start = newline + 1;
    }
  }

 private:
  auto Pad() const -> std::string { return std::string(width_, ' '); }

  static auto Visible(std::string_view line, const Window& window) -> std::string_view {
    return line.substr(window.begin, window.end - window.begin);
  }

  const source::SourceManager& sources_;
  bool color_;
  Severity severity_;
  size_t width_;
  std::string out_;
};

}  // namespace

auto RenderDiagnosticText(const Diagnostic& diagnostic, const source::SourceManager& sources,
                          bool color) -> std::string {
  const KindInfo& info = GetKindInfo(diagnostic.kind);
  bool has_snippet = diagnostic.primary.span.is_valid();
  std::vector<Snippet> snippets;
  size_t width = 1;
  if (has_snippet) {
    snippets = BuildSnippets(diagnostic, sources);
    for (const Snippet& snippet : snippets) {
      for (const Mark& mark : snippet.marks) {
        width = std::max(width, Digits(mark.line));
      }
    }
  }

  TextWriter writer(sources, color, diagnostic.severity, width);
  std::string& out = writer.text();
  out += Paint(color, SeverityColor(diagnostic.severity),
               fmt::format("{}[{}]", SeverityName(diagnostic.severity), info.code));
  out += Paint(color, kBold, ": " + diagnostic.message);
  out += "\n";

  if (has_snippet) {
    source::LineCol primary = sources.GetLineCol(diagnostic.primary.span.file,
                                                 diagnostic.primary.span.begin);
    bool first_snippet = true;
    for (const Snippet& snippet : snippets) {
      if (first_snippet) {
        writer.Location("-->", snippet.file, primary.line, primary.column);
      } else {
        writer.EmptyGutter();
        writer.Location(":::", snippet.file, snippet.marks.front().line,
                        snippet.marks.front().column);
      }
      first_snippet = false;
      writer.EmptyGutter();
      uint32_t previous_line = 0;
      std::span<const Mark> marks = snippet.marks;
      while (!marks.empty()) {
        uint32_t line = marks.front().line;
        size_t count = 1;
        while (count < marks.size() && marks[count].line == line) {
          ++count;
        }
        std::span<const Mark> on_line = marks.first(count);
        marks = marks.subspan(count);
        if (previous_line != 0 && line == previous_line + 2) {
          // One hidden line costs as much as the `...` that would replace it: show it.
          std::string_view hidden = sources.GetLineText(snippet.file, previous_line + 1);
          writer.SourceLine(snippet.file, previous_line + 1,
                            Window{.begin = 0, .end = StepForward(hidden, 0, kSnippetContext + 1)});
        } else if (previous_line != 0 && line > previous_line + 2) {
          writer.Elision();
        }
        Window window = MarksWindow(sources.GetLineText(snippet.file, line), on_line);
        writer.SourceLine(snippet.file, line, window);
        for (const Mark& mark : on_line) {
          writer.Underline(snippet.file, mark, window);
        }
        previous_line = line;
      }
    }
  }

  bool has_fix_only = diagnostic.fix.has_value() && diagnostic.help.empty();
  if (diagnostic.notes.empty() && diagnostic.help.empty() && !has_fix_only) {
    return out;
  }
  if (has_snippet) {
    writer.EmptyGutter();
  }
  for (const std::string& note : diagnostic.notes) {
    writer.Attachment("note", note);
  }
  for (const std::string& help : diagnostic.help) {
    writer.Attachment("help", help);
  }
  if (has_fix_only) {
    writer.Attachment("help", fmt::format("replace with `{}`", diagnostic.fix->replacement));
  }
  return out;
}

static auto Plural(size_t count, std::string_view noun) -> std::string {
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

auto SummaryText(size_t errors, size_t warnings, std::string_view action, bool color)
    -> std::string {
  if (errors > 0) {
    std::string text = fmt::format("could not {} plant due to {}", action,
                                   Plural(errors, "previous error"));
    if (warnings > 0) {
      text += fmt::format("; {} emitted", Plural(warnings, "warning"));
    }
    return Paint(color, kBoldRed, "error") + Paint(color, kBold, ": " + text);
  }
  if (warnings > 0) {
    return Paint(color, kBoldYellow, "warning") +
           Paint(color, kBold, fmt::format(": {} emitted", Plural(warnings, "warning")));
  }
  return "";
}

void RenderText(std::span<const Diagnostic> records, const source::SourceManager& sources,
                const TextOptions& options, std::ostream& out) {
  if (records.empty()) {
    return;
  }
  size_t errors = 0;
  for (const Diagnostic& diagnostic : records) {
    out << RenderDiagnosticText(diagnostic, sources, options.color) << "\n";
    if (diagnostic.severity == Severity::Error) {
      ++errors;
    }
  }
  out << SummaryText(errors, records.size() - errors, options.action, options.color) << "\n";
}

}  // namespace takt::diagnostics
