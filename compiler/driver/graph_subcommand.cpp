#include "compiler/driver/graph_subcommand.h"

#include <fmt/format.h>

#include "compiler/driver/outputs.h"
#include "compiler/driver/plant_loader.h"
#include "compiler/driver/svg_renderer.h"
#include "compiler/graph/graph.h"

namespace takt::driver {

void GraphSubcommand::DeclareOptions(ArgParser& parser) {
  parser.SetPositionals("PLANT", "the plant's `.takt` files or directories, searched recursively (default: .)",
                        &paths_);
  parser.AddOption("what", "VIEW", "the view to draw", &what_,
                   {"routing", "escalation", "ownership"});
  parser.AddOption("format", "FORMAT", "output format; `svg` runs graphviz's `dot -Tsvg`", &format_,
                   {"dot", "svg"});
  parser.AddRepeated('o', "output", "FILE", "write the graph to FILE instead of stdout", &outputs_);
  parser.AddRepeated('I', "include", "DIR", "search DIR for library modules (repeatable)", &include_dirs_);
}

auto GraphSubcommand::Run(DriverEnv& env) -> int {
  if (outputs_.size() > 1) {
    return ReportUsageError(env, DiagnosticsOptions{}, "takt graph", diag::OptionRepeated, "-o");
  }
  if (paths_.empty()) {
    paths_.push_back(".");
  }
  source::SourceManager sources;
  LoadedPlant loaded = LoadCheckedPlant(env, paths_, include_dirs_, DiagnosticsOptions{}, "graph", sources);
  if (!loaded.plant) {
    return loaded.exit_code;
  }
  const bool to_stdout = outputs_.empty() || outputs_[0] == "-";
  if (!to_stdout && !CheckOutputIsNotInput(env, DiagnosticsOptions{}, outputs_[0], SourcePaths(sources))) {
    return kExitUsage;
  }
  // FindView accepts exactly the parser's choices.
  std::string text = graph::RenderDot(*loaded.plant, *graph::FindView(what_));
  if (format_ == "svg") {
    SvgDrawing drawing = RenderSvg(text);
    if (drawing.exit_code != kExitOk) {
      return ReportCommandError(env, DiagnosticsOptions{}, drawing.error, drawing.exit_code);
    }
    text = std::move(drawing.svg);
  }
  if (to_stdout) {
    env.out << text;
    return kExitOk;
  }
  std::string error;
  if (!env.file_system.WriteFile(outputs_[0], text, error)) {
    return ReportCommandError(env, DiagnosticsOptions{}, kExitUsage, diag::CannotWrite, outputs_[0], error);
  }
  return kExitOk;
}

}  // namespace takt::driver
