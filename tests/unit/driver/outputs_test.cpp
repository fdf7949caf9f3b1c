#include "compiler/driver/outputs.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <streambuf>

#include <sys/stat.h>

#include "tests/unit/repo_files.h"
#include "tests/unit/run_takt.h"
#include "tests/unit/scratch_dir.h"

namespace takt::driver {
namespace {

namespace fs = std::filesystem;
using takt::testing::PortoDir;
using takt::testing::ReadText;
using takt::testing::RunTakt;
using takt::testing::RunTaktOnDisk;
using takt::testing::ScratchDir;

// porto's sources in a scratch directory, with its events as `ev.jsonl` beside them.
auto CopyPorto(const ScratchDir& dir) -> std::string {
  fs::copy(PortoDir(), dir / "p");
  fs::copy_file(fs::path(PortoDir()) / "events.jsonl", dir / "ev.jsonl");
  return dir / "p";
}

TEST_CASE("run refuses to write its actions over its events, also through a link") {
  const ScratchDir dir("run-over-events");
  const std::string plant = CopyPorto(dir);
  const std::string events = dir / "ev.jsonl";
  const std::string before = ReadText(events);
  fs::create_symlink(events, dir / "link.jsonl");
  for (const std::string& output : {events, dir / "link.jsonl"}) {
    const auto run = RunTaktOnDisk({"run", "--interp", plant, "--events", events, "-o", output});
    CHECK(run.exit_code == kExitUsage);
    CHECK(run.err == "error[T0029]: cannot write `" + output + "`: it is the input `" + events + "`\n");
    CHECK(ReadText(events) == before);
  }
}

TEST_CASE("run with an unreadable events file leaves the previous output as it was") {
  const ScratchDir dir("run-missing-events");
  const std::string plant = CopyPorto(dir);
  const std::string output = dir / "prev.jsonl";
  std::ofstream(output) << "{\"action\":\"previous\"}\n";
  const auto run = RunTaktOnDisk({"run", "--interp", plant, "--events", dir / "missing.jsonl", "-o", output});
  CHECK(run.exit_code == kExitUsage);
  CHECK(run.err.find("cannot read events") != std::string::npos);
  CHECK(ReadText(output) == "{\"action\":\"previous\"}\n");
  CHECK(dir.Entries() == std::vector<std::string>{"ev.jsonl", "p", "prev.jsonl"});
}

TEST_CASE("graph and test refuse to write over a source of the plant") {
  const ScratchDir dir("over-source");
  const std::string plant = CopyPorto(dir);
  const std::string source = dir / "p/plant.takt";
  const std::string before = ReadText(source);
  const auto graph = RunTaktOnDisk({"graph", plant, "-o", source});
  CHECK(graph.exit_code == kExitUsage);
  CHECK(graph.err == "error[T0029]: cannot write `" + source + "`: it is the input `" + source + "`\n");
  const auto test = RunTaktOnDisk({"test", "--interp", plant, "--junit", source});
  CHECK(test.exit_code == kExitUsage);
  CHECK(test.err.find("error[T0029]: cannot write `" + source + "`: it is the input") != std::string::npos);
  CHECK(ReadText(source) == before);
}

TEST_CASE("an input that is not a regular file is an error, not a crash") {
  const auto run = RunTaktOnDisk({"check", "/dev/zero"});
  CHECK(run.exit_code == kExitUsage);
  CHECK(run.err.find("cannot read `/dev/zero`: not a regular file") != std::string::npos);
}

// An in-memory file system whose directory `plant/sub` cannot be read, and whose writes all
// fail as on a full disk: what no test can arrange on disk when it runs as root.
class FaultyFileSystem final : public base::FileSystem {
 public:
  explicit FaultyFileSystem(base::InMemoryFileSystem& files) : files_(files) {}
  auto ReadFile(const std::string& path, std::string& error) -> std::optional<std::string> override {
    return files_.ReadFile(path, error);
  }
  auto OpenOutput(const std::string& /*path*/, std::string& /*error*/)
      -> std::unique_ptr<base::OutputFile> override {
    // The real file system fails the same way, at the first write or at the latest at Commit.
    class FullDisk final : public base::OutputFile {
     public:
      void Write(std::string_view /*bytes*/) override {}
      auto Commit(std::string& error) -> bool override {
        error = "no space left on device";
        return false;
      }
    };
    return std::make_unique<FullDisk>();
  }
  auto IsSameFile(const std::string& output, const std::string& input) -> bool override {
    return files_.IsSameFile(output, input);
  }
  auto IsDirectory(const std::string& path) -> bool override { return files_.IsDirectory(path); }
  auto Exists(const std::string& path) -> bool override { return files_.Exists(path); }
  auto ListTaktFiles(const std::string& dir, std::vector<base::PathError>& unreadable)
      -> std::vector<std::string> override {
    unreadable.push_back({.path = "plant/sub", .reason = "permission denied"});
    return files_.ListTaktFiles(dir, unreadable);
  }

 private:
  base::InMemoryFileSystem& files_;
};

auto PortoInMemory() -> base::InMemoryFileSystem {
  base::InMemoryFileSystem files;
  base::RealFileSystem disk;
  std::vector<base::PathError> unreadable;
  for (const std::string& path : disk.ListTaktFiles(PortoDir(), unreadable)) {
    std::string error;
    files.Add("plant/" + fs::path(path).filename().string(), *disk.ReadFile(path, error));
  }
  return files;
}

TEST_CASE("an unreadable subdirectory fails the command instead of hiding its tests") {
  base::InMemoryFileSystem files = PortoInMemory();
  FaultyFileSystem faulty(files);
  const auto run = RunTakt({"test", "--interp", "plant"}, faulty);
  CHECK(run.exit_code == kExitUsage);
  CHECK(run.err.find("cannot read `plant/sub`: permission denied") != std::string::npos);
  CHECK(run.out.empty());
}

TEST_CASE("a failed write names the path, exits 2 and keeps the previous file") {
  base::InMemoryFileSystem files = PortoInMemory();
  files.Add("out.dot", "previous");
  FaultyFileSystem faulty(files);
  // The listing fault is not this test's subject: name the files, not the directory.
  std::vector<std::string_view> args = {"graph", "-o", "out.dot"};
  std::vector<std::string> paths;
  for (const auto& [path, contents] : files.files()) {
    if (path.ends_with(".takt")) {
      paths.push_back(path);
    }
  }
  args.insert(args.end(), paths.begin(), paths.end());
  const auto run = RunTakt(args, faulty);
  CHECK(run.exit_code == kExitUsage);
  CHECK(run.err == "error[T0004]: cannot write `out.dot`: no space left on device\n");
  CHECK(files.files().at("out.dot") == "previous");
}

// Standard output on a full disk.
class FullStreamBuf final : public std::streambuf {
 protected:
  auto overflow(int_type /*c*/) -> int_type override { return traits_type::eof(); }
};

TEST_CASE("a lost standard output is an error") {
  FullStreamBuf full;
  std::ostream out(&full);
  std::ostringstream err;
  std::istringstream in;
  base::InMemoryFileSystem files;
  DriverEnv env{.file_system = files, .out = out, .err = err, .in = in};
  const std::vector<std::string_view> args = {"--help"};
  CHECK(RunDriver(args, env) == kExitUsage);
  CHECK(err.str() == "error[T0030]: cannot write standard output: write error\n");
}

}  // namespace
}  // namespace takt::driver
