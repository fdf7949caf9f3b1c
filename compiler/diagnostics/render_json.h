// The JSON renderer, for tools and CI scripts: the same records the text renderer draws, as one
// document with a stable key order (nlohmann::ordered_json):
//
//   {"diagnostics": [{"code", "name", "severity", "message", "file", "line", "column",
//                     "end_line", "end_column", "labels": [...], "notes", "help", "fix"}],
//    "errors": N, "warnings": N}
//
// Lines and columns are 1-based, columns count code points, `end_column` is exclusive (the
// column just after the span, as SARIF's endColumn). `labels[0]` is the primary label.
// Diagnostics without a location (a file that cannot be read) have null location fields.
#ifndef TAKT_COMPILER_DIAGNOSTICS_RENDER_JSON_H_
#define TAKT_COMPILER_DIAGNOSTICS_RENDER_JSON_H_

#include <ostream>
#include <span>

#include <nlohmann/json.hpp>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/source/source_manager.h"

namespace takt::diagnostics {

auto RenderJson(std::span<const Diagnostic> records, const source::SourceManager& sources)
    -> nlohmann::ordered_json;

// Writes a JSON or SARIF document indented by two spaces, followed by a newline. A byte of a
// path that is not UTF-8 is written as U+FFFD: the document stays valid JSON.
void WriteDocument(const nlohmann::ordered_json& document, std::ostream& out);

}  // namespace takt::diagnostics

#endif  // TAKT_COMPILER_DIAGNOSTICS_RENDER_JSON_H_
