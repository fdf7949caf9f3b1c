// The diagnostic options every subcommand that reports diagnostics shares, declared once:
// `--format human|json|sarif` and `--werror`, and the one place that turns the records into
// output. Human text goes to stderr (nothing at all for a clean plant); JSON and SARIF are a
// document on stdout, always printed, so tools can parse it even when there is nothing to say.
#ifndef TAKT_COMPILER_DRIVER_DIAGNOSTICS_OUTPUT_H_
#define TAKT_COMPILER_DRIVER_DIAGNOSTICS_OUTPUT_H_

#include <string>
#include <string_view>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/driver/arg_parser.h"
#include "compiler/driver/driver_env.h"
#include "compiler/source/source_manager.h"

namespace takt::driver {

struct DiagnosticsOptions {
  std::string format = "human";
  bool werror = false;
};

void AddDiagnosticsOptions(ArgParser& parser, DiagnosticsOptions* options);

// Applies `--werror`, sorts by location and renders. `action` is the verb of the human
// summary line ("check" → "could not check plant due to …").
void ReportDiagnostics(DriverEnv& env, const DiagnosticsOptions& options,
                       const source::SourceManager& sources,
                       diagnostics::Diagnostics& diagnostics, std::string_view action);

// A command-line mistake: `error: …`, an optional `help: …`, and where to read the usage.
// Returns kExitUsage.
auto ReportUsageError(DriverEnv& env, std::string_view command, std::string_view error,
                      std::string_view help) -> int;

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_DIAGNOSTICS_OUTPUT_H_
