// The checker's state, shared by the per-construct files of check/ (organisation.cpp,
// routing.cpp, control.cpp, cases.cpp, downtime.cpp, tests.cpp, …), as carbon's check/ spreads
// one handler per construct over files around one context.
//
// Two passes over every file (used modules first, then the plant): `Declare` enters each
// declaration into the scope and reserves its slot in the model, so references may point
// forward; `Define` resolves and checks each declaration and fills its slot. A reference that
// fails to resolve yields one diagnostic and an invalid id; checks that depend on it stay
// silent, so one mistake gives one diagnostic.
#ifndef TAKT_COMPILER_CHECK_CHECKER_H_
#define TAKT_COMPILER_CHECK_CHECKER_H_

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/base/file_system.h"
#include "compiler/check/check.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/model/model.h"
#include "compiler/syntax/ast.h"

namespace takt::check {

enum class SymbolKind : uint8_t {
  Role, Area, Line, Workcenter, Material, Product, Instruction, Routing, Control, SpcRuleSet,
  Case, Deviation, Escalation, Recurrence, Handover, Person, Qualification
};

auto SymbolKindName(SymbolKind kind) -> std::string_view;

struct Symbol {
  SymbolKind kind;
  uint32_t index = 0;
  source::Span span;
  // Index into Checker::modules_ of the declaring module; -1 for the plant's own files.
  int module = -1;
  bool used = false;
};

// One file taking part in the compilation: a plant file or a module file.
struct Unit {
  const ast::File* file = nullptr;
  int module = -1;
};

struct Module {
  std::string name;
  std::unique_ptr<ast::File> parsed;  // Null for modules given as plant inputs.
  const ast::File* file = nullptr;
  source::Span use_span;  // The first `use` that loaded it.
  bool used = false;      // Some declaration of it was referenced.
};

class Checker {
 public:
  Checker(source::SourceManager& sources, base::FileSystem& file_system, const Options& options,
          diagnostics::Diagnostics& diagnostics);

  auto Run(std::span<const ast::File> files) -> std::unique_ptr<const model::Plant>;

  // ---- Shared services for the per-construct files. ----
  auto diags() -> diagnostics::Diagnostics& { return diagnostics_; }
  auto plant() -> model::Plant& { return *plant_; }

  // Resolves a name to a declaration of `kind`; on failure reports unknown name (with a
  // "did you mean") or wrong kind, and returns nullopt.
  auto Resolve(const ast::Name& name, SymbolKind kind) -> std::optional<uint32_t>;
  auto ResolveRole(const ast::Name& name) -> model::RoleId;
  auto ResolveOwner(const std::optional<ast::Owner>& owner, std::string_view what,
                    const ast::DeclHead& head) -> model::RoleId;
  auto ResolveReason(const ast::QualifiedName& path) -> std::optional<model::ReasonId>;

  // Quantities: resolves the unit and checks its dimension; nullopt after a diagnostic.
  auto CheckQuantity(const ast::Quantity& quantity, model::Dimension expected)
      -> std::optional<model::Quantity>;
  // A strictly positive duration in milliseconds.
  auto CheckDuration(const ast::Quantity& quantity) -> std::optional<int64_t>;
  // A unit by symbol. An unknown one is reported with a "did you mean" among the units of the
  // `expected` dimensions (any unit when none is expected).
  auto ResolveUnit(const ast::Name& unit, std::initializer_list<model::Dimension> expected = {})
      -> std::optional<model::UnitId>;

  auto SpecUnit(const ast::Spec& spec, std::optional<model::UnitId> unit) -> std::optional<model::UnitId>;

  auto AddClause(std::string rule, source::Span span) -> model::ClauseId;
  // Adds `name` to the descriptor's `evidence` or `fields` table unless it is there already;
  // past model::kMaxRequiredNames, T0220.
  void AddRequiredName(std::vector<std::string>& table, const ast::Name& name, std::string_view what);
  // Checks a reaction used in `context` (reaction_kind.def says which reactions fit where).
  auto CheckReaction(const ast::Reaction& reaction, const std::string& rule, base::ReactionContext context)
      -> std::optional<model::Reaction>;
  auto CheckReactions(const std::vector<ast::Reaction>& reactions, const std::string& rule,
                      base::ReactionContext context) -> std::vector<model::Reaction>;
  // Qualified name of a declaration: plain in the plant, `module.name` in a module.
  auto QualifiedName(const ast::Name& name, int module) const -> std::string;
  auto FillNamed(model::Named& named, const ast::DeclHead& head, int module) -> void;
  auto current_module() const -> int { return current_module_; }
  // The model slot of the declaration `head` names; nullopt for a duplicate (reported in pass
  // one), whose body is then not checked again.
  auto OwnSlot(const ast::DeclHead& head, SymbolKind kind) const -> std::optional<uint32_t>;
  // A plant reference to a module's reason makes that module used (for T0803).
  void NoteReasonUse(model::ReasonId reason);

