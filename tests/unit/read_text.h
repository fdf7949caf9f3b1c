// Reads a whole file as bytes: the repository's plants, goldens and docs that unit tests compare
// against. An unreadable file reads as empty, which the comparing test then reports.
#ifndef TAKT_TESTS_UNIT_READ_TEXT_H_
#define TAKT_TESTS_UNIT_READ_TEXT_H_

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace takt::testing {

inline auto ReadText(const std::filesystem::path& path) -> std::string {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace takt::testing

#endif  // TAKT_TESTS_UNIT_READ_TEXT_H_
