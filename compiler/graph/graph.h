// `takt graph`: the plant's structure as Graphviz DOT, for reviews and shop-floor boards.
// Consumes the checked model only; produces deterministic text (same model, same bytes: node
// ids are declaration names, everything is emitted in declaration order), so a DOT file can be
// committed and diffed. Three views:
// - routing: each routing a cluster of its operations in order, the controls each checks as
//   attached notes, rework loops as back edges labelled `rework max K`;
// - escalation: stop triggers → escalation tiers (with their times) → the roles they reach;
//   recurrences → the cases they open; cases → their timeout escalation along `reports_to`;
// - ownership: the `reports_to` tree of roles, each with the declarations it owns.
// Declarations of `use`d modules are left out, except what the plant's own ones point at.
#ifndef TAKT_COMPILER_GRAPH_GRAPH_H_
#define TAKT_COMPILER_GRAPH_GRAPH_H_

#include <optional>
#include <string>
#include <string_view>

#include "compiler/model/model.h"

namespace takt::graph {

enum class View : uint8_t { Routing, Escalation, Ownership };

auto FindView(std::string_view name) -> std::optional<View>;

auto RenderDot(const model::Plant& plant, View view) -> std::string;

}  // namespace takt::graph

#endif  // TAKT_COMPILER_GRAPH_GRAPH_H_
