// `takt run PLANT... --events FILE|- [--interp] [-o FILE] [-I DIR]... [--summary]`: runs a plant
// over a JSONL event stream and writes the JSONL actions (docs/runtime.md). PLANT is either one
// native executor (`.so`, loaded through the runtime's loader) or the plant's `.takt` files and
// directories, which are checked and run on the reference interpreter (`--interp`; until native
// executors can be built from sources, also the default, with a note). Rejected events are
// actions, not errors: the exit code is 0 once the plant and the events could be read.
#ifndef TAKT_COMPILER_DRIVER_RUN_SUBCOMMAND_H_
#define TAKT_COMPILER_DRIVER_RUN_SUBCOMMAND_H_

#include <string>
#include <vector>

#include "compiler/driver/diagnostics_output.h"
#include "compiler/driver/driver_subcommand.h"

namespace takt::driver {

class RunSubcommand final : public DriverSubcommand {
 public:
  auto name() const -> std::string_view override { return "run"; }
  auto summary() const -> std::string_view override {
    return "Run a plant (executor or sources) over JSONL events and print the actions";
  }
  void DeclareOptions(ArgParser& parser) override;
  auto Run(DriverEnv& env) -> int override;
  auto diagnostics_options() const -> DiagnosticsOptions override { return diagnostics_options_; }

 private:
  std::vector<std::string> paths_;
  std::vector<std::string> include_dirs_;
  std::vector<std::string> outputs_;
  std::string events_;
  bool interp_ = false;
  bool quiet_ = false;
  DiagnosticsOptions diagnostics_options_;
};

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_RUN_SUBCOMMAND_H_
