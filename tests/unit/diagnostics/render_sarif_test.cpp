#include "compiler/diagnostics/render_sarif.h"

#include <doctest/doctest.h>

namespace takt::diagnostics {
namespace {

using nlohmann::ordered_json;

constexpr std::string_view kT0001Doc =
    "# T0001: a file of the plant cannot be read\n\nThe file could not be\nread.\n\n## Example\n";

auto Options() -> SarifOptions {
  return SarifOptions{.tool_version = "1.2.3",
                      .information_uri = "https://example.org/takt",
                      .explanation = [](std::string_view code) -> std::string_view {
                        return code == "T0001" ? kT0001Doc : "";
                      }};
}

TEST_CASE("sarif: log, run, rules and results") {
  source::SourceManager sources;
  source::FileId quality = sources.AddFile("plants/quality.takt", "  spec 8.00 ± 0.05 µm\n");
  source::FileId losses = sources.AddFile("std/losses.takt", "module std.losses\n", true);
  Diagnostics diagnostics;
  diagnostics.Emit(diag::FileNotReadable, source::Span{quality, 20, 23}, "a", "b")
      .Primary("unknown unit")
      .Secondary(source::Span{losses, 7, 17}, "in the stdlib")
      .Note("n")
      .Help("h")
      .Fix(source::Span{quality, 20, 23}, "mm");
  diagnostics.Emit(diag::NotUtf8, source::Span{}, "x.takt");

  ordered_json log = RenderSarif(diagnostics.records(), sources, Options());
  CHECK(log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(log["version"] == "2.1.0");
  REQUIRE(log["runs"].size() == 1);
  const ordered_json& run = log["runs"][0];
  CHECK(run["columnKind"] == "unicodeCodePoints");
  CHECK(run["originalUriBaseIds"].contains("STDLIB"));
  const ordered_json& driver = run["tool"]["driver"];
  CHECK(driver["name"] == "takt");
  CHECK(driver["version"] == "1.2.3");
  CHECK(driver["informationUri"] == "https://example.org/takt");

  const ordered_json& rules = driver["rules"];
  REQUIRE(rules.size() == 2);
  CHECK(rules[0].dump() ==
        R"({"id":"T0001","name":"FileNotReadable",)"
        R"("shortDescription":{"text":"a file of the plant cannot be read"},)"
        R"("fullDescription":{"text":"The file could not be read."},)"
        R"("help":{"text":"The file could not be read.","markdown":"# T0001: a file of the plant cannot be read\n\nThe file could not be\nread.\n\n## Example\n"},)"
        R"("defaultConfiguration":{"level":"error"},"properties":{"group":"driver"}})");
  // Without a doc, the message format stands in for the description.
  CHECK(rules[1]["id"] == "T0003");
  CHECK(rules[1]["shortDescription"]["text"] == "`{0}` is not valid UTF-8");

  const ordered_json& results = run["results"];
  REQUIRE(results.size() == 2);
  const ordered_json& first = results[0];
  CHECK(first["ruleId"] == "T0001");
  CHECK(first["ruleIndex"] == 0);
  CHECK(first["level"] == "error");
  CHECK(first["message"]["text"] == "cannot read `a`: b\nnote: n\nhelp: h");
  CHECK(first["locations"][0].dump() ==
        R"({"physicalLocation":{"artifactLocation":{"uri":"plants/quality.takt"},)"
        R"("region":{"startLine":1,"startColumn":20,"endLine":1,"endColumn":22}},)"
        R"("message":{"text":"unknown unit"}})");
  CHECK(first["relatedLocations"][0].dump() ==
        R"({"id":1,"physicalLocation":{"artifactLocation":{"uri":"std/losses.takt","uriBaseId":"STDLIB"},)"
        R"("region":{"startLine":1,"startColumn":8,"endLine":1,"endColumn":18}},)"
        R"("message":{"text":"in the stdlib"}})");
  CHECK(first["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] ==
        "mm");
  std::string fingerprint = first["partialFingerprints"]["primaryLocationLineHash"];
  CHECK(fingerprint.size() == 18);
  CHECK(fingerprint.ends_with(":1"));

  const ordered_json& second = results[1];
  CHECK(second["ruleId"] == "T0003");
  CHECK(second["ruleIndex"] == 1);
  CHECK(second["locations"].empty());
  CHECK_FALSE(second.contains("relatedLocations"));
}

TEST_CASE("sarif: fingerprints follow the line's text, not its number") {
  auto fingerprint = [](std::string text, uint32_t offset) {
    source::SourceManager sources;
    source::FileId file = sources.AddFile("p.takt", std::move(text));
    Diagnostics diagnostics;
    diagnostics.Emit(diag::FileNotReadable, source::Span{file, offset, offset + 1}, "a", "b");
    ordered_json log = RenderSarif(diagnostics.records(), sources, Options());
    return log["runs"][0]["results"][0]["partialFingerprints"]["primaryLocationLineHash"]
        .get<std::string>();
  };
  std::string base = fingerprint("role x\n", 5);
  CHECK(fingerprint("\n\n  role x\n", 9) == base);
  CHECK(fingerprint("role y\n", 5) != base);
}

TEST_CASE("sarif: identical findings on identical lines are numbered") {
  source::SourceManager sources;
  source::FileId file = sources.AddFile("p.takt", "role x\nrole x\n");
  Diagnostics diagnostics;
  diagnostics.Emit(diag::FileNotReadable, source::Span{file, 5, 6}, "a", "b");
  diagnostics.Emit(diag::FileNotReadable, source::Span{file, 12, 13}, "a", "b");
  ordered_json results = RenderSarif(diagnostics.records(), sources, Options())["runs"][0]["results"];
  std::string first = results[0]["partialFingerprints"]["primaryLocationLineHash"];
  std::string second = results[1]["partialFingerprints"]["primaryLocationLineHash"];
  CHECK(first.substr(0, 16) == second.substr(0, 16));
  CHECK(first.ends_with(":1"));
  CHECK(second.ends_with(":2"));
}

TEST_CASE("sarif: StableHash is FNV-1a 64") {
  CHECK(StableHash("") == "cbf29ce484222325");
  CHECK(StableHash("a") == "af63dc4c8601ec8c");
}

TEST_CASE("sarif: paths are percent-encoded, absolute paths become file URIs") {
  source::SourceManager sources;
  source::FileId spaced = sources.AddFile("my plant/q.takt", "x\n");
  source::FileId absolute = sources.AddFile("/srv/p.takt", "x\n");
  Diagnostics diagnostics;
  diagnostics.Emit(diag::FileNotReadable, source::Span{spaced, 0, 1}, "a", "b");
  diagnostics.Emit(diag::FileNotReadable, source::Span{absolute, 0, 1}, "a", "b");
  ordered_json results = RenderSarif(diagnostics.records(), sources, Options())["runs"][0]["results"];
  CHECK(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "my%20plant/q.takt");
  CHECK(results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "file:///srv/p.takt");
}

}  // namespace
}  // namespace takt::diagnostics
