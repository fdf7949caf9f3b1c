#include "compiler/base/file_system.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <filesystem>
#include <system_error>
#include <utility>

#include <fmt/format.h>

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

auto ErrnoReason(int error_number) -> std::string {
  return Reason(std::error_code(error_number, std::generic_category()));
}

static auto HasTaktExtension(std::string_view path) -> bool {
  constexpr std::string_view kExtension = ".takt";
  return path.size() > kExtension.size() &&
         path.substr(path.size() - kExtension.size()) == kExtension;
}

auto FileSystem::WriteFile(const std::string& path, const std::string& contents, std::string& error) -> bool {
  std::unique_ptr<OutputFile> file = OpenOutput(path, error);
  if (!file) {
    return false;
  }
  file->Write(contents);
  return file->Commit(error);
}

auto FileSystem::CreateDirectories(const std::string& path, std::string& error) -> bool {
  if (IsDirectory(path)) {
    return true;
  }
  error = "cannot create directories here";
  return false;
}

namespace {

// Closes a descriptor on every return path of a reader.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() { ::close(fd_); }
  FdCloser(const FdCloser&) = delete;
  auto operator=(const FdCloser&) -> FdCloser& = delete;

 private:
  int fd_;
};

// Writes go to `fd`: a temporary file beside `final_path` that Commit renames over it, or, when
// `temp_path` is empty, the final path itself (a device or a pipe, which has no previous
// contents to keep and must not be replaced by a regular file).
class RealOutputFile final : public OutputFile {
 public:
  RealOutputFile(int fd, std::string final_path, std::string temp_path)
      : fd_(fd), final_path_(std::move(final_path)), temp_path_(std::move(temp_path)) {}
  RealOutputFile(const RealOutputFile&) = delete;
  auto operator=(const RealOutputFile&) -> RealOutputFile& = delete;

  ~RealOutputFile() override {
    if (fd_ >= 0) {
      ::close(fd_);
    }
    if (!committed_ && !temp_path_.empty()) {
      ::unlink(temp_path_.c_str());
    }
  }

  void Write(std::string_view bytes) override {
    if (!error_.empty()) {
      return;
    }
    if (buffer_.empty() && bytes.size() >= kBufferBytes) {
      // A batch as large as the buffer (`takt run` writes 1 MiB ones) goes out with no copy.
      WriteAll(bytes);
      return;
    }
    buffer_.append(bytes);
    if (buffer_.size() >= kBufferBytes) {
      Flush();
    }
  }

  auto Commit(std::string& error) -> bool override {
    Flush();
    // fsync before rename: otherwise a crash can leave the new name on an empty file.
    if (error_.empty() && !temp_path_.empty() && ::fsync(fd_) != 0) {
      error_ = ErrnoReason(errno);
    }
    // Some file systems (NFS, quotas) report a failed write only at close.
    if (::close(std::exchange(fd_, -1)) != 0 && error_.empty()) {
      error_ = ErrnoReason(errno);
    }
    if (error_.empty() && !temp_path_.empty()) {
      if (::rename(temp_path_.c_str(), final_path_.c_str()) != 0) {
        error_ = ErrnoReason(errno);
      } else {
        committed_ = true;
        SyncDirectory();
      }
    }
    if (!error_.empty()) {
      error = error_;
      return false;
    }
    return true;
  }

 private:
  static constexpr size_t kBufferBytes = size_t{1} << 16;

  void Flush() {
    WriteAll(buffer_);
    buffer_.clear();
  }

  void WriteAll(std::string_view rest) {
    while (error_.empty() && !rest.empty()) {
      const ssize_t written = ::write(fd_, rest.data(), rest.size());
      if (written < 0) {
        if (errno != EINTR) {
          error_ = ErrnoReason(errno);
        }
        continue;
      }
      rest.remove_prefix(static_cast<size_t>(written));
    }
  }

  // Makes the rename itself durable. The file is already in place and whole; a directory that
  // cannot be synced (some network file systems refuse) loses nothing, so it is not an error.
  void SyncDirectory() const {
    const fs::path directory = fs::path(final_path_).parent_path();
    const int fd = ::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
      ::fsync(fd);
      ::close(fd);
    }
  }

  int fd_;
  std::string final_path_;
  std::string temp_path_;
  std::string buffer_;
  std::string error_;
  bool committed_ = false;
};

}  // namespace

