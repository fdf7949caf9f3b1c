// `takt explain T0203`: prints the long explanation of a diagnostic code (what the rule is,
// a minimal failing example, how to fix it), from docs/diagnostics/T0203.md as embedded in the
// binary. The code's name (`UnknownRole`) is accepted too. An unknown code is a usage error
// with a "did you mean".
#ifndef TAKT_COMPILER_DRIVER_EXPLAIN_SUBCOMMAND_H_
#define TAKT_COMPILER_DRIVER_EXPLAIN_SUBCOMMAND_H_

#include <string>
#include <vector>

#include "compiler/driver/driver_subcommand.h"

namespace takt::driver {

class ExplainSubcommand final : public DriverSubcommand {
 public:
  auto name() const -> std::string_view override { return "explain"; }
  auto summary() const -> std::string_view override {
    return "Explain a diagnostic code: the rule, an example and how to fix it";
  }
  void DeclareOptions(ArgParser& parser) override;
  auto Run(DriverEnv& env) -> int override;

 private:
  std::vector<std::string> codes_;
};

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_EXPLAIN_SUBCOMMAND_H_
