// What `takt run` and `takt replay` (and any command that drives an executor) are given as a
// plant — one native executor `.so`, or the plant's `.takt` files and directories — opened into
// a `takt_executor` the runtime can drive: the `.so` verified against its metadata and loaded,
// or the sources checked and compiled natively (or run on the reference interpreter with
// `--interp`, or when this takt has no LLVM). Also reads an event stream in chunks, whatever
// its source (a file, stdin, the in-memory file system of the tests).
#ifndef TAKT_COMPILER_DRIVER_EXECUTOR_SOURCE_H_
#define TAKT_COMPILER_DRIVER_EXECUTOR_SOURCE_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/driver/diagnostics_output.h"
#include "compiler/driver/driver.h"
#include "compiler/interp/interp.h"
#include "compiler/model/model.h"
#include "compiler/source/source_manager.h"
#include "takt/loader.h"

namespace takt::driver {

struct ExecutorRequest {
  std::vector<std::string> paths;  // One `.so`, or `.takt` files and directories.
  std::vector<std::string> include_dirs;
  bool interp = false;  // Sources on the reference interpreter.
  bool quiet = false;   // No note about an executor without metadata.
  std::string_view command;  // `takt run`: where a usage error sends the reader.
  std::string_view action;   // `run`: the verb of the diagnostics' summary line.
};

// An opened plant. Keeps alive whatever `executor` points into.
class OpenedExecutor {
 public:
  auto executor() const -> const takt_executor& { return *executor_; }
  // The files the executor was made from: the `.so`, or every source file.
  auto InputPaths() const -> std::vector<std::string>;

 private:
  friend auto OpenExecutor(DriverEnv& env, const ExecutorRequest& request, const DiagnosticsOptions& options,
                           OpenedExecutor& opened) -> int;

  std::string executor_path_;  // Of a `.so`; empty for sources.
  source::SourceManager sources_;
  std::unique_ptr<const model::Plant> plant_;
  std::unique_ptr<runtime::LoadedExecutor> loaded_;
  std::unique_ptr<interp::Interpreter> interpreter_;
  const takt_executor* executor_ = nullptr;
};

auto IsExecutorPath(std::string_view path) -> bool;

// kExitOk with `opened` ready, or the exit status after the error was reported.
auto OpenExecutor(DriverEnv& env, const ExecutorRequest& request, const DiagnosticsOptions& options,
                  OpenedExecutor& opened) -> int;

// Calls `feed` with successive chunks of the events at `path` (`-`: the environment's input) to
// the end. False with `error` when they cannot be read (what was fed stays fed).
auto ReadEventChunks(DriverEnv& env, const std::string& path, const std::function<void(std::string_view)>& feed,
                     std::string& error) -> bool;

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_EXECUTOR_SOURCE_H_
