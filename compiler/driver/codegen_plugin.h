// Finds and loads the code generator plugin (codegen/backend.h) once per process: beside the
// running executable first (an installed or build-tree `takt`), then where this build put it
// (tests and benchmarks run from other directories).
#ifndef TAKT_COMPILER_DRIVER_CODEGEN_PLUGIN_H_
#define TAKT_COMPILER_DRIVER_CODEGEN_PLUGIN_H_

#include "compiler/codegen/backend.h"
#include "compiler/diagnostics/diagnostic.h"

namespace takt::driver {

// Null, with T0019 listing what was tried in `errors`, when no usable plugin is found.
auto CodegenBackend(diagnostics::Diagnostics& errors) -> const codegen::Backend*;

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_CODEGEN_PLUGIN_H_
