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

void ReportDiagnostics(DriverEnv& env, const DiagnosticsOptions& options,
                       const source::SourceManager& sources,
                       diagnostics::Diagnostics& diagnostics, std::string_view action) {
  if (options.werror) {
    diagnostics.PromoteWarnings();
  }
  diagnostics.SortByLocation();
  const auto& records = diagnostics.records();
  if (options.format == "json") {
    diagnostics::RenderJson(records, sources, env.out);
  } else if (options.format == "sarif") {
    std::string_view version = VersionString();
    // VersionString() is `takt X.Y.Z`; SARIF wants the bare version.
    version.remove_prefix(std::min(version.size(), std::string_view("takt ").size()));
    diagnostics::RenderSarif(records, sources,
                             diagnostics::SarifOptions{.tool_version = version,
                                                       .information_uri = kInformationUri,
                                                       .explanation = FindExplanation},
                             env.out);
  } else {
    diagnostics::RenderText(records, sources,
                            diagnostics::TextOptions{.color = env.color, .action = action},
                            env.err);
  }
}

auto ReportUsageError(DriverEnv& env, std::string_view command, std::string_view error,
                      std::string_view help) -> int {
  env.err << "error: " << error << "\n";
  if (!help.empty()) {
    env.err << "help: " << help << "\n";
  }
  env.err << fmt::format("for usage, run `{} --help`\n", command);
  return kExitUsage;
}

}  // namespace takt::driver
