// `takt doc PLANT… -o DIR [--graphs auto|svg|dot]`: checks the plant and writes it as a
// self-contained HTML site (compiler/doc/) into DIR, one page per file, each all-or-nothing. The
// graphs are drawn by graphviz where it is installed (`auto`, or `svg`, which requires it) or
// shown as DOT text (`dot`, the deterministic choice of the golden tests).
#ifndef TAKT_COMPILER_DRIVER_DOC_SUBCOMMAND_H_
#define TAKT_COMPILER_DRIVER_DOC_SUBCOMMAND_H_

#include <string>
#include <vector>

#include "compiler/driver/driver_subcommand.h"

namespace takt::driver {

class DocSubcommand final : public DriverSubcommand {
 public:
  auto name() const -> std::string_view override { return "doc"; }
  auto summary() const -> std::string_view override {
    return "Write a plant as a linked HTML site: control plan, routings, escalations, cases, roles, reasons";
  }
  void DeclareOptions(ArgParser& parser) override;
  auto Run(DriverEnv& env) -> int override;

 private:
  std::vector<std::string> paths_;
  std::vector<std::string> include_dirs_;
  std::vector<std::string> outputs_;
  std::string graphs_ = "auto";
};

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_DOC_SUBCOMMAND_H_
