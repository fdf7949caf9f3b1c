#include "compiler/base/file_system.h"

#include <doctest/doctest.h>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>

#include "tests/unit/repo_files.h"
#include "tests/unit/scratch_dir.h"

namespace takt::base {
namespace {

TEST_CASE("InMemoryFileSystem reads what was added and reports what is missing") {
  InMemoryFileSystem fs;
  fs.Add("plant.takt", "plant p");
  std::string error;
  CHECK(fs.ReadFile("plant.takt", error) == "plant p");
  CHECK(fs.ReadFile("./plant.takt", error) == "plant p");
  CHECK_FALSE(fs.ReadFile("missing.takt", error).has_value());
  CHECK(error == "no such file or directory");
}

TEST_CASE("InMemoryFileSystem treats prefixes of files as directories") {
  InMemoryFileSystem fs;
  fs.Add("lib/acme/presses.takt", "module acme.presses");
  fs.Add("lib/readme.md", "");
  fs.Add("plant.takt", "plant p");
  CHECK(fs.IsDirectory("lib"));
  CHECK(fs.IsDirectory("lib/"));
  CHECK(fs.IsDirectory("lib/acme"));
  CHECK(fs.IsDirectory("."));
  CHECK_FALSE(fs.IsDirectory("li"));
  CHECK_FALSE(fs.IsDirectory("plant.takt"));
  CHECK(fs.Exists("lib"));
  CHECK(fs.Exists("plant.takt"));
  CHECK_FALSE(fs.Exists("nope"));
  std::string error;
  CHECK_FALSE(fs.ReadFile("lib", error).has_value());
  CHECK(error == "is a directory");
}

TEST_CASE("InMemoryFileSystem lists .takt files recursively and sorted") {
  InMemoryFileSystem fs;
  fs.Add("b.takt", "");
  fs.Add("a/z.takt", "");
  fs.Add("a/notes.txt", "");
  fs.Add("a.takt", "");
  std::vector<PathError> unreadable;
  CHECK(fs.ListTaktFiles(".", unreadable) == std::vector<std::string>{"a.takt", "a/z.takt", "b.takt"});
  CHECK(fs.ListTaktFiles("a", unreadable) == std::vector<std::string>{"a/z.takt"});
  CHECK(fs.ListTaktFiles("missing", unreadable).empty());
  CHECK(unreadable.empty());
}

TEST_CASE("InMemoryFileSystem writes files, an output only when committed") {
  InMemoryFileSystem fs;
  std::string error;
  CHECK(fs.WriteFile("out/x.takt", "x", error));
  CHECK(fs.files().at("out/x.takt") == "x");
  CHECK_FALSE(fs.WriteFile("out", "y", error));
  {
    std::unique_ptr<OutputFile> file = fs.OpenOutput("out/x.takt", error);
    REQUIRE(file);
    file->Write("dropped");
  }
  CHECK(fs.files().at("out/x.takt") == "x");
  CHECK(fs.IsSameFile("./out/x.takt", "out/x.takt"));
  CHECK_FALSE(fs.IsSameFile("out/y.takt", "out/y.takt"));
}

TEST_CASE("RealFileSystem lists, reads and writes on disk") {
  namespace stdfs = std::filesystem;
  stdfs::path root = stdfs::temp_directory_path() /
                     ("takt_fs_test_" + std::to_string(reinterpret_cast<uintptr_t>(&root)));
  stdfs::remove_all(root);
  stdfs::create_directories(root / "sub" / "deeper");
  RealFileSystem fs;
  std::string error;
  REQUIRE(fs.WriteFile((root / "b.takt").string(), "b", error));
  REQUIRE(fs.WriteFile((root / "sub" / "deeper" / "a.takt").string(), "a", error));
  REQUIRE(fs.WriteFile((root / "sub" / "notes.md").string(), "", error));
  std::vector<PathError> unreadable;
  std::vector<std::string> listed = fs.ListTaktFiles(root.string(), unreadable);
  CHECK(unreadable.empty());
  REQUIRE(listed.size() == 2);
  CHECK(listed[0] == (root / "b.takt").generic_string());
  CHECK(listed[1] == (root / "sub" / "deeper" / "a.takt").generic_string());
  CHECK(fs.ReadFile(listed[1], error) == "a");
  CHECK(fs.IsDirectory((root / "sub").string()));
  CHECK_FALSE(fs.IsDirectory((root / "b.takt").string()));
  CHECK(fs.Exists((root / "b.takt").string()));
  CHECK_FALSE(fs.ReadFile((root / "missing.takt").string(), error).has_value());
  CHECK(error == "no such file or directory");
  CHECK_FALSE(fs.ReadFile((root / "sub").string(), error).has_value());
  CHECK(error == "is a directory");
  stdfs::remove_all(root);
}


// Files may grow to `bytes` at most, as under `ulimit -f`; writes past it fail with EFBIG
// instead of killing the process.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &saved_);
    previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{.rlim_cur = bytes, .rlim_max = saved_.rlim_max};
    ::setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previous_handler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  auto operator=(const FileSizeLimit&) -> FileSizeLimit& = delete;

