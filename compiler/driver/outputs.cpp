#include "compiler/driver/outputs.h"

#include "compiler/base/fd_stream.h"
#include "compiler/driver/diagnostics_output.h"

namespace takt::driver {

auto SourcePaths(const source::SourceManager& sources) -> std::vector<std::string> {
  std::vector<std::string> paths;
  for (uint32_t index = 0; index < sources.file_count(); ++index) {
    const source::FileId file{index};
    if (!sources.is_stdlib(file)) {
      paths.push_back(sources.path(file));
    }
  }
  return paths;
}

auto CheckOutputIsNotInput(DriverEnv& env, const DiagnosticsOptions& options, const std::string& output,
                           std::span<const std::string> inputs) -> bool {
  for (const std::string& input : inputs) {
    if (input != "-" && env.file_system.IsSameFile(output, input)) {
      ReportCommandError(env, options, kExitUsage, diag::OutputIsInput, output, input);
      return false;
    }
  }
  return true;
}

auto FinishStdout(DriverEnv& env, int exit_code) -> int {
  if (env.out.flush()) {
    return exit_code;
  }
  // main() gives the driver an FdStreamBuf, which knows the reason; a test's stream may not.
  const auto* buffer = dynamic_cast<const base::FdStreamBuf*>(env.out.rdbuf());
  // Human text: the document formats went to the very stream that failed.
  ReportCommandError(env, DiagnosticsOptions{}, kExitUsage, diag::StdoutLost,
                     buffer != nullptr && !buffer->error().empty() ? buffer->error() : "write error");
  return exit_code == kExitOk ? kExitUsage : exit_code;
}

}  // namespace takt::driver
