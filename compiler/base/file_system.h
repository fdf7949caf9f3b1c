// The file system as the toolchain sees it. The driver gets the real one from main(); tests run
// the driver in-process on an in-memory one, so golden tests need no temporary files.
#ifndef TAKT_COMPILER_BASE_FILE_SYSTEM_H_
#define TAKT_COMPILER_BASE_FILE_SYSTEM_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace takt::base {

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // The file's bytes, or nullopt with a human reason in `error` ("no such file or directory").
  virtual auto ReadFile(const std::string& path, std::string& error) -> std::optional<std::string> = 0;
  virtual auto WriteFile(const std::string& path, const std::string& contents, std::string& error)
      -> bool = 0;
  virtual auto IsDirectory(const std::string& path) -> bool = 0;
  virtual auto Exists(const std::string& path) -> bool = 0;
  // Every `.takt` file below `dir`, recursively, sorted by path for determinism.
  virtual auto ListTaktFiles(const std::string& dir) -> std::vector<std::string> = 0;
};

class RealFileSystem final : public FileSystem {
 public:
  auto ReadFile(const std::string& path, std::string& error) -> std::optional<std::string> override;
  auto WriteFile(const std::string& path, const std::string& contents, std::string& error)
      -> bool override;
  auto IsDirectory(const std::string& path) -> bool override;
  auto Exists(const std::string& path) -> bool override;
  auto ListTaktFiles(const std::string& dir) -> std::vector<std::string> override;
};

// Paths are plain strings; a directory exists when some file lies below it.
class InMemoryFileSystem final : public FileSystem {
 public:
  void Add(std::string path, std::string contents) { files_[std::move(path)] = std::move(contents); }
  auto files() const -> const std::map<std::string, std::string>& { return files_; }
  auto ReadFile(const std::string& path, std::string& error) -> std::optional<std::string> override;
  auto WriteFile(const std::string& path, const std::string& contents, std::string& error)
      -> bool override;
  auto IsDirectory(const std::string& path) -> bool override;
  auto Exists(const std::string& path) -> bool override;
  auto ListTaktFiles(const std::string& dir) -> std::vector<std::string> override;

 private:
  std::map<std::string, std::string> files_;
};

}  // namespace takt::base

#endif  // TAKT_COMPILER_BASE_FILE_SYSTEM_H_
