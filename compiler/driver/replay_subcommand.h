// `takt replay --events FILE OLD NEW | --journal FILE NEW [--from T] [--to T] [--format
// text|json|markdown] [--exit-code]`: "what would this change have done on real history?". Runs
// the same events through both versions of a plant (each an executor `.so` or its sources) in
// lockstep, or a serve journal's lines through NEW against what serve delivered for them
// (compiler/replay/delivered_log.h), and prints the action-level difference grouped by rule
// (compiler/replay/action_diff.h). Memory does not
// grow with the history: the runs are compared a chunk of events at a time.
#ifndef TAKT_COMPILER_DRIVER_REPLAY_SUBCOMMAND_H_
#define TAKT_COMPILER_DRIVER_REPLAY_SUBCOMMAND_H_

#include <string>
#include <vector>

#include "compiler/driver/diagnostics_output.h"
#include "compiler/driver/driver_subcommand.h"
#include "compiler/replay/action_diff.h"

namespace takt::driver {

class ReplaySubcommand final : public DriverSubcommand {
 public:
  auto name() const -> std::string_view override { return "replay"; }
  auto summary() const -> std::string_view override {
    return "Run the same events through two versions of a plant and show what the new one would do differently";
  }
  void DeclareOptions(ArgParser& parser) override;
  auto Run(DriverEnv& env) -> int override;

 private:
  auto ReplayJournal(DriverEnv& env, const takt_executor& new_executor, replay::ActionDiff& diff,
                     replay::ReplayTotals& totals) -> int;

  std::vector<std::string> paths_;
  std::vector<std::string> include_dirs_;
  std::string events_;
  std::string journal_;
  std::string delivered_;
  std::string from_;
  std::string to_;
  std::string format_ = "text";
  bool interp_ = false;
  bool exit_code_ = false;
  // `--format` is the difference's format: diagnostics about either plant are human text.
  DiagnosticsOptions diagnostics_options_;
};

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_REPLAY_SUBCOMMAND_H_
