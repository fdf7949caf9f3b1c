// The native road end to end for one checked plant: lower → codegen → a shared library in a
// temporary file → loaded through the runtime's loader (the file is removed once mapped). Used
// by `takt run` on sources, `takt test`, the differential tests and the benchmarks. Only
// available when the toolchain is built with LLVM (TAKT_WITH_LLVM).
#ifndef TAKT_COMPILER_DRIVER_NATIVE_EXECUTOR_H_
#define TAKT_COMPILER_DRIVER_NATIVE_EXECUTOR_H_

#include <memory>
#include <string>
#include <string_view>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/model/model.h"
#include "compiler/source/source_manager.h"
#include "takt/loader.h"

namespace takt::driver {

// A fresh path in the temporary directory for the linker to write a shared library to.
auto ScratchExecutorPath(std::string_view plant_name) -> std::string;

// Null, with the reason in `errors` (T0018, T0019, T0020 or T0021), when the plant cannot be
// compiled or the result cannot be loaded.
auto BuildNativeExecutor(const model::Plant& plant, const source::SourceManager& sources,
                         diagnostics::Diagnostics& errors) -> std::unique_ptr<runtime::LoadedExecutor>;

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_NATIVE_EXECUTOR_H_
