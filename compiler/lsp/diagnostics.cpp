// Diagnostics as `takt check` reports them, in LSP's shape: the code with a link to its
// explanation, the primary span as the range, secondary labels, notes and help as related
// information (notes and help at the primary span, since they have none of their own), and the
// fix-it of a sure "did you mean" as a quick fix.
#include <fmt/format.h>

#include "compiler/lsp/handlers.h"

namespace takt::lsp {

// LSP 3.17 DiagnosticSeverity.
static constexpr int kSeverityError = 1;
static constexpr int kSeverityWarning = 2;

auto ExplanationUrl(std::string_view code) -> std::string {
  return fmt::format("https://github.com/takt-lang/takt/blob/main/docs/diagnostics/{}.md", code);
}

static auto ToJson(const Analysis& analysis, const diagnostics::Diagnostic& diagnostic, const json& range) -> json {
  const diagnostics::KindInfo& info = diagnostics::GetKindInfo(diagnostic.kind);
  const json uri = UriOfPath(analysis.sources.path(diagnostic.primary.span.file));
  json related = json::array();
  for (const diagnostics::Label& label : diagnostic.secondary) {
    if (std::optional<json> location = LocationOf(analysis, label.span)) {
      related.push_back({{"location", *location}, {"message", label.message}});
    }
  }
  for (const std::string& note : diagnostic.notes) {
    related.push_back({{"location", {{"uri", uri}, {"range", range}}}, {"message", "note: " + note}});
  }
  for (const std::string& help : diagnostic.help) {
    related.push_back({{"location", {{"uri", uri}, {"range", range}}}, {"message", "help: " + help}});
  }
  std::string message = diagnostic.message;
  // The primary label (what `takt check` prints under the carets) when it adds to the message.
  if (!diagnostic.primary.message.empty() && message.find(diagnostic.primary.message) == std::string::npos) {
    message += "\n" + diagnostic.primary.message;
  }
  json result = {
      {"range", range},
      {"severity", diagnostic.severity == diagnostics::Severity::Error ? kSeverityError : kSeverityWarning},
      {"code", info.code},
      {"codeDescription", {{"href", ExplanationUrl(info.code)}}},
      {"source", "takt"},
      {"message", message},
  };
  if (!related.empty()) {
    result["relatedInformation"] = std::move(related);
  }
  return result;
}

auto PublishDiagnostics(const Analysis& analysis, std::set<std::string>& published) -> std::vector<json> {
  std::map<std::string, json> by_path;
  for (const diagnostics::Diagnostic& diagnostic : analysis.diagnostics.records()) {
    const source::Span span = diagnostic.primary.span;
    // A diagnostic without a span (an unreadable file) or in the stdlib has no document to show in.
    if (!span.is_valid() || analysis.sources.is_stdlib(span.file)) {
      continue;
    }
    json& list = by_path.try_emplace(analysis.sources.path(span.file), json::array()).first->second;
    list.push_back(ToJson(analysis, diagnostic, ToJson(*RangeOfSpan(analysis, span))));
  }
  std::vector<json> result;
  for (const std::string& path : published) {
    if (!by_path.contains(path)) {
      result.push_back({{"uri", UriOfPath(path)}, {"diagnostics", json::array()}});
    }
  }
  published.clear();
  for (auto& [path, list] : by_path) {
    published.insert(path);
    result.push_back({{"uri", UriOfPath(path)}, {"diagnostics", std::move(list)}});
  }
  return result;
}

static auto Overlaps(const Range& a, const Range& b) -> bool {
  auto before = [](const Position& x, const Position& y) {
    return x.line < y.line || (x.line == y.line && x.character < y.character);
  };
  return !before(a.end, b.start) && !before(b.end, a.start);
}

auto CodeActions(const Analysis& analysis, const json& params) -> json {
  const std::string path = DocumentPath(params);
  const Range wanted = RangeFromJson(params.at("range"));
  json actions = json::array();
  for (const diagnostics::Diagnostic& diagnostic : analysis.diagnostics.records()) {
    if (!diagnostic.fix.has_value() || !diagnostic.primary.span.is_valid() ||
        analysis.sources.path(diagnostic.primary.span.file) != path) {
      continue;
    }
    const Range range = *RangeOfSpan(analysis, diagnostic.primary.span);
    const std::optional<Range> fix_range = RangeOfSpan(analysis, diagnostic.fix->span);
    if (!Overlaps(range, wanted) || !fix_range.has_value()) {
      continue;
    }
    const std::string uri = UriOfPath(analysis.sources.path(diagnostic.fix->span.file));
    actions.push_back({
        {"title", fmt::format("replace with `{}`", diagnostic.fix->replacement)},
        {"kind", "quickfix"},
        {"isPreferred", true},
        {"diagnostics", {ToJson(analysis, diagnostic, ToJson(range))}},
        {"edit", {{"changes", {{uri, {{{"range", ToJson(*fix_range)}, {"newText", diagnostic.fix->replacement}}}}}}}},
    });
  }
  return actions;
}

}  // namespace takt::lsp
