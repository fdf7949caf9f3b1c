// The `takt` command line: `takt <subcommand> [options]`, plus `--help`, `--version` and
// `help <subcommand>`. Parses the subcommand's options with the shared ArgParser and runs it
// against a DriverEnv. main.cpp only builds the real environment and calls RunDriver.
#ifndef TAKT_COMPILER_DRIVER_DRIVER_H_
#define TAKT_COMPILER_DRIVER_DRIVER_H_

#include <span>
#include <string_view>

#include "compiler/driver/driver_env.h"

namespace takt::driver {

// `args` excludes the program name. Returns the process exit code (kExitOk, kExitErrors,
// kExitUsage).
auto RunDriver(std::span<const std::string_view> args, DriverEnv& env) -> int;

// `takt 0.1.0`.
auto VersionString() -> std::string_view;

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_DRIVER_H_
