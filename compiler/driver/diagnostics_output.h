// The diagnostic options every subcommand that reports diagnostics shares, declared once:
// `--format human|json|sarif` and `--werror`, and the one place that turns the records into
// output. Human text goes to stderr as it is reported (nothing at all for a clean plant); JSON
// and SARIF gather into one document per command, always printed when the command ends, so
// tools parse exactly one document even when there is nothing to say: on stdout, or on stderr
// when stdout carries the command's product (DriverEnv::stdout_carries_output).
#ifndef TAKT_COMPILER_DRIVER_DIAGNOSTICS_OUTPUT_H_
#define TAKT_COMPILER_DRIVER_DIAGNOSTICS_OUTPUT_H_

#include <string>
#include <string_view>
#include <utility>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/driver/arg_parser.h"
#include "compiler/driver/driver_env.h"
#include "compiler/source/source_manager.h"

namespace takt::driver {

struct DiagnosticsOptions {
  std::string format = "human";
  bool werror = false;

  // Whether stderr is for people. With JSON or SARIF it may carry the one document
  // (DriverEnv::stdout_carries_output), so commands print no human summary or note beside it.
  auto human() const -> bool { return format == "human"; }
};

void AddDiagnosticsOptions(ArgParser& parser, DiagnosticsOptions* options);

// Applies `--werror`, sorts by location and renders. `action` is the verb of the human
// summary line ("check" → "could not check plant due to …").
void ReportDiagnostics(DriverEnv& env, const DiagnosticsOptions& options,
                       const source::SourceManager& sources,
                       diagnostics::Diagnostics& diagnostics, std::string_view action);

// An error of the command rather than of the plant (an output that cannot be written, a back
// end that failed): records without a location, in the command's format. Human text is the
// records alone, without the plant's summary line; JSON and SARIF are the usual document.
// Returns `exit_code`.
auto ReportCommandError(DriverEnv& env, const DiagnosticsOptions& options,
                        const diagnostics::Diagnostics& errors, int exit_code) -> int;

// Prints the command's JSON or SARIF document, if its format gathered one. The driver calls it
// once, when the subcommand returns.
void WriteDiagnosticsDocument(DriverEnv& env);

// With `--format json|sarif`, a command that reported nothing (a prebuilt executor has no plant
// to check) still prints its one document, empty, so a tool reading it is never left without one.
void EnsureDiagnosticsDocument(DriverEnv& env, const DiagnosticsOptions& options);

template <typename... Args>
auto ReportCommandError(DriverEnv& env, const DiagnosticsOptions& options, int exit_code,
                        const diagnostics::DiagnosticDescriptor<Args...>& descriptor,
                        diagnostics::ArgType<Args>... args) -> int {
  diagnostics::Diagnostics errors;
  errors.Emit(descriptor, source::Span{}, args...);
  return ReportCommandError(env, options, errors, exit_code);
}

// A command-line mistake: each record gains where to read the usage of `command`
// (`takt check`). Returns kExitUsage.
auto ReportUsageError(DriverEnv& env, const DiagnosticsOptions& options, std::string_view command,
                      diagnostics::Diagnostics errors) -> int;

template <typename... Args>
auto ReportUsageError(DriverEnv& env, const DiagnosticsOptions& options, std::string_view command,
                      const diagnostics::DiagnosticDescriptor<Args...>& descriptor,
                      diagnostics::ArgType<Args>... args) -> int {
  diagnostics::Diagnostics errors;
  errors.Emit(descriptor, source::Span{}, args...);
  return ReportUsageError(env, options, command, std::move(errors));
}

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_DIAGNOSTICS_OUTPUT_H_
