#include "compiler/driver/graph_subcommand.h"

#include <fmt/format.h>

#include "compiler/driver/outputs.h"
#include "compiler/driver/plant_loader.h"
#include "compiler/driver/subprocess.h"
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
    return ReportUsageError(env, "takt graph", "`-o` given more than once", "");
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
  if (!to_stdout && !CheckOutputIsNotInput(env, outputs_[0], SourcePaths(sources))) {
    return kExitUsage;
  }
  // FindView accepts exactly the parser's choices.
  std::string text = graph::RenderDot(*loaded.plant, *graph::FindView(what_));
  if (format_ == "svg") {
    ProcessResult dot = RunProcess({"dot", "-Tsvg"}, text);
    if (!dot.started) {
      env.err << fmt::format("error: cannot render SVG: {}\n", dot.error)
              << "help: install graphviz (scripts/bootstrap does), or use `--format dot`\n";
      return kExitUsage;
    }
    if (dot.exit_code != 0) {
      env.err << fmt::format("error: `dot -Tsvg` failed with status {}:\n{}", dot.exit_code, dot.err);
      return kExitErrors;
    }
    text = std::move(dot.out);
  }
  if (to_stdout) {
    env.out << text;
    return kExitOk;
  }
  std::string error;
  if (!env.file_system.WriteFile(outputs_[0], text, error)) {
    env.err << fmt::format("error: cannot write `{}`: {}\n", outputs_[0], error);
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace takt::driver
