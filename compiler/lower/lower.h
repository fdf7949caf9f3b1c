// Lowering: one checked plant model in, one xir module out, specialised for that plant. Every
// constant of the standard (spec limits, SPC centre and sigma, rule sets, reaction lists, tier
// times, recurrence windows, routings' operation numbers) is baked into the code or into
// constant tables; the state layout (an SPC history per control as long as its longest rule,
// stop state per workcenter, a ring of the last N stop starts per recurrence key, op progress
// per order, held flags per lot, status per case, approvals per deviation) is computed here.
// The semantics are those of docs/runtime.md, the same the reference interpreter (interp/)
// implements directly over the model: the differential tests hold the two roads together.
#ifndef TAKT_COMPILER_LOWER_LOWER_H_
#define TAKT_COMPILER_LOWER_LOWER_H_

#include <string>

#include "compiler/model/model.h"
#include "compiler/source/source_manager.h"
#include "compiler/xir/xir.h"

namespace takt::lower {

// The module is laid out (Module::Layout) and passes xir::Verify. `sources` gives the
// descriptor its source hash (model::SourceSha256); rule positions come from the model.
auto Lower(const model::Plant& plant, const source::SourceManager& sources) -> xir::Module;

}  // namespace takt::lower

#endif  // TAKT_COMPILER_LOWER_LOWER_H_
