// What the editor asks about names: where each declaration is and every place that names it.
// Built from the ASTs of the workspace's files (the model resolves references to ids but keeps
// no span per use, and there is no model at all while the plant has errors, which is when an
// author navigates most). Names are matched as the checker matches them: a role where a role is
// expected, a reason path part by part (`unplanned.breakdown.press_jam` names three reasons).
#ifndef TAKT_COMPILER_LSP_INDEX_H_
#define TAKT_COMPILER_LSP_INDEX_H_

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/source/source_manager.h"
#include "compiler/syntax/ast.h"

namespace takt::lsp {

enum class SymbolKind : uint8_t {
  Role,
  Area,
  Line,
  Workcenter,
  Material,
  Product,
  Instruction,
  Routing,
  Control,
  SpcRuleSet,
  Case,
  Outcome,
  Deviation,
  Reason,
  Escalation,
  Recurrence,
  Handover,
  Person,
  Qualification,
};

// The declaration keyword of a kind: `role`, `workcenter`, `reason`.
auto SymbolKindName(SymbolKind kind) -> std::string_view;

struct Symbol {
  SymbolKind kind;
  // As references spell it: a reason by its whole path, an outcome by `case.outcome`.
  std::string name{};
  // The name in its declaration; absent for a name declared outside the workspace (the stdlib's
  // reasons and SPC rule sets) or nowhere (a typo the checker reports).
  std::optional<source::Span> declaration{};
  const ast::DeclHead* head = nullptr;          // Title and doc comment, when declared.
  const ast::Owner* owner = nullptr;            // Its `owner` clause, when it has one.
  const ast::Name* reports_to = nullptr;        // A role's `reports_to`.
  const ast::Control* control = nullptr;        // A control's clauses.
  const ast::Case* case_decl = nullptr;         // A case's outcomes.
};

struct Occurrence {
  source::Span span{};
  uint32_t symbol = 0;
  bool is_declaration = false;
  // A declaration's whole extent (for the outline); the span itself for a reference.
  source::Span extent{};
};

class Index {
 public:
  // `files` must outlive the index: symbols point into them.
  explicit Index(std::span<const ast::File> files);

  auto symbols() const -> const std::vector<Symbol>& { return symbols_; }
  auto symbol(uint32_t id) const -> const Symbol& { return symbols_[id]; }
  auto Find(SymbolKind kind, std::string_view name) const -> std::optional<uint32_t>;
  // The occurrence whose span contains `offset` of `file` (its end included, where a cursor
  // after the last letter stands).
  auto At(source::FileId file, uint32_t offset) const -> const Occurrence*;
  // Every occurrence of `symbol`, its declaration first when it has one, then in source order.
  auto OccurrencesOf(uint32_t symbol) const -> std::vector<Occurrence>;
  // The occurrences in `file`, in source order.
  auto OccurrencesIn(source::FileId file) const -> std::vector<Occurrence>;
  // Every symbol of `kind`, in declaration order.
  auto OfKind(SymbolKind kind) const -> std::vector<uint32_t>;
  // The spans of unit names (`mm` in `8 mm`), for semantic tokens.
  auto units() const -> const std::vector<source::Span>& { return units_; }

 private:
  friend class IndexBuilder;
  auto Intern(SymbolKind kind, std::string name) -> uint32_t;

  std::vector<Symbol> symbols_;
  std::map<std::pair<SymbolKind, std::string>, uint32_t, std::less<>> by_name_;
  std::vector<Occurrence> occurrences_;  // Sorted by span.
  std::vector<source::Span> units_;
};

}  // namespace takt::lsp

#endif  // TAKT_COMPILER_LSP_INDEX_H_
