// `takt lsp [-I DIR]...`: the language server (compiler/lsp/), speaking LSP 3.17 over stdin and
// stdout for the plant in the editor's workspace folder. Started by an editor, not by hand
// (docs/editors.md). Exit 0 after `shutdown` and `exit`, 1 when the input ends without them.
#ifndef TAKT_COMPILER_DRIVER_LSP_SUBCOMMAND_H_
#define TAKT_COMPILER_DRIVER_LSP_SUBCOMMAND_H_

#include <string>
#include <vector>

#include "compiler/driver/driver_subcommand.h"

namespace takt::driver {

class LspSubcommand final : public DriverSubcommand {
 public:
  auto name() const -> std::string_view override { return "lsp"; }
  auto summary() const -> std::string_view override {
    return "Run the language server for editors (LSP over stdin and stdout)";
  }
  void DeclareOptions(ArgParser& parser) override;
  auto Run(DriverEnv& env) -> int override;

 private:
  std::vector<std::string> include_dirs_;
};

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_LSP_SUBCOMMAND_H_
