#include "compiler/base/file_system.h"

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

namespace takt::base {

namespace fs = std::filesystem;

// `std::error_code::message()` capitalises ("No such file or directory"); diagnostics start
// lower-case, so the reason is normalised once here for every caller.
static auto Reason(const std::error_code& error) -> std::string {
  std::string text = error.message();
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') {
    text[0] = static_cast<char>(text[0] - 'A' + 'a');
  }
  return text;
}

static auto HasTaktExtension(std::string_view path) -> bool {
  constexpr std::string_view kExtension = ".takt";
  return path.size() > kExtension.size() &&
         path.substr(path.size() - kExtension.size()) == kExtension;
}

auto RealFileSystem::ReadFile(const std::string& path, std::string& error)
    -> std::optional<std::string> {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    error = "is a directory";
    return std::nullopt;
  }
  if (!fs::exists(path, ec)) {
    error = "no such file or directory";
    return std::nullopt;
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    // ifstream reports no reason of its own; open(2) left it in errno.
    error = errno != 0 ? Reason(std::error_code(errno, std::generic_category())) : "cannot open";
    return std::nullopt;
  }
  std::string contents((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    error = "read error";
    return std::nullopt;
  }
  return contents;
}

auto RealFileSystem::WriteFile(const std::string& path, const std::string& contents,
                               std::string& error) -> bool {
  errno = 0;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    error = errno != 0 ? Reason(std::error_code(errno, std::generic_category()))
                       : "cannot open for writing";
    return false;
  }
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.flush();
  if (!out) {
    error = "write error";
    return false;
  }
  return true;
}

auto RealFileSystem::IsDirectory(const std::string& path) -> bool {
  std::error_code ec;
  return fs::is_directory(path, ec);
}

auto RealFileSystem::Exists(const std::string& path) -> bool {
  std::error_code ec;
  return fs::exists(path, ec);
}

auto RealFileSystem::ListTaktFiles(const std::string& dir) -> std::vector<std::string> {
  std::vector<std::string> result;
  std::error_code ec;
  // Unreadable subdirectories are skipped rather than aborting the walk: the caller reports
  // "no files" when nothing at all was found, which is the only case a user can act on.
  auto it = fs::recursive_directory_iterator(
      dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code type_error;
    if (!it->is_regular_file(type_error)) {
      continue;
    }
    std::string path = it->path().generic_string();
    if (!HasTaktExtension(path)) {
      continue;
    }
    // `takt check .` should print `plant.takt`, not `./plant.takt`.
    if (path.starts_with("./")) {
      path.erase(0, 2);
    }
    result.push_back(std::move(path));
  }
  std::sort(result.begin(), result.end());
  return result;
}

// The in-memory file system has no current directory other than its root: `.`, `./x` and `x`
// name the same place, and a directory is any prefix that some file lies below.
static auto Normalize(std::string path) -> std::string {
  while (path.starts_with("./")) {
    path.erase(0, 2);
  }
  while (path.size() > 1 && path.back() == '/') {
    path.pop_back();
  }
  if (path == ".") {
    path.clear();
  }
  return path;
}

static auto IsBelow(const std::string& file, const std::string& dir) -> bool {
  return dir.empty() || (file.size() > dir.size() && file.starts_with(dir) && file[dir.size()] == '/');
}

auto InMemoryFileSystem::ReadFile(const std::string& path, std::string& error)
    -> std::optional<std::string> {
  auto it = files_.find(Normalize(path));
  if (it == files_.end()) {
    error = IsDirectory(path) ? "is a directory" : "no such file or directory";
    return std::nullopt;
  }
  return it->second;
}

auto InMemoryFileSystem::WriteFile(const std::string& path, const std::string& contents,
                                   std::string& error) -> bool {
  std::string key = Normalize(path);
  if (key.empty() || IsDirectory(key)) {
    error = "is a directory";
    return false;
  }
  files_[key] = contents;
  return true;
}

auto InMemoryFileSystem::IsDirectory(const std::string& path) -> bool {
  std::string dir = Normalize(path);
  return std::any_of(files_.begin(), files_.end(),
                     [&](const auto& entry) { return IsBelow(entry.first, dir); });
}

auto InMemoryFileSystem::Exists(const std::string& path) -> bool {
  return files_.contains(Normalize(path)) || IsDirectory(path);
}

auto InMemoryFileSystem::ListTaktFiles(const std::string& dir) -> std::vector<std::string> {
  std::string root = Normalize(dir);
  std::vector<std::string> result;
  // std::map iterates in key order, so the result is already sorted.
  for (const auto& [path, contents] : files_) {
    if (IsBelow(path, root) && HasTaktExtension(path)) {
      result.push_back(path);
    }
  }
  return result;
}

}  // namespace takt::base
