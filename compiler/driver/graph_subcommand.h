// `takt graph PLANT… [--what routing|escalation|ownership] [--format dot|svg] [-o FILE]`: checks
// the plant and draws one view of it (compiler/graph/) as deterministic Graphviz DOT, or as SVG
// by piping the DOT through graphviz's `dot -Tsvg` (an error naming the missing tool when
// graphviz is not installed; scripts/bootstrap installs it).
#ifndef TAKT_COMPILER_DRIVER_GRAPH_SUBCOMMAND_H_
#define TAKT_COMPILER_DRIVER_GRAPH_SUBCOMMAND_H_

#include <string>
#include <vector>

#include "compiler/driver/driver_subcommand.h"

namespace takt::driver {

class GraphSubcommand final : public DriverSubcommand {
 public:
  auto name() const -> std::string_view override { return "graph"; }
  auto summary() const -> std::string_view override {
    return "Draw a plant's routings, escalation ladders or ownership map as DOT or SVG";
  }
  void DeclareOptions(ArgParser& parser) override;
  auto Run(DriverEnv& env) -> int override;

 private:
  std::vector<std::string> paths_;
  std::vector<std::string> include_dirs_;
  std::vector<std::string> outputs_;
  std::string what_ = "routing";
  std::string format_ = "dot";
};

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_GRAPH_SUBCOMMAND_H_
