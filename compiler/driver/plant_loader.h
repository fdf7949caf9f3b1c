// The front half every subcommand that reads a plant shares (build, run, test, …): read the
// files, parse each one, check the plant when no file had a syntax error, report diagnostics.
#ifndef TAKT_COMPILER_DRIVER_PLANT_LOADER_H_
#define TAKT_COMPILER_DRIVER_PLANT_LOADER_H_

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/driver/diagnostics_output.h"
#include "compiler/driver/driver_env.h"
#include "compiler/model/model.h"
#include "compiler/source/source_manager.h"

namespace takt::driver {

// Collects the `.takt` files named by `paths` and adds them to `sources` each once, in the
// order of their lexically normal paths (never the order of the arguments).
// Unreadable paths, empty directories and invalid UTF-8 are reported as T00xx diagnostics;
// returns false when any was. Most subcommands want LoadCheckedPlant below.
auto LoadPlantFiles(DriverEnv& env, std::span<const std::string> paths,
                    source::SourceManager& sources, std::vector<source::FileId>& files,
                    diagnostics::Diagnostics& diagnostics) -> bool;

// True when `contents` is UTF-8; otherwise reports T0003 for `path`, naming the first invalid
// byte. Every source is checked so, files and standard input alike.
auto CheckUtf8(std::string_view path, std::string_view contents, diagnostics::Diagnostics& diagnostics) -> bool;

struct LoadedPlant {
  std::unique_ptr<const model::Plant> plant;  // Null when the plant could not be read or checked.
  int exit_code = kExitOk;                    // kExitUsage (unreadable) or kExitErrors when null.
};

// `action` names the subcommand in the diagnostics summary ("could not build plant …").
auto LoadCheckedPlant(DriverEnv& env, std::span<const std::string> paths, const std::vector<std::string>& include_dirs,
                      const DiagnosticsOptions& options, std::string_view action, source::SourceManager& sources)
    -> LoadedPlant;

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_PLANT_LOADER_H_
