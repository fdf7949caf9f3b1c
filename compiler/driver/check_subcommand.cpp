#include "compiler/driver/check_subcommand.h"

#include "compiler/driver/plant_loader.h"

namespace takt::driver {

void CheckSubcommand::DeclareOptions(ArgParser& parser) {
  parser.SetPositionals("PATHS", "`.takt` files or directories, searched recursively (default: .)",
                        &paths_);
  parser.AddRepeated('I', "include", "DIR", "search DIR for library modules (repeatable)",
                     &include_dirs_);
  AddDiagnosticsOptions(parser, &diagnostics_options_);
}

auto CheckSubcommand::Run(DriverEnv& env) -> int {
  if (paths_.empty()) {
    paths_.push_back(".");
  }
  source::SourceManager sources;
  return LoadCheckedPlant(env, paths_, include_dirs_, diagnostics_options_, "check", sources).exit_code;
}

}  // namespace takt::driver
