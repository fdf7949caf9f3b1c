// Finds and loads the code generator plugin (codegen/backend.h) once per process: beside the
// running executable first (an installed or build-tree `takt`), then where this build put it
// (tests and benchmarks run from other directories).
#ifndef TAKT_COMPILER_DRIVER_CODEGEN_PLUGIN_H_
#define TAKT_COMPILER_DRIVER_CODEGEN_PLUGIN_H_

#include <string>

#include "compiler/codegen/backend.h"

namespace takt::driver {

// Null with `error` saying what was tried when no usable plugin is found.
auto CodegenBackend(std::string& error) -> const codegen::Backend*;

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_CODEGEN_PLUGIN_H_