auto RealFileSystem::ReadFile(const std::string& path, std::string& error) -> std::optional<std::string> {
  // O_NONBLOCK: opening a FIFO must not wait for a writer before it is refused below.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    error = ErrnoReason(errno);
    return std::nullopt;
  }
  const FdCloser closer(fd);
  struct stat status {};
  if (::fstat(fd, &status) != 0) {
    error = ErrnoReason(errno);
    return std::nullopt;
  }
  if (S_ISDIR(status.st_mode)) {
    error = "is a directory";
    return std::nullopt;
  }
  // A device or pipe may never end (`/dev/zero`) and cannot be read twice.
  if (!S_ISREG(status.st_mode)) {
    error = "not a regular file";
    return std::nullopt;
  }
  const std::string too_large = fmt::format("larger than the input limit of {} MiB", kMaxInputBytes >> 20);
  if (static_cast<uint64_t>(status.st_size) > kMaxInputBytes) {
    error = too_large;
    return std::nullopt;
  }
  std::string contents;
  char chunk[1 << 16];
  while (true) {
    const ssize_t got = ::read(fd, chunk, sizeof chunk);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      error = ErrnoReason(errno);
      return std::nullopt;
    }
    if (got == 0) {
      return contents;
    }
    // The file may grow while it is read.
    if (contents.size() + static_cast<size_t>(got) > kMaxInputBytes) {
      error = too_large;
      return std::nullopt;
    }
    contents.append(chunk, static_cast<size_t>(got));
  }
}

auto RealFileSystem::OpenOutput(const std::string& path, std::string& error) -> std::unique_ptr<OutputFile> {
  std::string target = path;
  struct stat status {};
  if (::lstat(path.c_str(), &status) == 0 && S_ISLNK(status.st_mode)) {
    // Write through a link to its target, as the shell's `>` does, instead of replacing the link.
    std::error_code ec;
    const fs::path resolved = fs::canonical(path, ec);
    if (!ec) {
      target = resolved.string();
    }
  }
  const bool exists = ::stat(target.c_str(), &status) == 0;
  if (exists && S_ISDIR(status.st_mode)) {
    error = "is a directory";
    return nullptr;
  }
  if (exists && !S_ISREG(status.st_mode)) {
    // `/dev/null`, `/dev/full`, a FIFO: renaming a file over them would replace the device.
    const int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
      error = ErrnoReason(errno);
      return nullptr;
    }
    return std::make_unique<RealOutputFile>(fd, target, "");
  }
  // Beside the target, so the rename stays within one file system and is atomic; hidden, so a
  // directory scan never mistakes it for a source.
  static std::atomic<uint64_t> counter{0};
  const fs::path target_path(target);
  const fs::path directory = target_path.parent_path();
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::string name =
        fmt::format(".{}.{}-{}.tmp", target_path.filename().string(), ::getpid(), counter.fetch_add(1));
    const std::string temp = (directory / name).string();
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno == EEXIST) {
      continue;
    }
    if (fd < 0) {
      error = ErrnoReason(errno);
      return nullptr;
    }
    auto file = std::make_unique<RealOutputFile>(fd, target, temp);
    if (exists) {
      // The rewritten file keeps the previous one's permissions and, where allowed, its owner
      // (root running `takt fmt` on a user's plant); a refused chown changes nothing.
      if (::fchmod(fd, status.st_mode & 07777) != 0) {
        error = ErrnoReason(errno);
        return nullptr;
      }
      [[maybe_unused]] const int ignored = ::fchown(fd, status.st_uid, status.st_gid);
    }
    return file;
  }
  error = "cannot create a unique temporary file";
  return nullptr;
}

auto RealFileSystem::IsSameFile(const std::string& output, const std::string& input) -> bool {
  struct stat output_status {};
  struct stat input_status {};
  return ::stat(output.c_str(), &output_status) == 0 && ::stat(input.c_str(), &input_status) == 0 &&
         output_status.st_dev == input_status.st_dev && output_status.st_ino == input_status.st_ino;
}

auto RealFileSystem::IsDirectory(const std::string& path) -> bool {
  std::error_code ec;
  return fs::is_directory(path, ec);
}

auto RealFileSystem::Exists(const std::string& path) -> bool {
  std::error_code ec;
  return fs::exists(path, ec);
}

