#include "compiler/driver/lsp_subcommand.h"

#include <filesystem>
#include <utility>

#include "compiler/lsp/server.h"

namespace takt::driver {

void LspSubcommand::DeclareOptions(ArgParser& parser) {
  parser.AddRepeated('I', "include", "DIR", "search DIR for library modules (repeatable)", &include_dirs_);
}

auto LspSubcommand::Run(DriverEnv& env) -> int {
  // Diagnostics and locations in a module name its file by URI, which must be absolute.
  std::vector<std::string> include_dirs;
  for (const std::string& dir : include_dirs_) {
    include_dirs.push_back(std::filesystem::absolute(dir).lexically_normal().string());
  }
  lsp::Server server(env.file_system, env.out, std::move(include_dirs));
  return server.Serve(env.in);
}

}  // namespace takt::driver
