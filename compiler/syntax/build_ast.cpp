#include "compiler/syntax/build_ast.h"

#include <string>
#include <string_view>

#include "compiler/syntax/builder.h"

namespace takt::syntax {

auto IndexDocComments(const TokenList& tokens) -> DocIndex {
  DocIndex docs;
  std::optional<ast::DocComment> pending;
  size_t pending_last_line = 0;
  const antlr4::Token* previous = nullptr;
  for (const LexedToken& lexed : tokens.all()) {
    const antlr4::Token* token = &lexed;
    const size_t type = token->getType();
    if (type == TaktParser::DOC_COMMENT) {
      std::string_view line = tokens.TokenText(token);
      line.remove_prefix(3);
      if (!line.empty() && line.front() == ' ') {
        line.remove_prefix(1);
      }
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
        line.remove_suffix(1);
      }
      const source::Span span = tokens.TokenSpan(token);
      // A run is `///` lines one after the other, nothing between them.
      const bool continues = pending && previous != nullptr &&
                             previous->getType() == TaktParser::DOC_COMMENT &&
                             token->getLine() == pending_last_line + 1;
      if (continues) {
        pending->text += '\n';
        pending->text += line;
        pending->span = source::Cover(pending->span, span);
      } else {
        pending = ast::DocComment{.text = std::string(line), .span = span};
      }
      pending_last_line = token->getLine();
    } else if (token->getChannel() == antlr4::Token::DEFAULT_CHANNEL && pending) {
      docs.emplace(token->getStartIndex(), std::move(*pending));
      pending.reset();
    }
    previous = token;
  }
  return docs;
}

auto Builder::Build(TaktParser::DeclarationContext* d) -> std::optional<BuiltDecl> {
  if (auto* c = d->plant_header()) {
    return BuiltDecl(ast::PlantHeader{
        .head = MakeHead(c, c->name, c->title), .timezone = MakeTitle(c->zone), .span = SpanOf(c)});
  }
  if (auto* c = d->module_header()) {
    return BuiltDecl(ast::ModuleHeader{
        .name = MakeQualified(c->qualified()), .doc = DocFor(c), .span = SpanOf(c)});
  }
  if (auto* c = d->use_decl()) {
    return BuiltDecl(ast::Use{.module = MakeQualified(c->qualified()), .span = SpanOf(c)});
  }
  if (auto* c = d->role_decl()) {
    return BuiltDecl(ast::Decl(BuildRole(c)));
  }
  if (auto* c = d->person_decl()) {
    return BuiltDecl(ast::Decl(BuildPerson(c)));
  }
  if (auto* c = d->qualification_decl()) {
    return BuiltDecl(ast::Decl(BuildQualification(c)));
  }
  if (auto* c = d->shifts_decl()) {
    return BuiltDecl(ast::Decl(BuildShifts(c)));
  }
  if (auto* c = d->area_decl()) {
    return BuiltDecl(ast::Decl(BuildArea(c)));
  }
  if (auto* c = d->item_decl()) {
    return BuiltDecl(ast::Decl(BuildItem(c)));
  }
  if (auto* c = d->instruction_decl()) {
    return BuiltDecl(ast::Decl(BuildInstruction(c)));
  }
  if (auto* c = d->routing_decl()) {
    return BuiltDecl(ast::Decl(BuildRouting(c)));
  }
  if (auto* c = d->control_decl()) {
    return BuiltDecl(ast::Decl(BuildControl(c)));
  }
  if (auto* c = d->spc_rules_decl()) {
    return BuiltDecl(ast::Decl(BuildSpcRules(c)));
  }
  if (auto* c = d->case_decl()) {
    return BuiltDecl(ast::Decl(BuildCase(c)));
  }
  if (auto* c = d->deviation_decl()) {
    return BuiltDecl(ast::Decl(BuildDeviation(c)));
  }
  if (auto* c = d->reasons_decl()) {
    return BuiltDecl(ast::Decl(BuildReasons(c)));
  }
  if (auto* c = d->escalation_decl()) {
    return BuiltDecl(ast::Decl(BuildEscalation(c)));
  }
  if (auto* c = d->recurrence_decl()) {
    return BuiltDecl(ast::Decl(BuildRecurrence(c)));
  }
  if (auto* c = d->handover_decl()) {
    return BuiltDecl(ast::Decl(BuildHandover(c)));
  }
  if (auto* c = d->test_decl()) {
    return BuiltDecl(ast::Decl(BuildTest(c)));
  }
  return std::nullopt;
}

auto BuildDeclaration(const TokenList& tokens, const DocIndex& docs,
                      antlr4::ParserRuleContext* declaration,
                      diagnostics::Diagnostics& diagnostics) -> std::optional<BuiltDecl> {
  auto* d = dynamic_cast<TaktParser::DeclarationContext*>(declaration);
  if (d == nullptr) {
    return std::nullopt;
  }
  Builder builder(tokens, docs, diagnostics);
  std::optional<BuiltDecl> built = builder.Build(d);
  if (builder.failed()) {
    return std::nullopt;
  }
  return built;
}

}  // namespace takt::syntax
