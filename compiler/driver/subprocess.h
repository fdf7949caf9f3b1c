// Running a helper program (`git show`, `dot -Tsvg`) with text in and text out. Used only by
// subcommands whose job needs the tool: the stage libraries never start processes.
#ifndef TAKT_COMPILER_DRIVER_SUBPROCESS_H_
#define TAKT_COMPILER_DRIVER_SUBPROCESS_H_

#include <string>
#include <string_view>
#include <vector>

namespace takt::driver {

struct ProcessResult {
  // False when the program could not be started (not installed: `error` says so).
  bool started = false;
  int exit_code = -1;  // The exit status; -1 when killed by a signal.
  std::string out;
  std::string err;
  std::string error;
};

// Runs `argv[0]` (searched in PATH) with `input` on its stdin, collecting stdout and stderr.
auto RunProcess(const std::vector<std::string>& argv, std::string_view input) -> ProcessResult;

// Why a run failed, for a diagnostic's argument: why it could not start, or what it printed on
// stderr without the final newline.
auto FailureText(const ProcessResult& result) -> std::string;

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_SUBPROCESS_H_
