#include "compiler/format/scan.h"

#include <algorithm>

namespace takt::format {

// U+FEFF, which the lexer skips as whitespace wherever it appears.
static constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

static auto IsDigit(char c) -> bool { return c >= '0' && c <= '9'; }

static auto IsIdentStart(char c) -> bool {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static auto IsIdentContinue(char c) -> bool { return IsIdentStart(c) || IsDigit(c); }

// The length of a UNIT_SPECIAL character at `pos` (`°`, `µ`, `μ`, `·`, `⋅`, `²`, `³`, `Ω`,
// `Ω`), or 0.
static auto UnitSpecialLength(std::string_view text, size_t pos) -> size_t {
  static constexpr std::string_view kSpecials[] = {
      "\u00B0", "\u00B5", "\u03BC", "\u00B7", "\u22C5", "\u00B2", "\u00B3", "\u03A9", "\u2126"};
  std::string_view rest = text.substr(pos);
  for (std::string_view special : kSpecials) {
    if (rest.starts_with(special)) {
      return special.size();
    }
  }
  return 0;
}

// The length of the whitespace at `pos` (one character), or 0.
static auto WhitespaceLength(std::string_view text, size_t pos) -> size_t {
  char c = text[pos];
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
    return 1;
  }
  return text.substr(pos).starts_with(kByteOrderMark) ? kByteOrderMark.size() : 0;
}

// The length of one UTF-8 character at `pos` (at least 1, never past the end).
static auto CharLength(std::string_view text, size_t pos) -> size_t {
  auto byte = static_cast<unsigned char>(text[pos]);
  size_t length = 1;
  if ((byte & 0xE0) == 0xC0) {
    length = 2;
  } else if ((byte & 0xF0) == 0xE0) {
    length = 3;
  } else if ((byte & 0xF8) == 0xF0) {
    length = 4;
  }
  size_t end = pos + 1;
  while (end < text.size() && end < pos + length &&
         (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    ++end;
  }
  return end - pos;
}

// One token at `pos` (not whitespace, not a comment), as the grammar's lexer rules take it.
static auto ScanToken(std::string_view text, size_t pos) -> Element {
  auto make = [&](ElementKind kind, size_t length) {
    return Element{.kind = kind,
                   .begin = static_cast<uint32_t>(pos),
                   .end = static_cast<uint32_t>(pos + length),
                   .newlines_before = 0};
  };
  std::string_view rest = text.substr(pos);
  char c = rest.front();
  if (c == '"') {
    size_t i = 1;
    while (i < rest.size() && rest[i] != '"' && rest[i] != '\n' && rest[i] != '\r') {
      bool escape = rest[i] == '\\' && i + 1 < rest.size() && rest[i + 1] != '\n' &&
                    rest[i + 1] != '\r';
      i += escape ? 2 : 1;
    }
    return make(ElementKind::String, i < rest.size() && rest[i] == '"' ? i + 1 : i);
  }
  if (IsDigit(c)) {
    size_t i = 0;
    while (i < rest.size() && IsDigit(rest[i])) {
      ++i;
    }
    if (i + 1 < rest.size() && rest[i] == ':' && IsDigit(rest[i + 1])) {
      i += 1;
      while (i < rest.size() && IsDigit(rest[i])) {
        ++i;
      }
      return make(ElementKind::Time, i);
    }
    if (i + 1 < rest.size() && rest[i] == '.' && IsDigit(rest[i + 1])) {
      i += 1;
      while (i < rest.size() && IsDigit(rest[i])) {
        ++i;
      }
    }
    return make(ElementKind::Number, i);
  }
  if (rest.starts_with("+/-")) {
    return make(ElementKind::PlusMinus, 3);
  }
  if (rest.starts_with("\u00B1")) {
    return make(ElementKind::PlusMinus, 2);
  }
  if (rest.starts_with("..")) {
    return make(ElementKind::DotDot, 2);
  }
  switch (c) {
    case '{':
      return make(ElementKind::LeftBrace, 1);
    case '}':
      return make(ElementKind::RightBrace, 1);
    case ',':
      return make(ElementKind::Comma, 1);
    case '.':
      return make(ElementKind::Dot, 1);
    case '+':
      return make(ElementKind::Plus, 1);
    case '-':
      return make(ElementKind::Minus, 1);
    case '%':
      return make(ElementKind::Word, 1);
    default:
      break;
  }
  if (rest.starts_with("\u2030")) {
    return make(ElementKind::Word, std::string_view("\u2030").size());
  }
  // ID, or UNIT_SYM: an optional ID-like prefix, a special character, then letters, digits
  // and specials.
  size_t i = 0;
  if (IsIdentStart(c)) {
    while (i < rest.size() && IsIdentContinue(rest[i])) {
      ++i;
    }
  }
  if (size_t special = UnitSpecialLength(rest, i); special > 0) {
    i += special;
    while (i < rest.size()) {
      if (IsIdentContinue(rest[i])) {
        ++i;
      } else if (size_t more = UnitSpecialLength(rest, i); more > 0) {
        i += more;
      } else {
        break;
      }
    }
  }
  if (i > 0) {
    return make(ElementKind::Word, i);
  }
  return make(ElementKind::Other, CharLength(text, pos));
}

auto Scan(std::string_view text, std::span<const syntax::Comment> comments)
    -> std::vector<Element> {
  std::vector<Element> elements;
  size_t next_comment = 0;
  uint32_t newlines = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    if (next_comment < comments.size() && comments[next_comment].span.begin <= pos) {
      const syntax::Comment& comment = comments[next_comment++];
      elements.push_back(Element{.kind = comment.kind == syntax::Comment::Kind::Block
                                             ? ElementKind::BlockComment
                                             : ElementKind::LineComment,
                                 .begin = comment.span.begin,
                                 .end = comment.span.end,
                                 .newlines_before = newlines});
      newlines = 0;
      pos = std::max<size_t>(pos, comment.span.end);
      continue;
    }
    if (size_t space = WhitespaceLength(text, pos); space > 0) {
      newlines += text[pos] == '\n' ? 1 : 0;
      pos += space;
      continue;
    }
    Element token = ScanToken(text, pos);
    // A token never runs into a comment: the lexer ended it there.
    if (next_comment < comments.size() && token.end > comments[next_comment].span.begin) {
      token.end = comments[next_comment].span.begin;
    }
    token.newlines_before = newlines;
    newlines = 0;
    elements.push_back(token);
    pos = token.end;
  }
  return elements;
}

}  // namespace takt::format
