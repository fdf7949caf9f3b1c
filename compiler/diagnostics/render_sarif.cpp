#include "compiler/diagnostics/render_sarif.h"

#include <map>
#include <string>
#include <tuple>

#include <fmt/format.h>

#include "compiler/diagnostics/explanation.h"
#include "compiler/diagnostics/render_text.h"

namespace takt::diagnostics {

using nlohmann::ordered_json;

static constexpr std::string_view kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
static constexpr std::string_view kStdlibBase = "STDLIB";

auto StableHash(std::string_view text) -> std::string {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return fmt::format("{:016x}", hash);
}

static auto SarifLevel(Severity severity) -> std::string_view {
  return severity == Severity::Error ? "error" : "warning";
}

// RFC 3986 percent-encoding of everything but unreserved characters and `/`.
static auto EncodeUri(std::string_view path) -> std::string {
  std::string out;
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    bool unreserved = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (unreserved) {
      out.push_back(c);
    } else {
      out += fmt::format("%{:02X}", u);
    }
  }
  return out;
}

static auto ArtifactLocation(const source::SourceManager& sources, source::FileId file)
    -> ordered_json {
  ordered_json location = ordered_json::object();
  std::string path = sources.path(file);
  if (sources.is_stdlib(file)) {
    if (path.starts_with(source::kStdlibPathPrefix)) {
      path.erase(0, source::kStdlibPathPrefix.size());
    }
    location["uri"] = EncodeUri(path);
    location["uriBaseId"] = kStdlibBase;
  } else if (path.starts_with("/")) {
    location["uri"] = "file://" + EncodeUri(path);
  } else {
    location["uri"] = EncodeUri(path);
  }
  return location;
}

static auto PhysicalLocation(const source::SourceManager& sources, source::Span span)
    -> ordered_json {
  source::LineCol start = sources.GetLineCol(span.file, span.begin);
  source::LineCol end = sources.GetLineCol(span.file, span.end);
  ordered_json region = ordered_json::object();
  region["startLine"] = start.line;
  region["startColumn"] = start.column;
  region["endLine"] = end.line;
  region["endColumn"] = end.column;
  ordered_json physical = ordered_json::object();
  physical["artifactLocation"] = ArtifactLocation(sources, span.file);
  physical["region"] = std::move(region);
  return physical;
}

static auto Text(std::string_view text) -> ordered_json {
  ordered_json message = ordered_json::object();
  message["text"] = text;
  return message;
}

static auto Rule(const KindInfo& info, const SarifOptions& options) -> ordered_json {
  ordered_json rule = ordered_json::object();
  rule["id"] = info.code;
  rule["name"] = info.name;
  std::string_view markdown = options.explanation ? options.explanation(info.code) : "";
  std::optional<Explanation> explanation = ParseExplanation(markdown);
  if (explanation.has_value()) {
    rule["shortDescription"] = Text(explanation->title);
    rule["fullDescription"] = Text(explanation->summary);
    ordered_json help = Text(explanation->summary);
    help["markdown"] = markdown;
    rule["help"] = std::move(help);
  } else {
    rule["shortDescription"] = Text(info.format);
  }
  ordered_json configuration = ordered_json::object();
  configuration["level"] = SarifLevel(info.severity);
  rule["defaultConfiguration"] = std::move(configuration);
  ordered_json properties = ordered_json::object();
  properties["group"] = GroupName(info.group);
  rule["properties"] = std::move(properties);
  return rule;
}

