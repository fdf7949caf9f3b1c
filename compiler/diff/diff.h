// `takt diff`: the semantic difference of two checked plant models, what a reviewer needs to
// know about a change ("control hole_diameter: usl 8.05 mm → 8.04 mm") rather than which lines
// moved. Consumes two model::Plant values only: spans, comments, doc comments and layout are
// not compared, so a formatting-only change is an empty diff. Declarations are matched by kind
// and qualified name (a rename is a removal and an addition); declarations of `use`d modules
// are not compared, the list of used modules is.
#ifndef TAKT_COMPILER_DIFF_DIFF_H_
#define TAKT_COMPILER_DIFF_DIFF_H_

#include <string>
#include <vector>

#include "compiler/model/model.h"

namespace takt::diff {

// One compared property of a declaration: `usl`, `owner`, `op 20 workcenter`, `tier 2`.
struct FieldChange {
  std::string field;
  std::string before;  // `none` when the property is absent.
  std::string after;
  bool is_owner = false;
};

struct Change {
  enum class Kind : uint8_t { Added, Removed, Changed };
  Kind kind;
  std::string decl_kind;  // `control`, `routing`, …
  std::string name;
  // Changed: the property changes, in declaration order. Parts of a declaration that exist on
  // one side only (an operation, a tier, an outcome) read `op 25 added` / `op 25 removed`.
  std::vector<FieldChange> fields = {};
  std::vector<std::string> parts_added = {};
  std::vector<std::string> parts_removed = {};
  // What else a change reaches: `routing bracket_a_std op 10 stamp (press_01)` for a control.
  std::vector<std::string> impact = {};
};

struct PlantDiff {
  std::string before_plant;
  std::string after_plant;
  // Grouped by declaration kind (roles, shifts, …, tests); within a kind in the new plant's order,
  // removed declarations last.
  std::vector<Change> changes;
  auto empty() const -> bool { return changes.empty(); }
};

auto DiffPlants(const model::Plant& before, const model::Plant& after) -> PlantDiff;

auto ChangeKindName(Change::Kind kind) -> std::string_view;

// `no semantic changes` when empty; otherwise one line per fact and a summary line.
auto RenderText(const PlantDiff& diff) -> std::string;
auto RenderJson(const PlantDiff& diff) -> std::string;
// For a pull-request comment.
auto RenderMarkdown(const PlantDiff& diff) -> std::string;

}  // namespace takt::diff

#endif  // TAKT_COMPILER_DIFF_DIFF_H_
