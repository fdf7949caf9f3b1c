#include "compiler/driver/lsp_subcommand.h"

#include "compiler/lsp/server.h"

namespace takt::driver {

void LspSubcommand::DeclareOptions(ArgParser& parser) {
  parser.AddRepeated('I', "include", "DIR", "search DIR for library modules (repeatable)", &include_dirs_);
}

auto LspSubcommand::Run(DriverEnv& env) -> int {
  lsp::Server server(env.file_system, env.out, include_dirs_);
  return server.Serve(env.in);
}

}  // namespace takt::driver