auto RenderSarif(std::span<const Diagnostic> records, const source::SourceManager& sources,
                 const SarifOptions& options) -> ordered_json {
  // Rules sorted by code, so a rule's index depends only on which codes this run reports.
  std::map<std::string_view, size_t> rule_index;
  for (const Diagnostic& diagnostic : records) {
    rule_index[GetKindInfo(diagnostic.kind).code] = 0;
  }
  ordered_json rules = ordered_json::array();
  for (auto& [code, index] : rule_index) {
    index = rules.size();
    rules.push_back(Rule(*FindKindByCode(code), options));
  }

  ordered_json results = ordered_json::array();
  // Identical (code, file, line text) triples are told apart by an occurrence count, the
  // `hash:n` form GitHub uses for its own line hashes.
  // Keyed by the fingerprint's hash: findings whose code, file and line text are the same.
  std::map<std::string, size_t> occurrences;
  // The hash per (code, file, line), so many findings on one long line read and hash it once.
  std::map<std::tuple<std::string_view, source::FileId, uint32_t>, std::string> line_hashes;
  for (const Diagnostic& diagnostic : records) {
    const KindInfo& info = GetKindInfo(diagnostic.kind);
    ordered_json result = ordered_json::object();
    result["ruleId"] = info.code;
    result["ruleIndex"] = rule_index[info.code];
    result["level"] = SarifLevel(diagnostic.severity);
    std::string text = diagnostic.message;
    for (const std::string& note : diagnostic.notes) {
      text += "\nnote: " + note;
    }
    for (const std::string& help : diagnostic.help) {
      text += "\nhelp: " + help;
    }
    result["message"] = Text(text);
    ordered_json locations = ordered_json::array();
    if (diagnostic.primary.span.is_valid()) {
      ordered_json location = ordered_json::object();
      location["physicalLocation"] = PhysicalLocation(sources, diagnostic.primary.span);
      if (!diagnostic.primary.message.empty()) {
        location["message"] = Text(diagnostic.primary.message);
      }
      locations.push_back(std::move(location));
    }
    result["locations"] = std::move(locations);
    ordered_json related = ordered_json::array();
    for (const Label& label : diagnostic.secondary) {
      if (!label.span.is_valid()) {
        continue;
      }
      ordered_json location = ordered_json::object();
      location["id"] = related.size() + 1;
      location["physicalLocation"] = PhysicalLocation(sources, label.span);
      location["message"] = Text(label.message);
      related.push_back(std::move(location));
    }
    if (!related.empty()) {
      result["relatedLocations"] = std::move(related);
    }
    if (diagnostic.fix.has_value() && diagnostic.fix->span.is_valid()) {
      ordered_json replacement = ordered_json::object();
      ordered_json deleted = PhysicalLocation(sources, diagnostic.fix->span);
      replacement["deletedRegion"] = deleted["region"];
      ordered_json inserted = ordered_json::object();
      inserted["text"] = diagnostic.fix->replacement;
      replacement["insertedContent"] = std::move(inserted);
      ordered_json change = ordered_json::object();
      change["artifactLocation"] = deleted["artifactLocation"];
      change["replacements"] = ordered_json::array({std::move(replacement)});
      ordered_json fix = ordered_json::object();
      fix["description"] = Text(fmt::format("replace with `{}`", diagnostic.fix->replacement));
      fix["artifactChanges"] = ordered_json::array({std::move(change)});
      result["fixes"] = ordered_json::array({std::move(fix)});
    }
    std::string hash;
    if (diagnostic.primary.span.is_valid()) {
      source::FileId file = diagnostic.primary.span.file;
      uint32_t line = sources.GetLineCol(file, diagnostic.primary.span.begin).line;
      auto [cached, inserted] = line_hashes.try_emplace({info.code, file, line});
      if (inserted) {
        std::string_view line_text = sources.GetLineText(file, line);
        // Indentation changes are not changes of the finding.
        size_t first = line_text.find_first_not_of(" \t");
        line_text = first == std::string_view::npos ? "" : line_text.substr(first);
        cached->second =
            StableHash(std::string(info.code) + "\n" + DisplayPath(sources, file) + "\n" + std::string(line_text));
      }
      hash = cached->second;
    } else {
      hash = StableHash(std::string(info.code) + "\n" + diagnostic.message);
    }
    size_t occurrence = ++occurrences[hash];
    ordered_json fingerprints = ordered_json::object();
    fingerprints["primaryLocationLineHash"] = fmt::format("{}:{}", hash, occurrence);
    result["partialFingerprints"] = std::move(fingerprints);
    results.push_back(std::move(result));
  }

  ordered_json driver = ordered_json::object();
  driver["name"] = "takt";
  driver["version"] = options.tool_version;
  if (!options.information_uri.empty()) {
    driver["informationUri"] = options.information_uri;
  }
  driver["rules"] = std::move(rules);
  ordered_json tool = ordered_json::object();
  tool["driver"] = std::move(driver);

  ordered_json stdlib_base = ordered_json::object();
  stdlib_base["description"] = Text("the standard library embedded in the takt compiler");
  ordered_json bases = ordered_json::object();
  bases[std::string(kStdlibBase)] = std::move(stdlib_base);

  ordered_json run = ordered_json::object();
  run["tool"] = std::move(tool);
  run["originalUriBaseIds"] = std::move(bases);
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = std::move(results);

  ordered_json log = ordered_json::object();
  log["$schema"] = kSchema;
  log["version"] = "2.1.0";
  log["runs"] = ordered_json::array({std::move(run)});
  return log;
}

}  // namespace takt::diagnostics
