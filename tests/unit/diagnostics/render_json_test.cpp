#include "compiler/diagnostics/render_json.h"

#include <doctest/doctest.h>

#include <sstream>

namespace takt::diagnostics {
namespace {

TEST_CASE("json: every field, in a fixed key order, with code-point columns") {
  source::SourceManager sources;
  source::FileId quality = sources.AddFile("quality.takt", "spec 8.00 ± 0.05 µm\n");
  source::FileId plant = sources.AddFile("plant.takt", "plant p\nrole a\n");
  Diagnostics diagnostics;
  diagnostics.Emit(diag::FileNotReadable, source::Span{quality, 18, 21}, "µm", "why")
      .Primary("here")
      .Secondary(source::Span{plant, 13, 14}, "declared here")
      .Note("a note")
      .Help("did you mean `mm`?")
      .Fix(source::Span{quality, 18, 21}, "mm");
  diagnostics.Emit(diag::NotUtf8, source::Span{}, "x.takt");

  std::ostringstream out;
  WriteDocument(RenderJson(diagnostics.records(), sources), out);
  CHECK(out.str() == R"({
  "diagnostics": [
    {
      "code": "T0001",
      "name": "FileNotReadable",
      "severity": "error",
      "message": "cannot read `µm`: why",
      "file": "quality.takt",
      "line": 1,
      "column": 18,
      "end_line": 1,
      "end_column": 20,
      "labels": [
        {
          "primary": true,
          "file": "quality.takt",
          "line": 1,
          "column": 18,
          "end_line": 1,
          "end_column": 20,
          "message": "here"
        },
        {
          "primary": false,
          "file": "plant.takt",
          "line": 2,
          "column": 6,
          "end_line": 2,
          "end_column": 7,
          "message": "declared here"
        }
      ],
      "notes": [
        "a note"
      ],
      "help": [
        "did you mean `mm`?"
      ],
      "fix": {
        "file": "quality.takt",
        "line": 1,
        "column": 18,
        "end_line": 1,
        "end_column": 20,
        "replacement": "mm"
      }
    },
    {
      "code": "T0003",
      "name": "NotUtf8",
      "severity": "error",
      "message": "`x.takt` is not valid UTF-8",
      "file": null,
      "line": null,
      "column": null,
      "end_line": null,
      "end_column": null,
      "labels": [],
      "notes": [],
      "help": [],
      "fix": null
    }
  ],
  "errors": 2,
  "warnings": 0
}
)");
}

TEST_CASE("json: a clean run is still a document") {
  source::SourceManager sources;
  std::ostringstream out;
  WriteDocument(RenderJson(std::vector<Diagnostic>{}, sources), out);
  CHECK(out.str() == "{\n  \"diagnostics\": [],\n  \"errors\": 0,\n  \"warnings\": 0\n}\n");
}

}  // namespace
}  // namespace takt::diagnostics
