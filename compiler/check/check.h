// The checker: ASTs of every file of one plant in, the checked plant model out. Resolves names
// across files and `use`d modules (the embedded stdlib first, then `-I` directories), checks
// units and dimensions, ownership, structure and every rule of DESIGN.md, and reports each
// mistake once (T02xx and up). The model is produced only when there is no error.
#ifndef TAKT_COMPILER_CHECK_CHECK_H_
#define TAKT_COMPILER_CHECK_CHECK_H_

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "compiler/base/file_system.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/model/model.h"
#include "compiler/source/source_manager.h"
#include "compiler/syntax/ast.h"

namespace takt::check {

struct Options {
  // Directories searched for library modules: `use acme.presses` reads `DIR/acme/presses.takt`.
  std::vector<std::string> include_dirs;
};

// `files` are the parsed plant files (the driver parses them, so each is parsed once); `use`d
// modules are read, added to `sources` and parsed here. A given file with a `module` header is a
// library the plant may `use`. Returns null when any error was reported.
auto CheckPlant(source::SourceManager& sources, base::FileSystem& file_system,
                std::span<const ast::File> files, const Options& options,
                diagnostics::Diagnostics& diagnostics) -> std::unique_ptr<const model::Plant>;

}  // namespace takt::check

#endif  // TAKT_COMPILER_CHECK_CHECK_H_
