// A scratch directory on disk for tests of what commands leave behind: created empty under the
// system's temporary directory, removed (permissions restored first) at the end of the test.
#ifndef TAKT_TESTS_UNIT_SCRATCH_DIR_H_
#define TAKT_TESTS_UNIT_SCRATCH_DIR_H_

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace takt::testing {

class ScratchDir {
 public:
  explicit ScratchDir(std::string_view name)
      : path_(std::filesystem::temp_directory_path() /
              ("takt-" + std::string(name) + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path_, ignored)) {
      if (entry.is_directory(ignored)) {
        std::filesystem::permissions(entry.path(), std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::add, ignored);
      }
    }
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  auto operator=(const ScratchDir&) -> ScratchDir& = delete;

  auto path() const -> std::string { return path_.string(); }
  auto operator/(std::string_view name) const -> std::string { return (path_ / name).string(); }
  // The directory's entries, sorted: proves that no temporary file was left behind.
  auto Entries() const -> std::vector<std::string> {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace takt::testing

#endif  // TAKT_TESTS_UNIT_SCRATCH_DIR_H_
