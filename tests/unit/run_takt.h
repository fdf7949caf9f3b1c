// Runs the `takt` driver in-process, as main() would, on a given file system: what every
// subcommand test needs, written once.
#ifndef TAKT_TESTS_UNIT_RUN_TAKT_H_
#define TAKT_TESTS_UNIT_RUN_TAKT_H_

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/file_system.h"
#include "compiler/driver/driver.h"

namespace takt::testing {

struct TaktRun {
  int exit_code;
  std::string out;
  std::string err;
};

inline auto RunTakt(std::vector<std::string_view> args, base::FileSystem& file_system,
                    const std::string& stdin_text = "") -> TaktRun {
  std::ostringstream out;
  std::ostringstream err;
  std::istringstream in(stdin_text);
  driver::DriverEnv env{.file_system = file_system, .out = out, .err = err, .in = in, .color = false};
  int exit_code = driver::RunDriver(args, env);
  return TaktRun{.exit_code = exit_code, .out = out.str(), .err = err.str()};
}

// On an empty in-memory file system.
inline auto RunTakt(std::vector<std::string_view> args) -> TaktRun {
  base::InMemoryFileSystem file_system;
  return RunTakt(std::move(args), file_system);
}

// On the real file system, for tests of the repository's own files.
inline auto RunTaktOnDisk(std::vector<std::string_view> args) -> TaktRun {
  base::RealFileSystem file_system;
  return RunTakt(std::move(args), file_system);
}

}  // namespace takt::testing

#endif  // TAKT_TESTS_UNIT_RUN_TAKT_H_