 private:
  rlimit saved_{};
  void (*previous_handler_)(int) = nullptr;
};

TEST_CASE("RealFileSystem: a write that fails leaves the previous file whole and no temporary file") {
  const testing::ScratchDir dir("write-fails");
  RealFileSystem fs;
  std::string error;
  REQUIRE(fs.WriteFile(dir / "out.jsonl", "previous\n", error));
  {
    const FileSizeLimit limit(4);
    CHECK_FALSE(fs.WriteFile(dir / "out.jsonl", std::string(100, 'x'), error));
  }
  CHECK(error == "file too large");
  CHECK(testing::ReadText(dir / "out.jsonl") == "previous\n");
  CHECK(dir.Entries() == std::vector<std::string>{"out.jsonl"});
}

TEST_CASE("RealFileSystem: an output is invisible until committed, and dropped uncommitted") {
  const testing::ScratchDir dir("output-commit");
  RealFileSystem fs;
  std::string error;
  REQUIRE(fs.WriteFile(dir / "out.jsonl", "previous\n", error));
  {
    std::unique_ptr<OutputFile> file = fs.OpenOutput(dir / "out.jsonl", error);
    REQUIRE(file);
    file->Write("half a ru");
  }
  CHECK(testing::ReadText(dir / "out.jsonl") == "previous\n");
  CHECK(dir.Entries() == std::vector<std::string>{"out.jsonl"});
  std::unique_ptr<OutputFile> file = fs.OpenOutput(dir / "out.jsonl", error);
  REQUIRE(file);
  file->Write("new\n");
  CHECK(testing::ReadText(dir / "out.jsonl") == "previous\n");
  CHECK(file->Commit(error));
  CHECK(testing::ReadText(dir / "out.jsonl") == "new\n");
  CHECK(dir.Entries() == std::vector<std::string>{"out.jsonl"});
}

TEST_CASE("RealFileSystem: a rewritten file keeps its permissions; a link is written through") {
  const testing::ScratchDir dir("output-mode");
  RealFileSystem fs;
  std::string error;
  REQUIRE(fs.WriteFile(dir / "plant.takt", "old", error));
  std::filesystem::permissions(dir / "plant.takt", std::filesystem::perms::owner_read |
                                                       std::filesystem::perms::owner_write |
                                                       std::filesystem::perms::others_read);
  std::filesystem::create_symlink(dir / "plant.takt", dir / "link.takt");
  REQUIRE(fs.WriteFile(dir / "link.takt", "new", error));
  CHECK(std::filesystem::is_symlink(dir / "link.takt"));
  CHECK(testing::ReadText(dir / "plant.takt") == "new");
  CHECK(std::filesystem::status(dir / "plant.takt").permissions() ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
         std::filesystem::perms::others_read));
}

TEST_CASE("RealFileSystem: a device is written in place and its errors are reported") {
  RealFileSystem fs;
  std::string error;
  CHECK(fs.WriteFile("/dev/null", "bytes", error));
  CHECK(std::filesystem::is_character_file("/dev/null"));
  CHECK_FALSE(fs.WriteFile("/dev/full", "bytes", error));
  CHECK(error == "no space left on device");
}

