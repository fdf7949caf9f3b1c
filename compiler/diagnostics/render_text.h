// The human renderer: diagnostic records + the SourceManager in, rustc-style text out.
//
//   error[T0203]: unknown role `quality_enginer`
//    --> quality.takt:2:43
//     |
//   2 | control hole_diameter "Hole diameter" owner quality_enginer {
//     |                                           ^^^^^^^^^^^^^^^ not a role of this plant
//     |
//     = help: did you mean `quality_engineer`?
//
// Columns count code points (as SourceManager does), so carets sit under `±`. A long line is
// clipped to about 100 code points either side of its marks, with `…` where it goes on. The output is
// part of the product and of every golden test: change it only together with the goldens.
#ifndef TAKT_COMPILER_DIAGNOSTICS_RENDER_TEXT_H_
#define TAKT_COMPILER_DIAGNOSTICS_RENDER_TEXT_H_

#include <cstddef>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/source/source_manager.h"

namespace takt::diagnostics {

struct TextOptions {
  // ANSI colour; the driver asks for it only when stderr is a terminal and NO_COLOR is unset.
  bool color = false;
  // The verb of the summary line: "could not <action> plant due to 2 previous errors".
  std::string_view action = "check";
};

// Every record, each followed by a blank line, then the summary line. Prints nothing at all
// when `records` is empty: a clean plant is silent.
void RenderText(std::span<const Diagnostic> records, const source::SourceManager& sources,
                const TextOptions& options, std::ostream& out);

// One record, ending with a newline (no blank line after it).
auto RenderDiagnosticText(const Diagnostic& diagnostic, const source::SourceManager& sources,
                          bool color) -> std::string;

// `error: could not check plant due to 2 previous errors; 1 warning emitted`,
// `warning: 1 warning emitted`, or empty when both counts are zero. No trailing newline.
auto SummaryText(size_t errors, size_t warnings, std::string_view action, bool color)
    -> std::string;

// How a file is named to users and in JSON: the path as given, stdlib files as
// `<stdlib>/std/losses.takt`.
auto DisplayPath(const source::SourceManager& sources, source::FileId file) -> std::string;

auto SeverityName(Severity severity) -> std::string_view;

}  // namespace takt::diagnostics

#endif  // TAKT_COMPILER_DIAGNOSTICS_RENDER_TEXT_H_
