// What a subcommand may touch of the outside world. main() builds the real one; tests build one
// over an InMemoryFileSystem and string streams and run the driver in-process, so golden tests
// need neither temporary files nor a subprocess.
#ifndef TAKT_COMPILER_DRIVER_DRIVER_ENV_H_
#define TAKT_COMPILER_DRIVER_DRIVER_ENV_H_

#include <istream>
#include <optional>
#include <ostream>

#include <nlohmann/json.hpp>

#include "compiler/base/file_system.h"

namespace takt::driver {

// Exit codes, the same for every subcommand, so CI can tell a bad plant from a bad call.
inline constexpr int kExitOk = 0;
// The plant (or test, or formatting) has errors.
inline constexpr int kExitErrors = 1;
// The command line was wrong or the input could not be read.
inline constexpr int kExitUsage = 2;

struct DriverEnv {
  base::FileSystem& file_system;
  std::ostream& out;
  std::ostream& err;
  std::istream& in;
  // ANSI colour on `err`; main() sets it when stderr is a terminal and NO_COLOR is unset.
  bool color = false;
  // With `--format json|sarif`, everything the command reports (the plant's diagnostics, then
  // the command's own errors) gathers here and is printed once, as one document, when the
  // command ends (diagnostics_output.h), so a tool always parses exactly one document.
  std::optional<nlohmann::ordered_json> diagnostics_document{};
  // Set by a command that writes its product on stdout (actions, a test report, xir): the
  // diagnostics document then goes to stderr, never into the middle of that product.
  bool stdout_carries_output = false;
};

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_DRIVER_ENV_H_
