// `takt fmt [--check] [PATHS]...`: rewrites `.takt` files in place in the one canonical layout
// (compiler/format/format.h; no options, as gofmt has none). Directories are searched
// recursively; no path means `.`; `-` formats standard input to standard output. `--check`
// rewrites nothing and lists, one per line on stdout, the files that are not canonical. A file
// with syntax errors is never rewritten: its diagnostics go to stderr as `takt check` renders
// them. Exit 0 when everything is (now) canonical, 1 on syntax errors or when `--check` found a
// file to change, 2 on bad usage or unreadable input.
#ifndef TAKT_COMPILER_DRIVER_FMT_SUBCOMMAND_H_
#define TAKT_COMPILER_DRIVER_FMT_SUBCOMMAND_H_

#include <string>
#include <vector>

#include "compiler/driver/driver_subcommand.h"

namespace takt::driver {

class FmtSubcommand final : public DriverSubcommand {
 public:
  auto name() const -> std::string_view override { return "fmt"; }
  auto summary() const -> std::string_view override {
    return "Rewrite `.takt` files in the canonical layout";
  }
  void DeclareOptions(ArgParser& parser) override;
  auto Run(DriverEnv& env) -> int override;

 private:
  auto RunOnStdin(DriverEnv& env) -> int;

  std::vector<std::string> paths_;
  bool check_ = false;
};

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_FMT_SUBCOMMAND_H_
