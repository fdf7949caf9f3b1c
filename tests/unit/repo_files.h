// The repository's files that tests read: plants, goldens, docs, fuzz corpora. TAKT_SOURCE_DIR
// is the repository root, defined by the test targets.
#ifndef TAKT_TESTS_UNIT_REPO_FILES_H_
#define TAKT_TESTS_UNIT_REPO_FILES_H_

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

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

}  // namespace takt::testing

#endif  // TAKT_TESTS_UNIT_REPO_FILES_H_
