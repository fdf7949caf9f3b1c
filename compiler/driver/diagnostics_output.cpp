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

// Adds a SARIF log's results to `into`, whose rules gain the rules they name: `ruleIndex`
// points into the merged list.
static void MergeSarif(nlohmann::ordered_json& into, const nlohmann::ordered_json& log) {
  nlohmann::ordered_json& rules = into["runs"][0]["tool"]["driver"]["rules"];
  nlohmann::ordered_json& results = into["runs"][0]["results"];
  const nlohmann::ordered_json& new_rules = log["runs"][0]["tool"]["driver"]["rules"];
  for (nlohmann::ordered_json result : log["runs"][0]["results"]) {
    const nlohmann::ordered_json& rule = new_rules[result["ruleIndex"].get<size_t>()];
    size_t index = 0;
    while (index < rules.size() && rules[index]["id"] != rule["id"]) {
      ++index;
    }
    if (index == rules.size()) {
      rules.push_back(rule);
    }
    result["ruleIndex"] = index;
    results.push_back(std::move(result));
  }
}

// JSON or SARIF: the records join the command's one document (printed by
// WriteDiagnosticsDocument); false for `human`, which each caller renders its own way.
static auto AddToDocument(DriverEnv& env, const DiagnosticsOptions& options, const source::SourceManager& sources,
                          std::span<const diagnostics::Diagnostic> records) -> bool {
  nlohmann::ordered_json document;
  if (options.format == "json") {
    document = diagnostics::RenderJson(records, sources);
  } else if (options.format == "sarif") {
    std::string_view version = VersionString();
    // VersionString() is `takt X.Y.Z`; SARIF wants the bare version.
    version.remove_prefix(std::min(version.size(), std::string_view("takt ").size()));
    document = diagnostics::RenderSarif(records, sources,
                                        diagnostics::SarifOptions{.tool_version = version,
                                                                  .information_uri = kInformationUri,
                                                                  .explanation = FindExplanation});
  } else {
    return false;
  }
  if (!env.diagnostics_document) {
    env.diagnostics_document = std::move(document);
  } else if (options.format == "json") {
    nlohmann::ordered_json& into = *env.diagnostics_document;
    for (const nlohmann::ordered_json& record : document["diagnostics"]) {
      into["diagnostics"].push_back(record);
    }
    into["errors"] = into["errors"].get<size_t>() + document["errors"].get<size_t>();
    into["warnings"] = into["warnings"].get<size_t>() + document["warnings"].get<size_t>();
  } else {
    MergeSarif(*env.diagnostics_document, document);
  }
  return true;
}

void EnsureDiagnosticsDocument(DriverEnv& env, const DiagnosticsOptions& options) {
  if (!env.diagnostics_document) {
    const source::SourceManager no_sources;
    AddToDocument(env, options, no_sources, {});
  }
}

void WriteDiagnosticsDocument(DriverEnv& env) {
  if (env.diagnostics_document) {
    diagnostics::WriteDocument(*env.diagnostics_document, env.stdout_carries_output ? env.err : env.out);
    env.diagnostics_document.reset();
  }
}

void ReportDiagnostics(DriverEnv& env, const DiagnosticsOptions& options,
                       const source::SourceManager& sources,
                       diagnostics::Diagnostics& diagnostics, std::string_view action) {
  if (options.werror) {
    diagnostics.PromoteWarnings();
  }
  diagnostics.SortByLocation();
  if (!AddToDocument(env, options, sources, diagnostics.records())) {
    diagnostics::RenderText(diagnostics.records(), sources,
                            diagnostics::TextOptions{.color = env.color, .action = action},
                            env.err);
  }
}

auto ReportCommandError(DriverEnv& env, const DiagnosticsOptions& options,
                        const diagnostics::Diagnostics& errors, int exit_code) -> int {
  // No record has a location: the sources are never consulted.
  const source::SourceManager no_sources;
  if (!AddToDocument(env, options, no_sources, errors.records())) {
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
