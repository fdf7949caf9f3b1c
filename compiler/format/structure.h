// Where the canonical layout breaks lines, read from the AST: newlines are not significant in
// Takt, so only the parse knows that `measure diameter in mm spec 8.00 ± 0.05` is two clauses.
// Consumes the file's AST and its tokens and comments (syntax::Tokenize); produces, per token,
// whether a declaration or clause starts there, and which brace blocks may print on one line.
#ifndef TAKT_COMPILER_FORMAT_STRUCTURE_H_
#define TAKT_COMPILER_FORMAT_STRUCTURE_H_

#include <span>
#include <string_view>
#include <vector>

#include "compiler/syntax/ast.h"
#include "compiler/syntax/parse.h"

namespace takt::format {

struct Structure {
  // Indexed like the elements: true where a declaration, a clause, a nested declaration, a
  // reaction of a reaction plan or a test step starts.
  std::vector<bool> starts_item;
  // Indexed like the elements: true on the `{` of a block that prints on one line when it
  // holds no comment (`outcome release "…" { release lot }`, `spc_rules x "…" { we1, we2 }`).
  std::vector<bool> inline_block;
};

auto FindStructure(const ast::File& file, std::span<const syntax::SourceToken> elements,
                   std::string_view text) -> Structure;

}  // namespace takt::format

#endif  // TAKT_COMPILER_FORMAT_STRUCTURE_H_
