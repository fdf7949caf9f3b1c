// `takt report PLANT… (--events FILE | --journal FILE) [--from T] [--to T] -o REPORT.html
// [--data DATA.json]`: what happened in a shift or a period, as one self-contained HTML page
// (compiler/report/). The actions are re-derived by running the history through the plant, as
// `takt run` and `takt journal --actions` do; the measurements and stops come from the events,
// limits and loss classes from the checked model, so PLANT is the plant's sources, or an
// executor `.so` followed by the sources it was built from. `--data` also writes the numbers
// behind the charts as JSON. Each file is written all-or-nothing, never over an input.
#ifndef TAKT_COMPILER_DRIVER_REPORT_SUBCOMMAND_H_
#define TAKT_COMPILER_DRIVER_REPORT_SUBCOMMAND_H_

#include <string>
#include <vector>

#include "compiler/driver/diagnostics_output.h"
#include "compiler/driver/driver_subcommand.h"
#include "compiler/report/report.h"
#include "takt/runtime.h"

namespace takt::driver {

class ReportSubcommand final : public DriverSubcommand {
 public:
  auto name() const -> std::string_view override { return "report"; }
  auto summary() const -> std::string_view override {
    return "Write a shift's or a period's report as an HTML page: SPC charts, downtime Pareto, OEE, escalations";
  }
  void DeclareOptions(ArgParser& parser) override;
  auto Run(DriverEnv& env) -> int override;

 private:
  // Runs the history through `executor`, keeping its event and action lines.
  auto ReadHistory(DriverEnv& env, const takt_executor& executor, report::History& history) -> int;
  auto WriteOutputs(DriverEnv& env, const std::vector<std::pair<std::string, std::string>>& outputs) -> int;

  std::vector<std::string> paths_;
  std::vector<std::string> include_dirs_;
  std::vector<std::string> outputs_;
  std::string data_;
  std::string events_;
  std::string journal_;
  std::string from_;
  std::string to_;
  bool interp_ = false;
  DiagnosticsOptions diagnostics_options_;
};

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_REPORT_SUBCOMMAND_H_
