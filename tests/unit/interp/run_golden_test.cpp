// The executor corpus, tests/golden/run/<case>/{*.takt, events.jsonl, expected-actions.jsonl},
// and examples/porto, run through the reference interpreter. The native road loads the same
// corpus. Plant files are named relative to the case directory (porto: relative to the repo
// root), which is what the actions' `src` shows. TAKT_AUTOUPDATE=1 rewrites the expectations:
// review the diff line by line.
#include <doctest/doctest.h>

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
  if (!checked->plant) {
    FAIL_CHECK(dir.string() << " does not check:\n" << checked->errors);
    return;
  }
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
  std::vector<std::string> problems;
  const std::vector<takt::testing::RunCase> cases = takt::testing::RunCorpus(problems);
  for (const std::string& problem : problems) {
    FAIL_CHECK("tests/golden/run: " << problem);
  }
  int ran = 0;
  for (const takt::testing::RunCase& run_case : cases) {
    INFO("case " << run_case.name);
    std::vector<std::pair<std::string, fs::path>> plant_files;
    for (const fs::path& path : run_case.plant_files) {
      plant_files.emplace_back(path.filename().string(), path);
    }
    RunCase(run_case.dir, plant_files);
    ++ran;
  }
  MESSAGE("executor corpus cases run on the interpreter: " << ran);
  CHECK(ran > 0);
}

TEST_CASE("examples/porto on the interpreter") {
  std::vector<std::pair<std::string, fs::path>> plant_files;
  for (const fs::path& path : takt::testing::PlantFilesIn(takt::testing::PortoDir())) {
    plant_files.emplace_back("examples/porto/" + path.filename().string(), path);
  }
  REQUIRE(!plant_files.empty());
  RunCase(takt::testing::PortoDir(), plant_files);
}

}  // namespace takt::interp
