#include "compiler/syntax/tokens.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "TaktLexer.h"
#include "compiler/base/utf8.h"
#include "takt/names.h"

namespace takt::syntax {

using grammar::TaktLexer;

auto LexedToken::getText() const -> std::string {
  if (type_ == antlr4::Token::EOF) {
    return "<EOF>";
  }
  return std::string(contents_ + begin_, end_ - begin_);
}

auto LexedToken::toString() const -> std::string {
  return fmt::format("[@{},{}:{}='{}',<{}>,{}:{}]", index_, begin_, getStopIndex(), getText(),
                     type_, line_, column_);
}

namespace {

// The code point at byte `at` and its length (base/utf8.h: an invalid byte is U+FFFD alone).
auto DecodeAt(std::string_view text, size_t at, size_t& length) -> char32_t {
  const base::DecodedCodePoint decoded = base::DecodeUtf8(text, at);
  length = decoded.length;
  return decoded.code_point;
}

auto IsIdentStart(char32_t c) -> bool {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

auto IsIdentPart(char32_t c) -> bool {
  return IsIdentStart(c) || (c >= '0' && c <= '9');
}

auto IsDigit(char32_t c) -> bool { return c >= '0' && c <= '9'; }

// UNIT_SPECIAL in the grammar.
auto IsUnitSpecial(char32_t c) -> bool {
  switch (c) {
    case 0x00B0:
    case 0x00B5:
    case 0x03BC:
    case 0x00B7:
    case 0x22C5:
    case 0x00B2:
    case 0x00B3:
    case 0x03A9:
    case 0x2126:
      return true;
    default:
      return false;
  }
}

auto IsWhitespace(char32_t c) -> bool {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0xFEFF;
}

// The flags column is written with the bare names of keyword_flags.
constexpr Keyword kKeywords[] = {
#define TAKT_KEYWORD(Token, spelling, flags) \
  {spelling, TaktLexer::Token, [] {          \
     using namespace keyword_flags;          \
     return static_cast<uint32_t>(flags);    \
   }()},
#include "grammar/keywords.def"
};

// The grammar declares the keyword tokens in the order of keywords.def, so their types are
// consecutive and a type is a keyword when it falls in that range.
constexpr auto KeywordTypesAreConsecutive() -> bool {
  for (size_t i = 0; i < std::size(kKeywords); ++i) {
    if (kKeywords[i].type != kKeywords[0].type + i) {
      return false;
    }
  }
  return true;
}
static_assert(KeywordTypesAreConsecutive(), "Takt.g4 declares the keyword tokens out of order");

// The event verbs of test steps are the runtime's event kinds, no more and no fewer: a new event
// kind needs its keyword (kEventVerb) so that a test can feed it.
constexpr auto EventVerbsAreEventKinds() -> bool {
  size_t verbs = 0;
  for (const Keyword& keyword : kKeywords) {
    if ((keyword.flags & keyword_flags::kEventVerb) == 0) {
      continue;
    }
    ++verbs;
    if (std::find(runtime::kEventKindNames.begin(), runtime::kEventKindNames.end(), keyword.spelling) ==
        runtime::kEventKindNames.end()) {
      return false;
    }
  }
  return verbs == runtime::kEventKindNames.size();
}
static_assert(EventVerbsAreEventKinds(),
              "grammar/keywords.def: the kEventVerb keywords must be the event kinds of takt/event_kind.def");

// Keyword lookup by spelling for the lexer.
class KeywordTable {
 public:
  KeywordTable() {
    for (const Keyword& keyword : kKeywords) {
      types_.emplace(keyword.spelling, keyword.type);
      max_length_ = std::max(max_length_, keyword.spelling.size());
    }
  }

  // The keyword's type, or ID.
  auto Find(std::string_view word) const -> size_t {
    if (word.size() > max_length_ || word.size() < 2 || word[0] < 'a' || word[0] > 'z') {
      return TaktLexer::ID;
    }
    auto it = types_.find(word);
    return it == types_.end() ? static_cast<size_t>(TaktLexer::ID) : it->second;
  }

 private:
  std::unordered_map<std::string_view, size_t> types_;
  size_t max_length_ = 0;
};

auto KeywordsBySpelling() -> const KeywordTable& {
  static const KeywordTable table;
  return table;
}

// Maximal munch over the rules of grammar/Takt.g4, ties going to the rule written first, as
// ANTLR's lexer does. Line and column follow ANTLR: lines count '\n', columns code points.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text), keywords_(KeywordsBySpelling()) {}

  auto Run() -> std::vector<LexedToken> {
    out_.reserve(text_.size() / 4 + 16);
    while (pos_ < text_.size()) {
      LexOne();
    }
    return std::move(out_);
  }

 private:
  auto Peek(size_t at) const -> char32_t {
    size_t length = 0;
    return DecodeAt(text_, at, length);
  }

  auto ByteAt(size_t at) const -> int {
    return at < text_.size() ? static_cast<unsigned char>(text_[at]) : -1;
  }

  // Moves to byte `end`, which is on a code point boundary, counting lines and columns.
  void AdvanceTo(size_t end) {
    while (pos_ < end) {
      const auto byte = static_cast<unsigned char>(text_[pos_]);
      if (byte < 0x80) {
        ++pos_;
        if (byte == '\n') {
          ++line_;
          column_ = 0;
        } else {
          ++column_;
        }
        continue;
      }
      size_t length = 0;
      DecodeAt(text_, pos_, length);
      pos_ += length;
      ++column_;
    }
  }

  // End of a run of [a-zA-Z0-9_] | UNIT_SPECIAL starting at `at`.
  auto UnitTail(size_t at) const -> size_t {
    for (;;) {
      size_t length = 0;
      const char32_t c = DecodeAt(text_, at, length);
      if (IsIdentPart(c) || IsUnitSpecial(c)) {
        at += length;
      } else {
        return at;
      }
    }
  }

  // Past a `/denominator` at `at` (`m/s`, `L/min`, `m³/h`), or `at` itself without one.
  auto Denominator(size_t at) const -> size_t {
    if (ByteAt(at) != '/') {
      return at;
    }
    const char32_t c = Peek(at + 1);
    return IsIdentStart(c) || IsUnitSpecial(c) ? UnitTail(at + 1) : at;
  }

  auto Digits(size_t at) const -> size_t {
    while (at < text_.size() && IsDigit(static_cast<unsigned char>(text_[at]))) {
      ++at;
    }
    return at;
  }

  void Emit(size_t type, size_t channel, size_t end) {
    const size_t begin = pos_;
    const uint32_t line = line_;
    const uint32_t column = column_;
    AdvanceTo(end);
    out_.emplace_back(type, channel, text_, static_cast<uint32_t>(begin),
                      static_cast<uint32_t>(end), line, column);
  }

  void LexOne() {
    size_t length = 0;
    const char32_t c = DecodeAt(text_, pos_, length);
    constexpr size_t kDefault = antlr4::Token::DEFAULT_CHANNEL;
    constexpr size_t kHidden = antlr4::Token::HIDDEN_CHANNEL;
    if (IsWhitespace(c)) {
      size_t end = pos_ + length;
      for (;;) {
        size_t next_length = 0;
        if (!IsWhitespace(DecodeAt(text_, end, next_length))) {
          break;
        }
        end += next_length;
      }
      AdvanceTo(end);
      return;
    }
    if (IsIdentStart(c)) {
      size_t end = pos_ + 1;
      while (end < text_.size() && IsIdentPart(static_cast<unsigned char>(text_[end]))) {
        ++end;
      }
      if (IsUnitSpecial(Peek(end))) {
        Emit(TaktLexer::UNIT_SYM, kDefault, Denominator(UnitTail(end)));
        return;
      }
      if (const size_t unit_end = Denominator(end); unit_end != end) {
        Emit(TaktLexer::UNIT_SYM, kDefault, unit_end);
        return;
      }
      Emit(keywords_.Find(text_.substr(pos_, end - pos_)), kDefault, end);
      return;
    }
    if (IsUnitSpecial(c)) {
      Emit(TaktLexer::UNIT_SYM, kDefault, Denominator(UnitTail(pos_)));
      return;
    }
    if (IsDigit(c)) {
      const size_t end = Digits(pos_);
      const size_t month_end = ByteAt(end) == '-' && IsDigit(static_cast<char32_t>(ByteAt(end + 1))) ? Digits(end + 1) : end;
      if (ByteAt(end) == ':' && IsDigit(static_cast<char32_t>(ByteAt(end + 1)))) {
        Emit(TaktLexer::TIME, kDefault, Digits(end + 1));
      } else if (month_end != end && ByteAt(month_end) == '-' && IsDigit(static_cast<char32_t>(ByteAt(month_end + 1)))) {
        Emit(TaktLexer::DATE, kDefault, Digits(month_end + 1));
      } else if (ByteAt(end) == '.' && IsDigit(static_cast<char32_t>(ByteAt(end + 1)))) {
        Emit(TaktLexer::NUMBER, kDefault, Digits(end + 1));
      } else {
        Emit(TaktLexer::NUMBER, kDefault, end);
      }
      return;
    }
    switch (c) {
      case '%':
      case 0x2030:
        Emit(TaktLexer::UNIT_SYM, kDefault, pos_ + length);
        return;
      case '"':
        LexString();
        return;
      case 0x00B1:
        Emit(TaktLexer::PLUSMINUS, kDefault, pos_ + length);
        return;
      case '+':
        if (ByteAt(pos_ + 1) == '/' && ByteAt(pos_ + 2) == '-') {
          Emit(TaktLexer::PLUSMINUS, kDefault, pos_ + 3);
        } else {
          Emit(TaktLexer::PLUS, kDefault, pos_ + 1);
        }
        return;
      case '-':
        Emit(TaktLexer::MINUS, kDefault, pos_ + 1);
        return;
      case '.':
        if (ByteAt(pos_ + 1) == '.') {
          Emit(TaktLexer::DOTDOT, kDefault, pos_ + 2);
        } else {
          Emit(TaktLexer::DOT, kDefault, pos_ + 1);
        }
        return;
      case ',':
        Emit(TaktLexer::COMMA, kDefault, pos_ + 1);
        return;
      case '{':
        Emit(TaktLexer::LBRACE, kDefault, pos_ + 1);
        return;
      case '}':
        Emit(TaktLexer::RBRACE, kDefault, pos_ + 1);
        return;
      case '/':
        if (ByteAt(pos_ + 1) == '/') {
          size_t end = pos_ + 2;
          while (end < text_.size() && text_[end] != '\r' && text_[end] != '\n') {
            ++end;
          }
          // `///` and then anything but a fourth `/` (or nothing) is a doc comment.
          const bool doc = ByteAt(pos_ + 2) == '/' && ByteAt(pos_ + 3) != '/';
          Emit(doc ? TaktLexer::DOC_COMMENT : TaktLexer::LINE_COMMENT, kHidden, end);
          return;
        }
        if (ByteAt(pos_ + 1) == '*') {
          const size_t close = text_.find("*/", pos_ + 2);
          if (close == std::string_view::npos) {
            Emit(TaktLexer::UNTERMINATED_COMMENT, kHidden, text_.size());
          } else {
            Emit(TaktLexer::BLOCK_COMMENT, kHidden, close + 2);
          }
          return;
        }
        break;
      default:
        break;
    }
    Emit(TaktLexer::ERROR_CHAR, kDefault, pos_ + length);
  }

  // STRING, or UNTERMINATED_STRING when the line or the file ends first (with a trailing `\`
  // that escapes nothing).
  void LexString() {
    size_t at = pos_ + 1;
    for (;;) {
      const int byte = ByteAt(at);
      if (byte == -1 || byte == '\r' || byte == '\n') {
        Emit(TaktLexer::UNTERMINATED_STRING, antlr4::Token::DEFAULT_CHANNEL, at);
        return;
      }
      if (byte == '"') {
        Emit(TaktLexer::STRING, antlr4::Token::DEFAULT_CHANNEL, at + 1);
        return;
      }
      if (byte == '\\') {
        const int next = ByteAt(at + 1);
        if (next == -1 || next == '\r' || next == '\n') {
          Emit(TaktLexer::UNTERMINATED_STRING, antlr4::Token::DEFAULT_CHANNEL, at + 1);
          return;
        }
        size_t length = 0;
        DecodeAt(text_, at + 1, length);
        at += 1 + length;
        continue;
      }
      size_t length = 0;
      DecodeAt(text_, at, length);
      at += length;
    }
  }

  std::string_view text_;
  const KeywordTable& keywords_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  uint32_t column_ = 0;
  std::vector<LexedToken> out_;
};

}  // namespace

auto Keywords() -> std::span<const Keyword> { return kKeywords; }

auto FindKeyword(size_t type) -> const Keyword* {
  const size_t first = kKeywords[0].type;
  return type >= first && type - first < std::size(kKeywords) ? &kKeywords[type - first] : nullptr;
}

auto Lex(std::string_view contents) -> std::vector<LexedToken> {
  return Lexer(contents).Run();
}

TokenList::TokenList(const source::SourceManager& sources, source::FileId file)
    : file_(file), contents_(sources.contents(file)), all_(Lex(contents_)) {
  significant_.reserve(all_.size());
  for (LexedToken& token : all_) {
    if (token.getChannel() == antlr4::Token::DEFAULT_CHANNEL) {
      token.setTokenIndex(significant_.size());
      significant_.push_back(&token);
    }
  }
}

auto TokenList::TokenSpan(const antlr4::Token* token) const -> source::Span {
  const size_t start = token->getStartIndex();
  if (token->getType() == antlr4::Token::EOF || start >= contents_.size()) {
    return EndSpan();
  }
  const size_t stop = token->getStopIndex();
  const auto begin = static_cast<uint32_t>(start);
  const auto end = stop + 1 > start ? static_cast<uint32_t>(stop + 1) : begin;
  return source::Span{.file = file_, .begin = begin, .end = end};
}

auto TokenList::TokenText(const antlr4::Token* token) const -> std::string_view {
  const source::Span span = TokenSpan(token);
  return contents_.substr(span.begin, span.end - span.begin);
}

auto TokenList::EndSpan() const -> source::Span {
  const auto end = static_cast<uint32_t>(contents_.size());
  return source::Span{.file = file_, .begin = end, .end = end};
}

}  // namespace takt::syntax
