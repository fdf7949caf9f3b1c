// The formatter's view of a file: its tokens and comments, in source order, each with the
// number of line breaks in the whitespace before it. The formatter only ever moves whitespace,
// so it needs token boundaries and a coarse class, not the parser's token types: this keeps
// ANTLR (compiler/syntax/tokens.h is internal to syntax/) out of compiler/format/. Comments come
// from syntax::Comments, the lexer's own list; the text between them is split here exactly as
// the grammar's lexer rules split it (tests/unit/format/scan_test.cpp compares the two).
#ifndef TAKT_COMPILER_FORMAT_SCAN_H_
#define TAKT_COMPILER_FORMAT_SCAN_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "compiler/syntax/parse.h"

namespace takt::format {

enum class ElementKind : uint8_t {
  Word,       // A name, keyword or unit (ID or UNIT_SYM).
  Number,     // `8.00`, `12`
  Time,       // `06:00`
  String,     // `"Release the lot"`
  LeftBrace,
  RightBrace,
  Comma,
  Dot,
  DotDot,
  PlusMinus,  // `±` or `+/-`
  Plus,
  Minus,
  Other,      // A character no token rule accepts; only in files that do not parse.
  LineComment,  // `//` and `///`: runs to the end of its line.
  BlockComment,
};

struct Element {
  ElementKind kind;
  uint32_t begin = 0;
  uint32_t end = 0;
  // Line breaks in the whitespace between the previous element (or the start of the file) and
  // this one: 0 on the same line, 1 on the next line, 2 or more after a blank line.
  uint32_t newlines_before = 0;

  auto is_comment() const -> bool {
    return kind == ElementKind::LineComment || kind == ElementKind::BlockComment;
  }
};

// Splits `text` into elements. `comments` are the file's comments in source order.
auto Scan(std::string_view text, std::span<const syntax::Comment> comments) -> std::vector<Element>;

}  // namespace takt::format

#endif  // TAKT_COMPILER_FORMAT_SCAN_H_
