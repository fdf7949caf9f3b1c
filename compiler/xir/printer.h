// The text form of xir (docs/xir.md), printed by `takt build --emit=xir`. Deterministic: the same
// module prints the same bytes, so golden tests can check it.
#ifndef TAKT_COMPILER_XIR_PRINTER_H_
#define TAKT_COMPILER_XIR_PRINTER_H_

#include <string>

#include "compiler/xir/xir.h"

namespace takt::xir {

auto Print(const Module& module) -> std::string;

}  // namespace takt::xir

#endif  // TAKT_COMPILER_XIR_PRINTER_H_
