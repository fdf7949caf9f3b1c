#include "compiler/driver/diagnostics_output.h"

#include <algorithm>

#include <fmt/format.h>

#include "compiler/diagnostics/render_json.h"
#include "compiler/diagnostics/render_sarif.h"
#include "compiler/diagnostics/render_text.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/explanations.h"

namespace takt::driver {

// Where the SARIF log says the tool is documented. A placeholder until the project has a
// public home; kept in this one place so changing it touches neither renderer nor goldens.
static constexpr std::string_view kInformationUri = "https://github.com/takt-lang/takt";

void AddDiagnosticsOptions(ArgParser& parser, DiagnosticsOptions* options) {
  parser.AddOption("format", "FORMAT", "how diagnostics are printed", &options->format,
                   {"human", "json", "sarif"});
  parser.AddFlag("werror", "treat warnings as errors", &options->werror);
}

// JSON or SARIF on stdout; false for `human`, which each caller renders its own way.
static auto RenderDocument(DriverEnv& env, const DiagnosticsOptions& options,
                           const source::SourceManager& sources,
                           std::span<const diagnostics::Diagnostic> records) -> bool {
  if (options.format == "json") {
    diagnostics::RenderJson(records, sources, env.out);
    return true;
  }
  if (options.format == "sarif") {
    std::string_view version = VersionString();
    // VersionString() is `takt X.Y.Z`; SARIF wants the bare version.
    version.remove_prefix(std::min(version.size(), std::string_view("takt ").size()));
    diagnostics::RenderSarif(records, sources,
                             diagnostics::SarifOptions{.tool_version = version,
                                                       .information_uri = kInformationUri,
                                                       .explanation = FindExplanation},
                             env.out);
    return true;
  }
  return false;
}

void ReportDiagnostics(DriverEnv& env, const DiagnosticsOptions& options,
                       const source::SourceManager& sources,
                       diagnostics::Diagnostics& diagnostics, std::string_view action) {
  if (options.werror) {
    diagnostics.PromoteWarnings();
  }
  diagnostics.SortByLocation();
  if (!RenderDocument(env, options, sources, diagnostics.records())) {
    diagnostics::RenderText(diagnostics.records(), sources,
                            diagnostics::TextOptions{.color = env.color, .action = action},
                            env.err);
  }
}

auto ReportCommandError(DriverEnv& env, const DiagnosticsOptions& options,
                        const diagnostics::Diagnostics& errors, int exit_code) -> int {
  // No record has a location: the sources are never consulted.
  const source::SourceManager no_sources;
  if (!RenderDocument(env, options, no_sources, errors.records())) {
    for (const diagnostics::Diagnostic& error : errors.records()) {
      env.err << diagnostics::RenderDiagnosticText(error, no_sources, env.color);
    }
  }
  return exit_code;
}

auto ReportUsageError(DriverEnv& env, const DiagnosticsOptions& options, std::string_view command,
                      diagnostics::Diagnostics errors) -> int {
  for (size_t i = 0; i < errors.records().size(); ++i) {
    diagnostics::DiagnosticBuilder(errors, i).Help(fmt::format("for usage, run `{} --help`", command));
  }
  return ReportCommandError(env, options, errors, kExitUsage);
}

}  // namespace takt::driver
