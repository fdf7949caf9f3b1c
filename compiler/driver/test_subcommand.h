// `takt test [PLANT…] [--filter TEXT] [--coverage] [--junit FILE] [--interp] [-I DIR]…`: checks the
// plant and runs its `test` blocks (compiler/tester/), each in a fresh session on the native
// executor when this takt has LLVM, else (or with `--interp`) on the reference interpreter.
// Prints a `cargo test`-like report whose last line is `N passed, N failed`; exit 1 when a test
// failed or the plant has errors, 2 on bad usage or unreadable input.
#ifndef TAKT_COMPILER_DRIVER_TEST_SUBCOMMAND_H_
#define TAKT_COMPILER_DRIVER_TEST_SUBCOMMAND_H_

#include <string>
#include <vector>

#include "compiler/driver/diagnostics_output.h"
#include "compiler/driver/driver_subcommand.h"

namespace takt::driver {

class TestSubcommand final : public DriverSubcommand {
 public:
  auto name() const -> std::string_view override { return "test"; }
  auto summary() const -> std::string_view override {
    return "Run the plant's `test` blocks through an executor and report the results";
  }
  void DeclareOptions(ArgParser& parser) override;
  auto Run(DriverEnv& env) -> int override;
  auto diagnostics_options() const -> DiagnosticsOptions override { return diagnostics_options_; }

 private:
  std::vector<std::string> paths_;
  std::vector<std::string> include_dirs_;
  std::string filter_;
  std::string junit_;
  bool coverage_ = false;
  bool interp_ = false;
  DiagnosticsOptions diagnostics_options_;
};

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_TEST_SUBCOMMAND_H_
