#include "compiler/driver/executor_source.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

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

auto OpenedExecutor::InputPaths() const -> std::vector<std::string> {
  return executor_path_.empty() ? SourcePaths(sources_) : std::vector<std::string>{executor_path_};
}

// A corrupted executor (a flipped byte, a truncated copy) could crash or, worse, act differently:
// when `takt build` left its metadata beside it, the library must hash to what the metadata
// records before it is loaded. Without metadata there is nothing to check against, which is
// said (a note, not an error: an executor may be deployed alone). Returns kExitOk or the error.
static auto VerifyExecutor(DriverEnv& env, const std::string& path, bool quiet, const DiagnosticsOptions& options)
    -> int {
  const std::string metadata_path = MetadataPath(path);
  // A missing executor is the loader's error to report, without a note about its metadata.
  if (!env.file_system.Exists(path)) {
    return kExitOk;
  }
  if (!env.file_system.Exists(metadata_path)) {
    if (!quiet) {
      env.err << fmt::format("note: no metadata `{}` beside the executor: its SHA-256 is not verified\n",
                             metadata_path);
    }
    return kExitOk;
  }
  std::string error;
  const std::optional<std::string> metadata = env.file_system.ReadFile(metadata_path, error);
  if (!metadata) {
    return ReportCommandError(env, options, kExitUsage, diag::FileNotReadable, metadata_path, error);
  }
  const std::optional<std::string> bytes = env.file_system.ReadFile(path, error);
  if (!bytes) {
    return ReportCommandError(env, options, kExitUsage, diag::FileNotReadable, path, error);
  }
  const std::optional<std::string> recorded = RecordedExecutorSha256(*metadata, error);
  if (!recorded) {
    return ReportCommandError(env, options, kExitUsage, diag::ExecutorNotVerified, path, metadata_path, error);
  }
  const std::string actual = runtime::Sha256Hex(*bytes);
  if (actual != *recorded) {
    return ReportCommandError(env, options, kExitUsage, diag::ExecutorNotVerified, path, metadata_path,
                              fmt::format("its SHA-256 is {}, the metadata records {}", actual, *recorded));
  }
  return kExitOk;
}

auto OpenExecutor(DriverEnv& env, const ExecutorRequest& request, const DiagnosticsOptions& options,
                  OpenedExecutor& opened) -> int {
  if (request.paths.size() == 1 && IsExecutorPath(request.paths[0])) {
    if (request.interp) {
      return ReportUsageError(env, options, request.command, diag::InterpWithExecutor);
    }
    opened.executor_path_ = request.paths[0];
    if (int status = VerifyExecutor(env, opened.executor_path_, request.quiet, options); status != kExitOk) {
      return status;
    }
    std::string error;
    opened.loaded_ = runtime::LoadedExecutor::Load(opened.executor_path_, error);
    if (!opened.loaded_) {
      return ReportCommandError(env, options, kExitUsage, diag::ExecutorNotLoadable, error);
    }
    opened.executor_ = &opened.loaded_->descriptor();
  } else {
    LoadedPlant checked =
        LoadCheckedPlant(env, request.paths, request.include_dirs, options, request.action, opened.sources_);
    if (!checked.plant) {
      return checked.exit_code;
    }
    opened.plant_ = std::move(checked.plant);
#if TAKT_WITH_LLVM
    if (!request.interp) {
      // The native road: compile the plant in-process and load it (driver/native_executor.h).
      diagnostics::Diagnostics build_errors;
      opened.loaded_ = BuildNativeExecutor(*opened.plant_, opened.sources_, build_errors);
      if (!opened.loaded_) {
        diagnostics::DiagnosticBuilder(build_errors, 0)
            .Help("`--interp` runs the plant on the reference interpreter instead");
        return ReportCommandError(env, options, build_errors, kExitErrors);
      }
      opened.executor_ = &opened.loaded_->descriptor();
    }
#else
    if (!request.interp) {
      env.err << "note: this takt was built without LLVM; running the reference interpreter\n";
    }
#endif
    if (opened.executor_ == nullptr) {
      opened.interpreter_ = std::make_unique<interp::Interpreter>(*opened.plant_, opened.sources_);
      opened.executor_ = &opened.interpreter_->descriptor();
    }
  }
  std::string error;
  if (!runtime::ValidateExecutor(*opened.executor_, error)) {
    return ReportCommandError(env, options, kExitUsage, diag::ExecutorNotLoadable, error);
  }
  return kExitOk;
}

auto ReadEventChunks(DriverEnv& env, const std::string& path, const std::function<void(std::string_view)>& feed,
                     std::string& error) -> bool {
  constexpr size_t kChunk = size_t{1} << 20;
  if (path == "-") {
    std::string chunk(kChunk, '\0');
    while (env.in) {
      env.in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      const auto got = static_cast<size_t>(env.in.gcount());
      if (got == 0) {
        break;
      }
      feed(std::string_view(chunk.data(), got));
    }
    return true;
  }
  if (dynamic_cast<base::RealFileSystem*>(&env.file_system) == nullptr) {
    // The tests' in-memory files are small.
    std::optional<std::string> text = env.file_system.ReadFile(path, error);
    if (text) {
      feed(*text);
    }
    return text.has_value();
  }
  std::FILE* in = std::fopen(path.c_str(), "rb");
  if (in == nullptr) {
    error = std::strerror(errno);
    return false;
  }
  std::string chunk(kChunk, '\0');
  bool ok = true;
  while (true) {
    const size_t got = std::fread(chunk.data(), 1, chunk.size(), in);
    if (got > 0) {
      feed(std::string_view(chunk.data(), got));
    }
    if (got < chunk.size()) {
      if (std::ferror(in)) {
        error = std::strerror(errno);
        ok = false;
      }
      break;
    }
  }
  std::fclose(in);
  return ok;
}

}  // namespace takt::driver
