// `takt diff OLD NEW` / `takt diff --git REV [PATHS…]` [--format text|json|markdown]: checks two
// versions of a plant and prints their semantic difference (compiler/diff/). OLD and NEW are
// each a plant directory or `.takt` file; with `--git REV` the old version is REV's copy of the
// given paths (read with `git show`), the new one the working tree. A formatting-only change
// prints `no semantic changes`. Exit 0 whether or not the plants differ (this is a report, not a
// check), 1 when either version has errors, 2 on bad usage or unreadable input.
#ifndef TAKT_COMPILER_DRIVER_DIFF_SUBCOMMAND_H_
#define TAKT_COMPILER_DRIVER_DIFF_SUBCOMMAND_H_

#include <string>
#include <vector>

#include "compiler/driver/driver_subcommand.h"

namespace takt::driver {

class DiffSubcommand final : public DriverSubcommand {
 public:
  auto name() const -> std::string_view override { return "diff"; }
  auto summary() const -> std::string_view override {
    return "Show what changed between two versions of a plant, declaration by declaration";
  }
  void DeclareOptions(ArgParser& parser) override;
  auto Run(DriverEnv& env) -> int override;

 private:
  std::vector<std::string> paths_;
  std::vector<std::string> include_dirs_;
  std::string git_rev_;
  std::string format_ = "text";
};

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_DIFF_SUBCOMMAND_H_