 private:
  // modules.cpp
  void LoadModules(std::span<const ast::File> files);
  void LoadModule(const ast::Use& use, std::vector<std::string>& stack);
  auto FindModuleSource(const std::string& name, std::string& shown_path) -> std::optional<std::string>;

  // declare.cpp
  void DeclareAll();
  void Declare(const ast::Decl& decl, int module);
  auto EnterSymbol(const ast::Name& name, SymbolKind kind, uint32_t index, int module) -> bool;
  void DeclareReasons(const ast::Reasons& reasons, int module);
  void DeclareReason(const ast::Reason& reason, model::ReasonId parent, int module);

  // Per construct (organisation.cpp, routing.cpp, control.cpp, cases.cpp, downtime.cpp, tests.cpp).
  void Define(const ast::Decl& decl);
  void DefineRole(const ast::Role& role);
  void DefinePerson(const ast::Person& person);
  void CheckReportsToCycles();
  void DefineShifts(const ast::Shifts& shifts);
  auto CheckBreaks(const ast::Shift& shift, int64_t shift_ms) -> std::vector<model::ShiftBreak>;
  void DefineArea(const ast::Area& area);
  void DefineItem(const ast::Item& item);
  void DefineInstruction(const ast::Instruction& instruction);
  void DefineRouting(const ast::Routing& routing);
  void DefineControl(const ast::Control& control);
  void CheckControlReactions();
  void DefineCase(const ast::Case& kase);
  void DefineDeviation(const ast::Deviation& deviation);
  void DefineReasons(const ast::Reasons& reasons);
  void DefineReason(const ast::Reason& reason, model::ReasonId parent,
                    std::optional<model::RoleId> inherited_owner, bool from_module);
  void CheckShiftClausesHaveShifts();
  // The plant's `timezone` names a zone of the tz database (plant_time.cpp).
  void CheckTimezone(const ast::StringLit& zone);
  void DefineEscalation(const ast::Escalation& escalation);
  void DefineRecurrence(const ast::Recurrence& recurrence);
  void DefineHandover(const ast::Handover& handover);
  void DefineTest(const ast::Test& test);
  auto TestStepMinute(const ast::TestTime& at, std::optional<int32_t> previous) -> std::optional<int32_t>;
  auto CheckTrigger(const ast::StopTrigger& trigger) -> std::optional<model::StopTrigger>;
  void CheckEscalateUpChains();
  auto DefineSignature(const ast::Signature& signature, const std::string& rule) -> model::Signature;
  void CheckSignaturesHaveRoster();
  void ReportUnused();

  source::SourceManager& sources_;
  base::FileSystem& file_system_;
  const Options& options_;
  diagnostics::Diagnostics& diagnostics_;
  std::unique_ptr<model::Plant> plant_;

  std::vector<Module> modules_;
  std::map<std::string, int> module_index_;
  std::vector<Unit> units_;  // Modules first (dependencies before dependants), then the plant.

  // Unqualified names: plant declarations shadow module ones. Qualified module names too.
  std::unordered_map<std::string, Symbol> scope_;
  std::unordered_map<std::string, std::vector<Symbol>> module_scope_;
  std::unordered_map<std::string, model::ReasonId> reason_paths_;
  std::vector<int> reason_module_;  // Declaring module of each reason, -1 for the plant.
  std::map<std::string, std::vector<model::SpcRule>> spc_rule_sets_;
  std::vector<std::vector<model::SpcRule>> spc_rule_set_values_;
  std::vector<const ast::Control*> control_asts_;
  std::vector<const ast::Case*> case_asts_;
  // Spans of the `escalate up` clauses, checked once reports_to is known.
  std::vector<std::pair<model::CaseId, source::Span>> escalate_up_;
  // Spans of the `signature` clauses, checked once the roster is known.
  std::vector<source::Span> signatures_;
  std::map<std::string, source::Span> test_names_;
  int current_module_ = -1;
  // Set when a `use` could not be loaded: unknown names are then not reported, since they may
  // be declared by the missing module.
  bool import_failed_ = false;
  // Names declared more than once (T0202): a reference of another kind to them is not reported
  // again as a wrong kind of name.
  std::set<std::string> duplicated_names_;
  // Materials and products (by SymbolKind and index) whose `unit` is unknown (T0301): the checks
  // of consumptions and `per` units that depend on it stay silent.
  std::set<std::pair<SymbolKind, uint32_t>> items_without_unit_;
  // Set when a routing operation's workcenter or `check` did not resolve: which controls are
  // checked by a routing is then unknown, so T0606 is not reported.
  bool routing_checks_incomplete_ = false;
  const ast::File* plant_file_ = nullptr;
};

// Renders a number the way users write it: `8.05`, `180`, `0.012`.
auto FormatNumber(double value) -> std::string;

}  // namespace takt::check

#endif  // TAKT_COMPILER_CHECK_CHECKER_H_
