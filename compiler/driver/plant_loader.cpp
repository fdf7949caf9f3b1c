#include "compiler/driver/plant_loader.h"

#include "compiler/check/check.h"
#include "compiler/driver/check_subcommand.h"
#include "compiler/syntax/parse.h"

namespace takt::driver {

auto LoadCheckedPlant(DriverEnv& env, std::span<const std::string> paths, const std::vector<std::string>& include_dirs,
                      const DiagnosticsOptions& options, std::string_view action, source::SourceManager& sources)
    -> LoadedPlant {
  LoadedPlant loaded;
  diagnostics::Diagnostics diagnostics;
  std::vector<source::FileId> files;
  if (!LoadPlantFiles(env, paths, sources, files, diagnostics)) {
    ReportDiagnostics(env, options, sources, diagnostics, action);
    loaded.exit_code = kExitUsage;
    return loaded;
  }
  std::vector<ast::File> asts;
  asts.reserve(files.size());
  for (source::FileId file : files) {
    asts.push_back(syntax::Parse(sources, file, diagnostics));
  }
  // A plant with a syntax error is not checked: one mistake, one diagnostic.
  if (!diagnostics.has_errors()) {
    loaded.plant =
        check::CheckPlant(sources, env.file_system, asts, check::Options{.include_dirs = include_dirs}, diagnostics);
  }
  ReportDiagnostics(env, options, sources, diagnostics, action);
  if (diagnostics.has_errors() || !loaded.plant) {
    loaded.plant.reset();
    loaded.exit_code = kExitErrors;
  }
  return loaded;
}

}  // namespace takt::driver
