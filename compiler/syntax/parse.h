// The only entry point into ANTLR: source text in, AST out. Syntax errors become diagnostics
// (T01xx) with one clear message per mistake; the parser recovers at declaration boundaries so
// independent mistakes are all reported, and drops a declaration it could not make sense of
// rather than handing half of it to the checker (which would cascade).
#ifndef TAKT_COMPILER_SYNTAX_PARSE_H_
#define TAKT_COMPILER_SYNTAX_PARSE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/source/source_manager.h"
#include "compiler/syntax/ast.h"

namespace takt::syntax {

auto Parse(const source::SourceManager& sources, source::FileId file,
           diagnostics::Diagnostics& diagnostics) -> ast::File;

// A comment in the source, for the formatter: `//`, `/* */` or `///` (doc) comments.
struct Comment {
  enum class Kind : uint8_t { Line, Block, Doc };
  Kind kind;
  source::Span span;
};

// Every comment of a file in source order (the parser keeps them off the token stream).
auto Comments(const source::SourceManager& sources, source::FileId file) -> std::vector<Comment>;

// A token as tools that only move whitespace see it (the formatter): where the lexer cut, a
// coarse class instead of the parser's token type (which would bring ANTLR along), and the line
// breaks before it. There is one lexer: these are its tokens, comments included.
enum class TokenClass : uint8_t {
  Word,       // A name, keyword or unit (ID, a keyword, UNIT_SYM).
  Number,     // `8.00`, `12`
  Time,       // `06:00`
  String,     // `"Release the lot"`, or one without its closing quote.
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

struct SourceToken {
  TokenClass kind;
  uint32_t begin = 0;
  uint32_t end = 0;
  // Line breaks in the whitespace between the previous token (or the start of the text) and
  // this one: 0 on the same line, 1 on the next line, 2 or more after a blank line.
  uint32_t newlines_before = 0;

  auto is_comment() const -> bool {
    return kind == TokenClass::LineComment || kind == TokenClass::BlockComment;
  }
};

// Every token of `text` in source order, comments included. Lexing never fails.
auto Tokenize(std::string_view text) -> std::vector<SourceToken>;

// Whether `word` is one of Takt's (soft) keywords, for tools that colour a Word token.
auto IsKeyword(std::string_view word) -> bool;

}  // namespace takt::syntax

#endif  // TAKT_COMPILER_SYNTAX_PARSE_H_
