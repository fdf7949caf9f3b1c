// The interface every subcommand implements: it declares its options (bound to its own members)
// and runs. Subcommands are thin: options, one call into a stage library, rendering. The list
// of subcommands is written once, in driver.cpp; there is no self-registration.
#ifndef TAKT_COMPILER_DRIVER_DRIVER_SUBCOMMAND_H_
#define TAKT_COMPILER_DRIVER_DRIVER_SUBCOMMAND_H_

#include <string_view>

#include "compiler/driver/arg_parser.h"
#include "compiler/driver/diagnostics_output.h"
#include "compiler/driver/driver_env.h"

namespace takt::driver {

class DriverSubcommand {
 public:
  virtual ~DriverSubcommand() = default;
  // The word after `takt`.
  virtual auto name() const -> std::string_view = 0;
  // One line for `takt --help` and the head of `takt <name> --help`.
  virtual auto summary() const -> std::string_view = 0;
  // Called once before Run; binds flags and positionals to members of the subcommand.
  virtual void DeclareOptions(ArgParser& parser) = 0;
  // Runs with the options parsed; returns the exit code.
  virtual auto Run(DriverEnv& env) -> int = 0;
  // How this command reports diagnostics (`--format`), as far as the command line was parsed:
  // a usage error after `--format json` is a JSON document too. Human text by default.
  virtual auto diagnostics_options() const -> DiagnosticsOptions { return {}; }
};

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_DRIVER_SUBCOMMAND_H_
