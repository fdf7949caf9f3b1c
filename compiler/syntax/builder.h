// Internal to compiler/syntax: the converter of one declaration's parse tree into AST values,
// shared by the build_*.cpp files, one per construct (organisation, routing, control, cases,
// downtime, tests), as check/ splits its passes. build_values.cpp holds the helpers every
// construct uses (names, numbers, quantities, times, reactions); build_ast.cpp the dispatch.
// Includes the ANTLR-generated parser: only syntax/ may include this header.
#ifndef TAKT_COMPILER_SYNTAX_BUILDER_H_
#define TAKT_COMPILER_SYNTAX_BUILDER_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <antlr4-runtime.h>

#include "TaktParser.h"
#include "compiler/syntax/build_ast.h"

namespace takt::syntax {

using grammar::TaktParser;

// One declaration's conversion. Diagnoses values the grammar lets through and remembers that
// it did, so the caller drops the declaration.
class Builder {
 public:
  Builder(const TokenList& tokens, const DocIndex& docs, diagnostics::Diagnostics& diagnostics)
      : tokens_(tokens), docs_(docs), diagnostics_(diagnostics) {}

  auto failed() const -> bool { return failed_; }

  auto Build(TaktParser::DeclarationContext* d) -> std::optional<BuiltDecl>;

 private:
  // build_values.cpp
  auto SpanOf(antlr4::ParserRuleContext* ctx) const -> source::Span;
  auto SpanOf(const antlr4::Token* token) const -> source::Span {
    return tokens_.TokenSpan(token);
  }
  auto TextOf(const antlr4::Token* token) const -> std::string {
    return std::string(tokens_.TokenText(token));
  }
  auto DocFor(antlr4::ParserRuleContext* ctx) const -> std::optional<ast::DocComment>;

  auto MakeName(TaktParser::IdentContext* ident) const -> ast::Name;
  auto MakeName(antlr4::ParserRuleContext* word) const -> ast::Name;
  auto MakeNames(TaktParser::Name_listContext* list) const -> std::vector<ast::Name>;
  auto MakeQualified(TaktParser::QualifiedContext* q) const -> ast::QualifiedName;
  auto MakeString(TaktParser::TextContext* text) const -> ast::StringLit;
  auto MakeTitle(TaktParser::TextContext* text) const -> std::optional<ast::StringLit>;
  auto MakeNumber(TaktParser::NumberContext* number) -> ast::Number;
  auto MakeNumber(const antlr4::Token* token) -> ast::Number;
  auto MakeInteger(TaktParser::IntegerContext* integer) -> ast::Integer;
  auto MakeQuantity(TaktParser::QuantityContext* quantity) -> ast::Quantity;
  auto MakeUnit(TaktParser::UnitContext* unit) const -> ast::Name;
  auto MakeTime(const antlr4::Token* token) -> ast::TimeOfDay;
  auto MakeDate(const antlr4::Token* token) -> ast::Date;
  auto MakeOwner(TaktParser::OwnerContext* owner) const -> std::optional<ast::Owner>;
  auto MakeHead(antlr4::ParserRuleContext* decl, TaktParser::IdentContext* name,
                TaktParser::TextContext* title) const -> ast::DeclHead;
  auto MakeReaction(TaktParser::ReactionContext* r) const -> ast::Reaction;
  auto MakeTrigger(TaktParser::QualifiedContext* q) const -> ast::StopTrigger;
  // A clause that may appear once per block: reports T0210 at a repetition (the block is then
  // an error, so which of the two the AST keeps does not matter).
  using ClausesSeen = std::vector<std::pair<std::string_view, source::Span>>;
  void NoteClause(ClausesSeen& seen, std::string_view clause, antlr4::ParserRuleContext* context);

  // build_organisation.cpp
  auto BuildRole(TaktParser::Role_declContext* c) -> ast::Role;
  auto BuildPerson(TaktParser::Person_declContext* c) -> ast::Person;
  auto BuildQualification(TaktParser::Qualification_declContext* c) -> ast::Qualification;
  auto BuildShifts(TaktParser::Shifts_declContext* c) -> ast::Shifts;
  auto BuildArea(TaktParser::Area_declContext* c) -> ast::Area;
  auto BuildItem(TaktParser::Item_declContext* c) -> ast::Item;
  auto BuildInstruction(TaktParser::Instruction_declContext* c) -> ast::Instruction;
  // build_routing.cpp
  auto BuildRouting(TaktParser::Routing_declContext* c) -> ast::Routing;
  auto BuildOperation(TaktParser::OperationContext* c) -> ast::Operation;
  // build_control.cpp
  auto BuildControl(TaktParser::Control_declContext* c) -> ast::Control;
  auto BuildSpcRules(TaktParser::Spc_rules_declContext* c) -> ast::SpcRuleSet;
  // build_cases.cpp
  auto BuildCase(TaktParser::Case_declContext* c) -> ast::Case;
  auto BuildDeviation(TaktParser::Deviation_declContext* c) -> ast::Deviation;
  auto MakeSignature(TaktParser::Signature_clauseContext* c) const -> ast::Signature;
  auto BuildHandover(TaktParser::Handover_declContext* c) -> ast::Handover;
  // build_downtime.cpp
  auto BuildReasons(TaktParser::Reasons_declContext* c) -> ast::Reasons;
  auto BuildReason(TaktParser::Reason_declContext* c) -> ast::Reason;
  auto BuildEscalation(TaktParser::Escalation_declContext* c) -> ast::Escalation;
  auto BuildRecurrence(TaktParser::Recurrence_declContext* c) -> ast::Recurrence;
  // build_tests.cpp
  auto BuildTest(TaktParser::Test_declContext* c) -> ast::Test;

  const TokenList& tokens_;
  const DocIndex& docs_;
  diagnostics::Diagnostics& diagnostics_;
  bool failed_ = false;
};

}  // namespace takt::syntax

#endif  // TAKT_COMPILER_SYNTAX_BUILDER_H_
