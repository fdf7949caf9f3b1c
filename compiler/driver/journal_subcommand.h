// `takt journal JOURNAL (--events | --actions PLANT... | --stats)`: reads the journal of `takt
// serve`, also while it runs. `--events` exports the journaled lines as JSON Lines (what `takt
// run --events` takes), `--actions` re-derives the actions by replaying them through PLANT (with
// the ids serve gives them), `--stats` prints counts, segments and positions as JSON.
#ifndef TAKT_COMPILER_DRIVER_JOURNAL_SUBCOMMAND_H_
#define TAKT_COMPILER_DRIVER_JOURNAL_SUBCOMMAND_H_

#include <string>
#include <vector>

#include "compiler/driver/diagnostics_output.h"
#include "compiler/driver/driver_subcommand.h"

namespace takt::driver {

class JournalSubcommand final : public DriverSubcommand {
 public:
  auto name() const -> std::string_view override { return "journal"; }
  auto summary() const -> std::string_view override {
    return "Export a serve journal's events, re-derive its actions, or print its statistics";
  }
  void DeclareOptions(ArgParser& parser) override;
  auto Run(DriverEnv& env) -> int override;
  auto diagnostics_options() const -> DiagnosticsOptions override { return diagnostics_options_; }

 private:
  std::vector<std::string> paths_;  // The journal, then PLANT for `--actions`.
  std::vector<std::string> include_dirs_;
  bool events_ = false;
  bool actions_ = false;
  bool stats_ = false;
  bool interp_ = false;
  DiagnosticsOptions diagnostics_options_;
};

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_JOURNAL_SUBCOMMAND_H_
