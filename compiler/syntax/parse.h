// The only entry point into ANTLR: source text in, AST out. Syntax errors become diagnostics
// (T01xx) with one clear message per mistake; the parser recovers at declaration boundaries so
// independent mistakes are all reported, and drops a declaration it could not make sense of
// rather than handing half of it to the checker (which would cascade).
#ifndef TAKT_COMPILER_SYNTAX_PARSE_H_
#define TAKT_COMPILER_SYNTAX_PARSE_H_

#include <string>
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

}  // namespace takt::syntax

#endif  // TAKT_COMPILER_SYNTAX_PARSE_H_
