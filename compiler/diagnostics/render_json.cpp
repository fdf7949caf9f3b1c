#include "compiler/diagnostics/render_json.h"

#include "compiler/diagnostics/render_text.h"

namespace takt::diagnostics {

using nlohmann::ordered_json;

// Adds file/line/column/end_line/end_column for `span` to `object`, nulls when it has none.
static void AddLocation(ordered_json& object, const source::SourceManager& sources,
                        source::Span span) {
  if (!span.is_valid()) {
    object["file"] = nullptr;
    object["line"] = nullptr;
    object["column"] = nullptr;
    object["end_line"] = nullptr;
    object["end_column"] = nullptr;
    return;
  }
  source::LineCol start = sources.GetLineCol(span.file, span.begin);
  source::LineCol end = sources.GetLineCol(span.file, span.end);
  object["file"] = DisplayPath(sources, span.file);
  object["line"] = start.line;
  object["column"] = start.column;
  object["end_line"] = end.line;
  object["end_column"] = end.column;
}

static auto LabelJson(const source::SourceManager& sources, const Label& label, bool primary)
    -> ordered_json {
  ordered_json object = ordered_json::object();
  object["primary"] = primary;
  AddLocation(object, sources, label.span);
  object["message"] = label.message;
  return object;
}

auto RenderJson(std::span<const Diagnostic> records, const source::SourceManager& sources)
    -> ordered_json {
  ordered_json list = ordered_json::array();
  size_t errors = 0;
  size_t warnings = 0;
  for (const Diagnostic& diagnostic : records) {
    const KindInfo& info = GetKindInfo(diagnostic.kind);
    (diagnostic.severity == Severity::Error ? errors : warnings) += 1;
    ordered_json object = ordered_json::object();
    object["code"] = info.code;
    object["name"] = info.name;
    object["severity"] = SeverityName(diagnostic.severity);
    object["message"] = diagnostic.message;
    AddLocation(object, sources, diagnostic.primary.span);
    ordered_json labels = ordered_json::array();
    if (diagnostic.primary.span.is_valid()) {
      labels.push_back(LabelJson(sources, diagnostic.primary, true));
    }
    for (const Label& label : diagnostic.secondary) {
      labels.push_back(LabelJson(sources, label, false));
    }
    object["labels"] = std::move(labels);
    object["notes"] = diagnostic.notes;
    object["help"] = diagnostic.help;
    if (diagnostic.fix.has_value()) {
      ordered_json fix = ordered_json::object();
      AddLocation(fix, sources, diagnostic.fix->span);
      fix["replacement"] = diagnostic.fix->replacement;
      object["fix"] = std::move(fix);
    } else {
      object["fix"] = nullptr;
    }
    list.push_back(std::move(object));
  }
  ordered_json document = ordered_json::object();
  document["diagnostics"] = std::move(list);
  document["errors"] = errors;
  document["warnings"] = warnings;
  return document;
}

void WriteDocument(const ordered_json& document, std::ostream& out) {
  out << document.dump(2, ' ', false, ordered_json::error_handler_t::replace) << "\n";
}

}  // namespace takt::diagnostics
