// `takt check [PATHS]... [-I DIR]... [--format human|json|sarif] [--werror]`: reads the plant's
// files (directories recursively, sorted; no path means `.`), parses every file, and runs the
// checker when no file had a syntax error (so one mistake gives one diagnostic, not a cascade).
// Exit 0 when clean (warnings allowed), 1 on errors, 2 when the input cannot be read.
#ifndef TAKT_COMPILER_DRIVER_CHECK_SUBCOMMAND_H_
#define TAKT_COMPILER_DRIVER_CHECK_SUBCOMMAND_H_

#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/driver/diagnostics_output.h"
#include "compiler/driver/driver_subcommand.h"
#include "compiler/source/source_manager.h"

namespace takt::driver {

class CheckSubcommand final : public DriverSubcommand {
 public:
  auto name() const -> std::string_view override { return "check"; }
  auto summary() const -> std::string_view override {
    return "Check a plant: parse its files, resolve names and verify every rule";
  }
  void DeclareOptions(ArgParser& parser) override;
  auto Run(DriverEnv& env) -> int override;
  auto diagnostics_options() const -> DiagnosticsOptions override { return diagnostics_options_; }

 private:
  std::vector<std::string> paths_;
  std::vector<std::string> include_dirs_;
  DiagnosticsOptions diagnostics_options_;
};


}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_CHECK_SUBCOMMAND_H_
