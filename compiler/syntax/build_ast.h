// Internal to compiler/syntax: turns the parse tree of one declaration into AST values with
// byte spans. Values the grammar cannot check (a time of day `25:00`, a whole number written
// `3.5`) are diagnosed here; a declaration with such a value is dropped, not half-built.
#ifndef TAKT_COMPILER_SYNTAX_BUILD_AST_H_
#define TAKT_COMPILER_SYNTAX_BUILD_AST_H_

#include <optional>
#include <unordered_map>
#include <variant>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/syntax/ast.h"
#include "compiler/syntax/tokens.h"

namespace takt::grammar {
class TaktParser;
}  // namespace takt::grammar

namespace antlr4 {
class ParserRuleContext;
}  // namespace antlr4

namespace takt::syntax {

// Doc comments by the code-point start index of the token they document.
using DocIndex = std::unordered_map<size_t, ast::DocComment>;

// Collects every `///` run and the token it documents.
auto IndexDocComments(const TokenList& tokens) -> DocIndex;

using BuiltDecl = std::variant<ast::PlantHeader, ast::ModuleHeader, ast::Use, ast::Decl>;

// `declaration` is a TaktParser::DeclarationContext. Returns nothing when a value in it was
// diagnosed.
auto BuildDeclaration(const TokenList& tokens, const DocIndex& docs,
                      antlr4::ParserRuleContext* declaration,
                      diagnostics::Diagnostics& diagnostics) -> std::optional<BuiltDecl>;

}  // namespace takt::syntax

#endif  // TAKT_COMPILER_SYNTAX_BUILD_AST_H_