TEST_CASE("RealFileSystem: an output is the same file as an input also through links") {
  const testing::ScratchDir dir("same-file");
  RealFileSystem fs;
  std::string error;
  REQUIRE(fs.WriteFile(dir / "ev.jsonl", "{}\n", error));
  REQUIRE(fs.WriteFile(dir / "other.jsonl", "{}\n", error));
  std::filesystem::create_symlink(dir / "ev.jsonl", dir / "link.jsonl");
  std::filesystem::create_hard_link(dir / "ev.jsonl", dir / "hard.jsonl");
  CHECK(fs.IsSameFile(dir / "ev.jsonl", dir / "ev.jsonl"));
  CHECK(fs.IsSameFile(dir / "link.jsonl", dir / "ev.jsonl"));
  CHECK(fs.IsSameFile(dir / "hard.jsonl", dir / "ev.jsonl"));
  CHECK_FALSE(fs.IsSameFile(dir / "other.jsonl", dir / "ev.jsonl"));
  // An output that does not exist yet cannot be an input, even when the input is missing too.
  CHECK_FALSE(fs.IsSameFile(dir / "new.jsonl", dir / "ev.jsonl"));
  CHECK_FALSE(fs.IsSameFile(dir / "new.jsonl", dir / "new.jsonl"));
}

TEST_CASE("RealFileSystem reads only regular files up to the input limit") {
  RealFileSystem fs;
  std::string error;
  CHECK_FALSE(fs.ReadFile("/dev/zero", error).has_value());
  CHECK(error == "not a regular file");
  const testing::ScratchDir dir("read-limits");
  // A FIFO without a writer would block an ordinary open forever.
  REQUIRE(::mkfifo((dir / "fifo.takt").c_str(), 0600) == 0);
  CHECK_FALSE(fs.ReadFile(dir / "fifo.takt", error).has_value());
  CHECK(error == "not a regular file");
  // Sparse: the test writes no 64 MiB.
  std::ofstream(dir / "huge.takt").close();
  std::filesystem::resize_file(dir / "huge.takt", kMaxInputBytes + 1);
  CHECK_FALSE(fs.ReadFile(dir / "huge.takt", error).has_value());
  CHECK(error == "larger than the input limit of 64 MiB");
}

TEST_CASE("RealFileSystem lists what it cannot read instead of skipping it") {
  const testing::ScratchDir dir("list-unreadable");
  std::filesystem::create_directories(dir / "sub");
  RealFileSystem fs;
  std::string error;
  REQUIRE(fs.WriteFile(dir / "plant.takt", "plant p", error));
  // Each of these defeats reading as root too, where permissions do not.
  REQUIRE(::mkfifo((dir / "sub/fifo.takt").c_str(), 0600) == 0);
  std::filesystem::create_symlink("loop.takt", dir / "sub/loop.takt");
  // An editor's lock file is a dangling link and no source: skipped without a word.
  std::filesystem::create_symlink("user@host.1234", dir / ".#plant.takt");
  std::vector<PathError> unreadable;
  CHECK(fs.ListTaktFiles(dir.path(), unreadable) == std::vector<std::string>{dir / "plant.takt"});
  REQUIRE(unreadable.size() == 2);
  CHECK(unreadable[0].path == dir / "sub/fifo.takt");
  CHECK(unreadable[0].reason == "not a regular file");
  CHECK(unreadable[1].path == dir / "sub/loop.takt");
  CHECK(unreadable[1].reason == "too many levels of symbolic links");
}

TEST_CASE("RealFileSystem reports a subdirectory it may not open") {
  if (::geteuid() == 0) {
    // Root opens any directory; tests/write_faults.sh covers this case as root in a user namespace.
    return;
  }
  const testing::ScratchDir dir("list-denied");
  std::filesystem::create_directories(dir / "sub");
  std::filesystem::permissions(dir / "sub", std::filesystem::perms::none);
  RealFileSystem fs;
  std::vector<PathError> unreadable;
  CHECK(fs.ListTaktFiles(dir.path(), unreadable).empty());
  REQUIRE(unreadable.size() == 1);
  CHECK(unreadable[0].path == dir / "sub");
  CHECK(unreadable[0].reason == "permission denied");
}

}  // namespace
}  // namespace takt::base
