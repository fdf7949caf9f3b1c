// `takt build PLANT... [-o FILE] [--emit=so|xir|llvm] [-I DIR]...`: checks the plant and compiles
// it to a native executor, a shared library exporting `takt_executor_v1` (runtime.h), with its
// metadata beside it (`plant.so` → `plant.json`, executor_metadata.h), or stops
// after lowering (`--emit=xir`, docs/xir.md) or LLVM code generation (`--emit=llvm`) and prints
// that stage. The output is byte-identical for identical sources. Exit codes as `takt check`.
#ifndef TAKT_COMPILER_DRIVER_BUILD_SUBCOMMAND_H_
#define TAKT_COMPILER_DRIVER_BUILD_SUBCOMMAND_H_

#include <string>
#include <vector>

#include "compiler/driver/diagnostics_output.h"
#include "compiler/driver/driver_subcommand.h"

namespace takt::driver {

class BuildSubcommand final : public DriverSubcommand {
 public:
  auto name() const -> std::string_view override { return "build"; }
  auto summary() const -> std::string_view override {
    return "Compile a plant to a native executor (.so), or print its xir or LLVM IR";
  }
  void DeclareOptions(ArgParser& parser) override;
  auto Run(DriverEnv& env) -> int override;
  auto diagnostics_options() const -> DiagnosticsOptions override { return diagnostics_options_; }

 private:
  std::vector<std::string> paths_;
  std::vector<std::string> include_dirs_;
  std::vector<std::string> outputs_;
  std::string emit_ = "so";
  DiagnosticsOptions diagnostics_options_;
};

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_BUILD_SUBCOMMAND_H_
