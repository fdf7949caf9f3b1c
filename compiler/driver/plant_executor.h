// The executor a command runs, from its PLANT arguments (`takt run`, `takt serve`, `takt
// journal --actions`): one native executor `.so` (verified against the metadata `takt build`
// left beside it, then loaded), or the plant's `.takt` files checked and compiled in-process
// (or run on the reference interpreter with `--interp`).
#ifndef TAKT_COMPILER_DRIVER_PLANT_EXECUTOR_H_
#define TAKT_COMPILER_DRIVER_PLANT_EXECUTOR_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/driver/diagnostics_output.h"
#include "compiler/driver/driver_env.h"
#include "compiler/interp/interp.h"
#include "compiler/model/model.h"
#include "compiler/source/source_manager.h"
#include "takt/loader.h"
#include "takt/runtime.h"

namespace takt::driver {

struct PlantExecutorRequest {
  std::string_view command;  // `run`, for the messages.
  const std::vector<std::string>& paths;
  const std::vector<std::string>& include_dirs;
  bool interp = false;
  bool quiet = false;
  const DiagnosticsOptions& diagnostics_options;
};

// Owns whatever the executor lives in. Not movable: the descriptor points into it.
struct PlantExecutor {
  std::unique_ptr<runtime::LoadedExecutor> loaded;
  source::SourceManager sources;
  std::unique_ptr<const model::Plant> plant;
  std::unique_ptr<interp::Interpreter> interpreter;
  const takt_executor* executor = nullptr;
  std::string executor_path;  // PLANT's `.so`; empty when PLANT was sources.
  // What the executor was made from: the `.so`, or every source file (an output must be none).
  auto InputPaths() const -> std::vector<std::string>;
  // Which build runs: the SHA-256 of the `.so`, or for sources of the road and toolchain version
  // (`native takt 0.1.0`), so a journal notices a new toolchain as a new executor.
  std::string executor_sha256;
};

// kExitOk with `out.executor` set and validated, or the exit code after reporting the error.
auto LoadPlantExecutor(DriverEnv& env, const PlantExecutorRequest& request, PlantExecutor& out) -> int;

auto IsExecutorPath(std::string_view path) -> bool;

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_PLANT_EXECUTOR_H_
