// The explanations in docs/diagnostics/ and the index docs/diagnostics.md are kept one-to-one
// with kind.def here. TAKT_AUTOUPDATE=1 regenerates the index instead of comparing it.
#include "compiler/diagnostics/explanation.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "compiler/diagnostics/diagnostic.h"

#include "tests/unit/repo_files.h"

namespace takt::diagnostics {
namespace {

namespace fs = std::filesystem;

auto DocsDir() -> fs::path { return fs::path(TAKT_SOURCE_DIR) / "docs"; }

using takt::testing::ReadText;

TEST_CASE("ParseExplanation reads the title line and the first paragraph") {
  auto explanation = ParseExplanation(
      "# T0203: unknown role\n\nEvery owner names a role\nof the plant.\n\n## Example\n");
  REQUIRE(explanation.has_value());
  CHECK(explanation->code == "T0203");
  CHECK(explanation->title == "unknown role");
  CHECK(explanation->summary == "Every owner names a role of the plant.");
  CHECK_FALSE(ParseExplanation("").has_value());
  CHECK_FALSE(ParseExplanation("T0203: no hash\n\ntext\n").has_value());
  CHECK_FALSE(ParseExplanation("# T0203: no paragraph\n\n## Example\n").has_value());
  CHECK_FALSE(ParseExplanation("# T0203 no colon\n\ntext\n").has_value());
}

TEST_CASE("every diagnostic code has docs/diagnostics/<code>.md, and every doc a code") {
  std::set<std::string> documented;
  for (const auto& entry : fs::directory_iterator(DocsDir() / "diagnostics")) {
    if (entry.path().extension() == ".md") {
      documented.insert(entry.path().stem().string());
    }
  }
  std::string missing;
  for (const KindInfo& info : AllKinds()) {
    if (documented.erase(std::string(info.code)) == 0) {
      missing += " " + std::string(info.code);
    }
  }
  // A retired code keeps its explanation: `takt explain` says why nothing emits it any more.
  for (const RetiredInfo& info : RetiredKinds()) {
    if (documented.erase(std::string(info.code)) == 0) {
      missing += " " + std::string(info.code);
    }
  }
  CHECK_MESSAGE(missing.empty(), "codes without docs/diagnostics/<code>.md:" << missing);
  std::string orphans;
  for (const std::string& code : documented) {
    orphans += " " + code;
  }
  CHECK_MESSAGE(orphans.empty(), "docs/diagnostics/*.md without a code in kind.def:" << orphans);
}

TEST_CASE("every explanation has the title line, a paragraph, an example and a fix") {
  for (const auto& entry : fs::directory_iterator(DocsDir() / "diagnostics")) {
    if (entry.path().extension() != ".md") {
      continue;
    }
    std::string text = ReadText(entry.path());
    INFO("file " << entry.path().filename().string());
    auto explanation = ParseExplanation(text);
    REQUIRE(explanation.has_value());
    CHECK(explanation->code == entry.path().stem().string());
    CHECK(text.find("\n## Example\n") != std::string::npos);
    CHECK(text.find("\n## How to fix\n") != std::string::npos);
    CHECK(text.ends_with("\n"));
  }
}

// One row of the index: the code linked to its explanation, the name, the middle columns and
// the explanation's title.
auto IndexRow(std::string_view code_view, std::string_view name, const std::string& columns) -> std::string {
  std::string code(code_view);
  auto explanation = ParseExplanation(ReadText(DocsDir() / "diagnostics" / (code + ".md")));
  std::string summary = explanation ? explanation->title : "*(not documented yet)*";
  return "| [" + code + "](diagnostics/" + code + ".md) | `" + std::string(name) + "` | " + columns + " | " +
         summary + " |\n";
}

auto GenerateIndex() -> std::string {
  std::string text =
      "# Diagnostics\n\n"
      "Every diagnostic `takt` reports, by code. `takt explain T0xxx` prints the explanation\n"
      "(the rule, a failing example, the fix); codes are stable and never reused.\n\n"
      "Generated from `compiler/diagnostics/kind.def` and the titles of `docs/diagnostics/*.md`\n"
      "by `scripts/autoupdate_golden`; a unit test fails when it is stale. Do not edit by hand.\n\n"
      "| Code | Name | Severity | Group | Summary |\n"
      "|------|------|----------|-------|---------|\n";
  for (const KindInfo& info : AllKinds()) {
    text += IndexRow(info.code, info.name,
                     std::string(info.severity == Severity::Error ? "error" : "warning") + " | " +
                         std::string(GroupName(info.group)));
  }
  text += "\nRetired codes: nothing emits them any more, and they are never reused.\n\n"
          "| Code | Name | Group | Summary |\n"
          "|------|------|-------|---------|\n";
  for (const RetiredInfo& info : RetiredKinds()) {
    text += IndexRow(info.code, info.name, std::string(GroupName(info.group)));
  }
  return text;
}

TEST_CASE("docs/diagnostics.md lists exactly the codes of kind.def") {
  std::string expected = GenerateIndex();
  fs::path index = DocsDir() / "diagnostics.md";
  const char* autoupdate = std::getenv("TAKT_AUTOUPDATE");
  if (autoupdate != nullptr && std::string_view(autoupdate) == "1") {
    if (ReadText(index) != expected) {
      std::ofstream(index, std::ios::binary) << expected;
    }
    return;
  }
  CHECK_MESSAGE(ReadText(index) == expected,
                "docs/diagnostics.md is stale: run scripts/autoupdate_golden");
}

}  // namespace
}  // namespace takt::diagnostics
