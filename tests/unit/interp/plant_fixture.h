// Test helper: checks a plant given as in-memory files and runs it on the interpreter.
#ifndef TAKT_TESTS_UNIT_INTERP_PLANT_FIXTURE_H_
#define TAKT_TESTS_UNIT_INTERP_PLANT_FIXTURE_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "compiler/base/file_system.h"
#include "compiler/check/check.h"
#include "compiler/diagnostics/render_text.h"
#include "compiler/interp/interp.h"
#include "compiler/syntax/parse.h"
#include "takt/session.h"
#include "takt/sha256.h"

namespace takt::interp {

struct CheckedPlant {
  source::SourceManager sources;
  base::InMemoryFileSystem file_system;
  std::unique_ptr<const model::Plant> plant;
  std::string errors;  // Rendered diagnostics when the plant did not check.
};

inline auto CheckFiles(const std::vector<std::pair<std::string, std::string>>& files)
    -> std::unique_ptr<CheckedPlant> {
  auto checked = std::make_unique<CheckedPlant>();
  diagnostics::Diagnostics diagnostics;
  std::vector<ast::File> asts;
  for (const auto& [path, text] : files) {
    const source::FileId file = checked->sources.AddFile(path, text);
    asts.push_back(syntax::Parse(checked->sources, file, diagnostics));
  }
  if (!diagnostics.has_errors()) {
    checked->plant = check::CheckPlant(checked->sources, checked->file_system, asts, check::Options{}, diagnostics);
  }
  for (const auto& record : diagnostics.records()) {
    checked->errors += diagnostics::RenderDiagnosticText(record, checked->sources, false);
  }
  return checked;
}

// Runs `events` on the interpreter over the plant; the JSONL actions.
inline auto RunPlant(const CheckedPlant& checked, std::string_view events, runtime::Summary* summary = nullptr)
    -> std::string {
  Interpreter interpreter(*checked.plant, checked.sources);
  return runtime::RunToString(interpreter.descriptor(), events, summary);
}

}  // namespace takt::interp

#endif  // TAKT_TESTS_UNIT_INTERP_PLANT_FIXTURE_H_
