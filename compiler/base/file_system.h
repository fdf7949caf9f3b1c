// The file system as the toolchain sees it. The driver gets the real one from main(); tests run
// the driver in-process on an in-memory one, so golden tests need no temporary files.
//
// Nothing written through it can be lost: an output is written to a temporary file beside it and
// renamed into place only when every byte made it to disk, so a failed or killed command leaves
// the previous file whole (docs/cli.md, "Outputs").
#ifndef TAKT_COMPILER_BASE_FILE_SYSTEM_H_
#define TAKT_COMPILER_BASE_FILE_SYSTEM_H_

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace takt::base {

// The largest input ReadFile accepts. Plants are kilobytes; the cap turns `takt check /dev/zero`
// or a mistaken multi-gigabyte path into a clear error instead of exhausting memory.
inline constexpr size_t kMaxInputBytes = size_t{64} << 20;

// The reason for an errno value as diagnostics print it, lower-case: `no space left on device`.
auto ErrnoReason(int error_number) -> std::string;

// A path and why it could not be used.
struct PathError {
  std::string path;
  std::string reason;
};

// An output being written. The bytes become the file under its final path only at Commit();
// destroyed uncommitted (an error, an early return), it discards them and the previous file
// stays as it was. The first failure is kept and reported by Commit.
class OutputFile {
 public:
  virtual ~OutputFile() = default;
  virtual void Write(std::string_view bytes) = 0;
  // False with a lower-case reason (`no space left on device`) when any write, the sync, the
  // close or the rename failed; the previous file is then untouched.
  virtual auto Commit(std::string& error) -> bool = 0;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // The file's bytes, or nullopt with a human reason in `error` ("no such file or directory").
  // Only regular files of at most kMaxInputBytes are read.
  virtual auto ReadFile(const std::string& path, std::string& error) -> std::optional<std::string> = 0;
  // Starts writing `path`; nullptr with a reason when it cannot be created.
  virtual auto OpenOutput(const std::string& path, std::string& error) -> std::unique_ptr<OutputFile> = 0;
  // Writes `contents` as the whole of `path`, all or nothing.
  auto WriteFile(const std::string& path, const std::string& contents, std::string& error) -> bool;
  // Whether writing `output` would overwrite `input`: the same file, also through a link. An
  // output that does not exist yet is no input.
  virtual auto IsSameFile(const std::string& output, const std::string& input) -> bool = 0;
  virtual auto IsDirectory(const std::string& path) -> bool = 0;
  virtual auto Exists(const std::string& path) -> bool = 0;
  // Makes `path` a directory, with its missing parents (`takt doc -o site`); true when it already
  // is one. False with a reason otherwise (a file is in the way). A file system that only reads
  // (the language server's overlay) keeps this default, which makes nothing.
  virtual auto CreateDirectories(const std::string& path, std::string& error) -> bool;
  // Every `.takt` file below `dir`, recursively, sorted by path for determinism. A directory
  // that cannot be read, or a `.takt` entry that is not a readable file, goes to `unreadable`:
  // skipping it silently would make `takt test` pass with tests missing.
  virtual auto ListTaktFiles(const std::string& dir, std::vector<PathError>& unreadable)
      -> std::vector<std::string> = 0;
};

class RealFileSystem final : public FileSystem {
 public:
  auto ReadFile(const std::string& path, std::string& error) -> std::optional<std::string> override;
  auto OpenOutput(const std::string& path, std::string& error) -> std::unique_ptr<OutputFile> override;
  auto IsSameFile(const std::string& output, const std::string& input) -> bool override;
  auto IsDirectory(const std::string& path) -> bool override;
  auto Exists(const std::string& path) -> bool override;
  auto CreateDirectories(const std::string& path, std::string& error) -> bool override;
  auto ListTaktFiles(const std::string& dir, std::vector<PathError>& unreadable)
      -> std::vector<std::string> override;
};

// Paths are plain strings; a directory exists when some file lies below it.
class InMemoryFileSystem final : public FileSystem {
 public:
  void Add(std::string path, std::string contents) { files_[std::move(path)] = std::move(contents); }
  auto files() const -> const std::map<std::string, std::string>& { return files_; }
  auto ReadFile(const std::string& path, std::string& error) -> std::optional<std::string> override;
  auto OpenOutput(const std::string& path, std::string& error) -> std::unique_ptr<OutputFile> override;
  auto IsSameFile(const std::string& output, const std::string& input) -> bool override;
  auto IsDirectory(const std::string& path) -> bool override;
  auto Exists(const std::string& path) -> bool override;
  auto CreateDirectories(const std::string& path, std::string& error) -> bool override;
  auto ListTaktFiles(const std::string& dir, std::vector<PathError>& unreadable)
      -> std::vector<std::string> override;

 private:
  std::map<std::string, std::string> files_;
};

}  // namespace takt::base

#endif  // TAKT_COMPILER_BASE_FILE_SYSTEM_H_
