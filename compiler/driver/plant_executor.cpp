#include "compiler/driver/plant_executor.h"

#include <fmt/format.h>

#include "compiler/driver/driver.h"
#include "compiler/driver/executor_metadata.h"
#include "compiler/driver/native_executor.h"
#include "compiler/driver/outputs.h"
#include "compiler/driver/plant_loader.h"
#include "takt/session.h"
#include "takt/sha256.h"

namespace takt::driver {

auto IsExecutorPath(std::string_view path) -> bool {
  return path.ends_with(".so") || path.find(".so.") != std::string_view::npos;
}

// A corrupted executor (a flipped byte, a truncated copy) could crash or, worse, act differently:
// when `takt build` left its metadata beside it, the library must hash to what the metadata
// records before it is loaded. Without metadata there is nothing to check against, which is
// said (a note, not an error: an executor may be deployed alone). Returns kExitOk or the error;
// `sha256` receives the library's hash when it could be read.
static auto VerifyExecutor(DriverEnv& env, const std::string& path, bool quiet, const DiagnosticsOptions& options,
                           std::string& sha256) -> int {
  const std::string metadata_path = MetadataPath(path);
  // A missing executor is the loader's error to report, without a note about its metadata.
  if (!env.file_system.Exists(path)) {
    return kExitOk;
  }
  std::string error;
  const std::optional<std::string> bytes = env.file_system.ReadFile(path, error);
  if (!bytes) {
    return ReportCommandError(env, options, kExitUsage, diag::FileNotReadable, path, error);
  }
  sha256 = runtime::Sha256Hex(*bytes);
  if (!env.file_system.Exists(metadata_path)) {
    if (!quiet && options.human()) {
      env.err << fmt::format("note: no metadata `{}` beside the executor: its SHA-256 is not verified\n",
                             metadata_path);
    }
    return kExitOk;
  }
  const std::optional<std::string> metadata = env.file_system.ReadFile(metadata_path, error);
  if (!metadata) {
    return ReportCommandError(env, options, kExitUsage, diag::FileNotReadable, metadata_path, error);
  }
  const std::optional<std::string> recorded = RecordedExecutorSha256(*metadata, error);
  if (!recorded) {
    return ReportCommandError(env, options, kExitUsage, diag::ExecutorNotVerified, path, metadata_path, error);
  }
  if (sha256 != *recorded) {
    return ReportCommandError(env, options, kExitUsage, diag::ExecutorNotVerified, path, metadata_path,
                              fmt::format("its SHA-256 is {}, the metadata records {}", sha256, *recorded));
  }
  return kExitOk;
}

auto PlantExecutor::InputPaths() const -> std::vector<std::string> {
  return executor_path.empty() ? SourcePaths(sources) : std::vector<std::string>{executor_path};
}

auto LoadPlantExecutor(DriverEnv& env, const PlantExecutorRequest& request, PlantExecutor& out) -> int {
  const DiagnosticsOptions& options = request.diagnostics_options;
  const std::string usage_command = fmt::format("takt {}", request.command);
  if (request.paths.size() == 1 && IsExecutorPath(request.paths[0])) {
    out.executor_path = request.paths[0];
  }
  std::string error;
  if (!out.executor_path.empty()) {
    if (request.interp) {
      return ReportUsageError(env, options, usage_command, diag::InterpWithExecutor);
    }
    if (int status = VerifyExecutor(env, request.paths[0], request.quiet, options, out.executor_sha256);
        status != kExitOk) {
      return status;
    }
    out.loaded = runtime::LoadedExecutor::Load(request.paths[0], error);
    if (!out.loaded) {
      return ReportCommandError(env, options, kExitUsage, diag::ExecutorNotLoadable, error);
    }
    out.executor = &out.loaded->descriptor();
  } else {
    LoadedPlant checked =
        LoadCheckedPlant(env, request.paths, request.include_dirs, options, request.command, out.sources);
    if (!checked.plant) {
      return checked.exit_code;
    }
    out.plant = std::move(checked.plant);
#if TAKT_WITH_LLVM
    if (!request.interp) {
      // The native road: compile the plant in-process and load it (driver/native_executor.h).
      diagnostics::Diagnostics build_errors;
      out.loaded = BuildNativeExecutor(*out.plant, out.sources, build_errors);
      if (!out.loaded) {
        diagnostics::DiagnosticBuilder(build_errors, 0)
            .Help("`--interp` runs the plant on the reference interpreter instead");
        return ReportCommandError(env, options, build_errors, kExitErrors);
      }
      out.executor = &out.loaded->descriptor();
      out.executor_sha256 = runtime::Sha256Hex(fmt::format("native {}", VersionString()));
    }
#else
    if (!request.interp) {
      env.err << "note: this takt was built without LLVM; running the reference interpreter\n";
    }
#endif
    if (out.executor == nullptr) {
      out.interpreter = std::make_unique<interp::Interpreter>(*out.plant, out.sources);
      out.executor = &out.interpreter->descriptor();
      out.executor_sha256 = runtime::Sha256Hex(fmt::format("interp {}", VersionString()));
    }
  }
  if (!runtime::ValidateExecutor(*out.executor, error)) {
    return ReportCommandError(env, options, kExitUsage, diag::ExecutorNotLoadable, error);
  }
  return kExitOk;
}

}  // namespace takt::driver
