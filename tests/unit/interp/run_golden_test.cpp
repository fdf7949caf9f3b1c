// The executor corpus, tests/golden/run/<case>/{*.takt, events.jsonl, expected-actions.jsonl},
// and examples/porto, run through the reference interpreter. The native road loads the same
// corpus. Plant files are named relative to the case directory (porto: relative to the repo
// root), which is what the actions' `src` shows. TAKT_AUTOUPDATE=1 rewrites the expectations:
// review the diff line by line.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/unit/interp/plant_fixture.h"

#include "tests/unit/repo_files.h"

namespace takt::interp {

namespace fs = std::filesystem;

using takt::testing::ReadText;

// The first line where the texts differ, for a readable failure.
static auto FirstDifference(const std::string& expected, const std::string& actual) -> std::string {
  std::istringstream a(expected);
  std::istringstream b(actual);
  std::string x;
  std::string y;
  for (int line = 1;; ++line) {
    const bool more_a = static_cast<bool>(std::getline(a, x));
    const bool more_b = static_cast<bool>(std::getline(b, y));
    if (!more_a && !more_b) {
      return "";
    }
    if (!more_a || !more_b || x != y) {
      return "line " + std::to_string(line) + "\n  expected: " + (more_a ? x : "<end>") +
             "\n  actual:   " + (more_b ? y : "<end>");
    }
  }
}

static void RunCase(const fs::path& dir, const std::vector<std::pair<std::string, fs::path>>& plant_files) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& [name, path] : plant_files) {
    files.emplace_back(name, ReadText(path));
  }
  const auto checked = CheckFiles(files);
  REQUIRE_MESSAGE(checked->plant, checked->errors);
  const std::string actual = RunPlant(*checked, ReadText(dir / "events.jsonl"));
  const fs::path expected_path = dir / "expected-actions.jsonl";
  if (std::getenv("TAKT_AUTOUPDATE") != nullptr) {
    std::ofstream(expected_path, std::ios::binary) << actual;
    return;
  }
  const std::string expected = ReadText(expected_path);
  CHECK_MESSAGE(expected == actual, FirstDifference(expected, actual));
}

TEST_CASE("executor corpus on the interpreter") {
  const fs::path root = fs::path(TAKT_SOURCE_DIR) / "tests/golden/run";
  std::vector<fs::path> cases;
  if (fs::exists(root)) {
    for (const auto& entry : fs::directory_iterator(root)) {
      if (entry.is_directory()) {
        cases.push_back(entry.path());
      }
    }
  }
  std::sort(cases.begin(), cases.end());
  for (const fs::path& dir : cases) {
    SUBCASE(dir.filename().string().c_str()) {
      std::vector<std::pair<std::string, fs::path>> plant_files;
      for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() == ".takt") {
          plant_files.emplace_back(entry.path().filename().string(), entry.path());
        }
      }
      std::sort(plant_files.begin(), plant_files.end());
      RunCase(dir, plant_files);
    }
  }
}

TEST_CASE("examples/porto on the interpreter") {
  const fs::path source_dir(TAKT_SOURCE_DIR);
  const fs::path dir = source_dir / "examples/porto";
  std::vector<std::pair<std::string, fs::path>> plant_files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".takt") {
      plant_files.emplace_back("examples/porto/" + entry.path().filename().string(), entry.path());
    }
  }
  std::sort(plant_files.begin(), plant_files.end());
  RunCase(dir, plant_files);
}

}  // namespace takt::interp
