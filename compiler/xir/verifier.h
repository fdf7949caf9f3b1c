// Structural checks of an xir module before code generation: operand types, ids in range,
// event fields only under on_event and timer fields only under on_timer, every statement used
// once, no recursion. A failure is a bug in lower/, reported as text, never a user diagnostic.
#ifndef TAKT_COMPILER_XIR_VERIFIER_H_
#define TAKT_COMPILER_XIR_VERIFIER_H_

#include <string>
#include <vector>

#include "compiler/xir/xir.h"

namespace takt::xir {

// Appends one message per problem to `errors`; true when there was none.
auto Verify(const Module& module, std::vector<std::string>& errors) -> bool;

}  // namespace takt::xir

#endif  // TAKT_COMPILER_XIR_VERIFIER_H_
