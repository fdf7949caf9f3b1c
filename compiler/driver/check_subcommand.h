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

 private:
  std::vector<std::string> paths_;
  std::vector<std::string> include_dirs_;
  DiagnosticsOptions diagnostics_options_;
};

// Collects the `.takt` files named by `paths` and adds them to `sources`, in order, each once.
// Unreadable paths, empty directories and invalid UTF-8 are reported as T00xx diagnostics;
// returns false when any was. Shared with the subcommands that read a plant (build, run, test).
auto LoadPlantFiles(DriverEnv& env, std::span<const std::string> paths,
                    source::SourceManager& sources, std::vector<source::FileId>& files,
                    diagnostics::Diagnostics& diagnostics) -> bool;

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_CHECK_SUBCOMMAND_H_
