#include "compiler/driver/outputs.h"

#include <fmt/format.h>

#include "compiler/base/fd_stream.h"

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

auto CheckOutputIsNotInput(DriverEnv& env, const std::string& output, std::span<const std::string> inputs)
    -> bool {
  for (const std::string& input : inputs) {
    if (input != "-" && env.file_system.IsSameFile(output, input)) {
      env.err << fmt::format("error: cannot write `{}`: it is the input `{}`\n", output, input);
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
  env.err << fmt::format("error: cannot write standard output: {}\n",
                         buffer != nullptr && !buffer->error().empty() ? buffer->error() : "write error");
  return exit_code == kExitOk ? kExitUsage : exit_code;
}

}  // namespace takt::driver