auto RealFileSystem::CreateDirectories(const std::string& path, std::string& error) -> bool {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (!ec && fs::is_directory(path, ec)) {
    return true;
  }
  error = ec ? ErrnoReason(ec.value()) : "not a directory";
  return false;
}

// `takt check .` should print `plant.takt`, not `./plant.takt`.
static auto DisplayPath(const fs::path& path) -> std::string {
  std::string text = path.generic_string();
  if (text.starts_with("./")) {
    text.erase(0, 2);
  }
  return text;
}

auto RealFileSystem::ListTaktFiles(const std::string& dir, std::vector<PathError>& unreadable)
    -> std::vector<std::string> {
  std::vector<std::string> result;
  // Walked iteratively, one directory at a time, so a directory that cannot be opened is named
  // and the walk goes on with its siblings.
  std::vector<fs::path> pending{fs::path(dir)};
  while (!pending.empty()) {
    const fs::path current = std::move(pending.back());
    pending.pop_back();
    std::error_code ec;
    for (fs::directory_iterator it(current, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
      std::error_code type_error;
      const fs::file_status link = it->symlink_status(type_error);
      // Links to directories are not followed, as `find` does not: no cycles, no duplicates.
      if (fs::is_directory(link)) {
        pending.push_back(it->path());
        continue;
      }
      std::string path = DisplayPath(it->path());
      if (!HasTaktExtension(path)) {
        continue;
      }
      const fs::file_status target = it->status(type_error);
      if (fs::is_regular_file(target)) {
        result.push_back(std::move(path));
      } else if (fs::is_symlink(link) && type_error == std::errc::no_such_file_or_directory) {
        // A dangling link is an editor's lock file (emacs writes `.#plant.takt`), not a source.
        continue;
      } else if (!fs::is_directory(target)) {
        unreadable.push_back({.path = std::move(path), .reason = type_error ? Reason(type_error) : "not a regular file"});
      }
    }
    if (ec) {
      unreadable.push_back({.path = DisplayPath(current), .reason = Reason(ec)});
    }
  }
  std::sort(result.begin(), result.end());
  std::sort(unreadable.begin(), unreadable.end(),
            [](const PathError& a, const PathError& b) { return a.path < b.path; });
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

namespace {

// Collects the bytes and stores them at Commit, like the real file's rename.
class InMemoryOutputFile final : public OutputFile {
 public:
  InMemoryOutputFile(std::map<std::string, std::string>& files, std::string key)
      : files_(files), key_(std::move(key)) {}
  void Write(std::string_view bytes) override { contents_.append(bytes); }
  auto Commit(std::string& /*error*/) -> bool override {
    files_[key_] = std::move(contents_);
    return true;
  }

 private:
  std::map<std::string, std::string>& files_;
  std::string key_;
  std::string contents_;
};

}  // namespace

auto InMemoryFileSystem::OpenOutput(const std::string& path, std::string& error) -> std::unique_ptr<OutputFile> {
  std::string key = Normalize(path);
  if (key.empty() || IsDirectory(key)) {
    error = "is a directory";
    return nullptr;
  }
  return std::make_unique<InMemoryOutputFile>(files_, std::move(key));
}

auto InMemoryFileSystem::IsSameFile(const std::string& output, const std::string& input) -> bool {
  const std::string key = Normalize(output);
  return key == Normalize(input) && Exists(key);
}

auto InMemoryFileSystem::IsDirectory(const std::string& path) -> bool {
  std::string dir = Normalize(path);
  return std::any_of(files_.begin(), files_.end(),
                     [&](const auto& entry) { return IsBelow(entry.first, dir); });
}

auto InMemoryFileSystem::Exists(const std::string& path) -> bool {
  return files_.contains(Normalize(path)) || IsDirectory(path);
}

// Directories exist only through the files below them: nothing to make, unless a file is in the way.
auto InMemoryFileSystem::CreateDirectories(const std::string& path, std::string& error) -> bool {
  if (files_.contains(Normalize(path))) {
    error = "not a directory";
    return false;
  }
  return true;
}

// Every file in memory is readable: `unreadable` stays empty.
auto InMemoryFileSystem::ListTaktFiles(const std::string& dir, std::vector<PathError>& /*unreadable*/)
    -> std::vector<std::string> {
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
