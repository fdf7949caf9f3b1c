// The repository's files that tests read: plants, goldens, docs, fuzz corpora. TAKT_SOURCE_DIR
// is the repository root, defined by the test targets.
#ifndef TAKT_TESTS_UNIT_REPO_FILES_H_
#define TAKT_TESTS_UNIT_REPO_FILES_H_

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace takt::testing {

// A whole file as bytes. An unreadable file reads as empty, which the comparing test then reports.
inline auto ReadText(const std::filesystem::path& path) -> std::string {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// examples/porto, the normative plant.
inline auto PortoDir() -> std::string { return (std::filesystem::path(TAKT_SOURCE_DIR) / "examples" / "porto").string(); }

// The `.takt` files directly in `dir`, sorted.
inline auto PlantFilesIn(const std::filesystem::path& dir) -> std::vector<std::filesystem::path> {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".takt") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// One case of the executor corpus, tests/golden/run/<name>/: the plant's `.takt` files,
// `events.jsonl`, the reviewed `expected-actions.jsonl` (a new case starts with an empty one,
// which TAKT_AUTOUPDATE=1 fills) and `expected.xir`, what `takt build --emit=xir` prints.
struct RunCase {
  std::string name;
  std::filesystem::path dir;
  std::vector<std::filesystem::path> plant_files;
};

// Every case of the corpus, sorted by name. A directory without plant files, events or expected
// actions is named in `problems`: the tests that load the corpus fail on it (and on an empty
// corpus) rather than skip it.
inline auto RunCorpus(std::vector<std::string>& problems) -> std::vector<RunCase> {
  const std::filesystem::path root = std::filesystem::path(TAKT_SOURCE_DIR) / "tests" / "golden" / "run";
  std::vector<RunCase> cases;
  if (!std::filesystem::is_directory(root)) {
    problems.push_back(root.string() + " is not a directory");
    return cases;
  }
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    if (!entry.is_directory()) {
      continue;
    }
    RunCase run_case{
        .name = entry.path().filename().string(), .dir = entry.path(), .plant_files = PlantFilesIn(entry.path())};
    if (run_case.plant_files.empty()) {
      problems.push_back(run_case.name + ": no .takt file");
    }
    for (const char* required : {"events.jsonl", "expected-actions.jsonl"}) {
      if (!std::filesystem::is_regular_file(entry.path() / required)) {
        problems.push_back(run_case.name + ": no " + required);
      }
    }
    cases.push_back(std::move(run_case));
  }
  std::sort(cases.begin(), cases.end(), [](const RunCase& a, const RunCase& b) { return a.name < b.name; });
  if (cases.empty()) {
    problems.push_back(root.string() + " holds no case");
  }
  return cases;
}

}  // namespace takt::testing

#endif  // TAKT_TESTS_UNIT_REPO_FILES_H_
