#include "compiler/driver/fmt_subcommand.h"

#include <algorithm>
#include <iterator>
#include <optional>

#include <fmt/format.h>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/driver/diagnostics_output.h"
#include "compiler/driver/plant_loader.h"
#include "compiler/format/format.h"
#include "compiler/source/source_manager.h"

namespace takt::driver {

// How standard input is named in diagnostics and in the `--check` list.
static constexpr std::string_view kStdinName = "<stdin>";

void FmtSubcommand::DeclareOptions(ArgParser& parser) {
  parser.SetPositionals(
      "PATHS",
      "`.takt` files or directories, searched recursively (default: .); `-` formats standard "
      "input to standard output",
      &paths_);
  parser.AddFlag("check",
                 "rewrite nothing; list the files that are not canonical and exit 1 if there "
                 "are any",
                 &check_);
}

auto FmtSubcommand::RunOnStdin(DriverEnv& env) -> int {
  std::string text{std::istreambuf_iterator<char>(env.in), std::istreambuf_iterator<char>()};
  source::SourceManager sources;
  diagnostics::Diagnostics diagnostics;
  // As for a file: invalid UTF-8 is refused, never printed back with its bytes replaced.
  if (!CheckUtf8(kStdinName, text, diagnostics)) {
    ReportDiagnostics(env, DiagnosticsOptions{}, sources, diagnostics, "format");
    return kExitUsage;
  }
  source::FileId file = sources.AddFile(std::string(kStdinName), text);
  std::optional<std::string> formatted = format::FormatFile(sources, file, diagnostics);
  ReportDiagnostics(env, DiagnosticsOptions{}, sources, diagnostics, "format");
  if (!formatted) {
    return kExitErrors;
  }
  if (check_) {
    if (*formatted != text) {
      env.out << kStdinName << "\n";
      return kExitErrors;
    }
    return kExitOk;
  }
  env.out << *formatted;
  return kExitOk;
}

auto FmtSubcommand::Run(DriverEnv& env) -> int {
  if (paths_.empty()) {
    paths_.push_back(".");
  }
  bool has_stdin = std::find(paths_.begin(), paths_.end(), "-") != paths_.end();
  if (has_stdin) {
    if (paths_.size() > 1) {
      return ReportUsageError(env, DiagnosticsOptions{}, "takt fmt", diag::StdinWithPaths);
    }
    return RunOnStdin(env);
  }

  source::SourceManager sources;
  std::vector<source::FileId> files;
  diagnostics::Diagnostics diagnostics;
  // Human diagnostics on stderr only: stdout is the `--check` list.
  const DiagnosticsOptions options;
  if (!LoadPlantFiles(env, paths_, sources, files, diagnostics)) {
    ReportDiagnostics(env, options, sources, diagnostics, "format");
    return kExitUsage;
  }
  bool not_canonical = false;
  bool write_failed = false;
  for (source::FileId file : files) {
    std::optional<std::string> formatted = format::FormatFile(sources, file, diagnostics);
    if (!formatted || *formatted == sources.contents(file)) {
      continue;
    }
    not_canonical = true;
    if (check_) {
      env.out << sources.path(file) << "\n";
      continue;
    }
    std::string error;
    if (!env.file_system.WriteFile(sources.path(file), *formatted, error)) {
      diagnostics.Emit(diag::CannotWrite, source::Span{}, sources.path(file), error);
      write_failed = true;
    }
  }
  ReportDiagnostics(env, options, sources, diagnostics, "format");
  if (write_failed) {
    return kExitUsage;
  }
  if (diagnostics.has_errors() || (check_ && not_canonical)) {
    return kExitErrors;
  }
  return kExitOk;
}

}  // namespace takt::driver
