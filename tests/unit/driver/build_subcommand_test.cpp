#include "compiler/driver/build_subcommand.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/driver/driver.h"
#include "compiler/driver/executor_metadata.h"
#include "takt/loader.h"
#include "takt/sha256.h"
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

TEST_CASE("build --emit=xir prints the plant's executor IR") {
  base::RealFileSystem file_system;
  const auto run = RunTakt({"build", "--emit", "xir", PortoDir()}, file_system);
  CHECK(run.exit_code == kExitOk);
  CHECK(run.err.empty());
  CHECK(run.out.starts_with("xir plant porto\nsha256 "));
  CHECK(run.out.find("func on_timer() context=timer entry {") != std::string::npos);
}

TEST_CASE("build --emit=llvm prints LLVM IR with the descriptor") {
  base::RealFileSystem file_system;
  const auto run = RunTakt({"build", "--emit=llvm", PortoDir()}, file_system);
  CHECK(run.exit_code == kExitOk);
  CHECK(run.out.find("@takt_executor_v1 = ") != std::string::npos);
}

TEST_CASE("build of a plant with errors reports them and exits 1") {
  base::InMemoryFileSystem file_system;
  file_system.Add("plant.takt", "plant broken \"Broken\"\nrole a \"A\" reports_to nobody\n");
  const auto run = RunTakt({"build", "--emit=xir", "plant.takt"}, file_system);
  CHECK(run.exit_code == kExitErrors);
  CHECK(run.out.empty());
  CHECK(run.err.find("error[") != std::string::npos);
}

TEST_CASE("run on sources uses the native executor and agrees with --interp") {
  base::InMemoryFileSystem file_system;
  const std::string events =
      "{\"t\":\"2026-11-28T08:00:00Z\",\"type\":\"down\",\"workcenter\":\"press_01\"}\n"
      "{\"t\":\"2026-11-28T08:06:00Z\",\"type\":\"measure\",\"control\":\"weld_current\",\"value\":230}\n";
  base::RealFileSystem real;
  std::vector<base::PathError> unreadable;
  for (const std::string& path : real.ListTaktFiles(PortoDir(), unreadable)) {
    std::string error;
    file_system.Add(path, *real.ReadFile(path, error));
  }
  file_system.Add("events.jsonl", events);
  const auto native = RunTakt({"run", PortoDir(), "--events", "events.jsonl"}, file_system);
  const auto interp = RunTakt({"run", PortoDir(), "--interp", "--events", "events.jsonl"}, file_system);
  CHECK(native.exit_code == kExitOk);
  CHECK(native.out == interp.out);
  CHECK(native.out.find("\"action\":\"stop_line\"") != std::string::npos);
  // The summary goes to stderr, stdout stays JSON Lines; --quiet drops it.
  const std::string summary =
      "porto: 2 events, 4 actions (notify 3, stop_line 1), 0 rejects, 2 timers fired, 4 pending\n";
  CHECK(native.err == summary);
  CHECK(interp.err == summary);
  const auto quiet = RunTakt({"run", PortoDir(), "--quiet", "--events", "events.jsonl"}, file_system);
  CHECK(quiet.err.empty());
  CHECK(quiet.out == native.out);
}

TEST_CASE("build writes the executor's metadata beside it, the same on every build") {
  const fs::path dir = fs::temp_directory_path() / ("takt-build-metadata-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string first = (dir / "porto.so").string();
  const std::string second = (dir / "again.so").string();
  REQUIRE(RunTaktOnDisk({"build", PortoDir(), "-o", first}).exit_code == kExitOk);
  REQUIRE(RunTaktOnDisk({"build", PortoDir(), "-o", second}).exit_code == kExitOk);
  const std::string text = ReadText(dir / "porto.json");
  CHECK(text == ReadText(dir / "again.json"));

  const auto metadata = nlohmann::json::parse(text);
  std::string error;
  const auto executor = runtime::LoadedExecutor::Load(first, error);
  REQUIRE(executor);
  const takt_executor& descriptor = executor->descriptor();
  CHECK(metadata["plant"] == "porto");
  CHECK(metadata["source_sha256"] == descriptor.source_sha256);
  CHECK(metadata["executor_sha256"] == runtime::Sha256Hex(ReadText(first)));
  CHECK(metadata["abi_version"] == TAKT_ABI_VERSION);
  CHECK(metadata["state_sizes"]["global"] == descriptor.global_state_size);
  REQUIRE(metadata["rules"].size() == descriptor.rule_count);
  for (uint32_t i = 0; i < descriptor.rule_count; ++i) {
    CHECK(metadata["rules"][i]["id"] == i);
    CHECK(metadata["rules"][i]["name"] == descriptor.rules[i].name);
  }
  CHECK(metadata["roles"][0]["reports_to"].is_null());
  CHECK(metadata["routings"][0]["name"] == "bracket_a_std");
  CHECK(metadata["routings"][0]["ops"] == nlohmann::json::array({10, 20, 30}));
  CHECK(metadata["cases"].size() == descriptor.case_count);
  CHECK(metadata["workcenters"].size() == descriptor.workcenter_count);
  fs::remove_all(dir);
}

TEST_CASE("build to a directory that does not exist is bad usage, named with its reason") {
  const auto run = RunTaktOnDisk({"build", PortoDir(), "-o", "/nonexistent-takt-dir/porto.so"});
  CHECK(run.exit_code == kExitUsage);
  CHECK(run.err == "error[T0004]: cannot write `/nonexistent-takt-dir/porto.so`: No such file or directory\n");
}

TEST_CASE("build refuses to write over a source, and run over its executor") {
  const testing::ScratchDir dir("build-over-input");
  fs::copy(PortoDir(), dir / "p");
  const std::string source = dir / "p/plant.takt";
  const std::string before = ReadText(source);
  for (const std::string_view emit : {"--emit=so", "--emit=xir"}) {
    const auto build = RunTaktOnDisk({"build", emit, dir / "p", "-o", source});
    CHECK(build.exit_code == kExitUsage);
    CHECK(build.err == "error[T0029]: cannot write `" + source + "`: it is the input `" + source + "`\n");
  }
  CHECK(ReadText(source) == before);

  const std::string executor = dir / "v.so";
  REQUIRE(RunTaktOnDisk({"build", dir / "p", "-o", executor}).exit_code == kExitOk);
  const std::string bytes = ReadText(executor);
  const auto run = RunTaktOnDisk({"run", executor, "--events", dir / "p/events.jsonl", "-o", executor});
  CHECK(run.exit_code == kExitUsage);
  CHECK(run.err == "error[T0029]: cannot write `" + executor + "`: it is the input `" + executor + "`\n");
  CHECK(ReadText(executor) == bytes);
  // Only the executor and its metadata: the linker's scratch files went elsewhere and away.
  CHECK(dir.Entries() == std::vector<std::string>{"p", "v.json", "v.so"});
}

TEST_CASE("the order of the plant's files on the command line changes nothing that is built") {
  // Porto's files interleave: rules, roles and controls of one file sort between those of another.
  const testing::ScratchDir dir("build-file-order");
  const std::vector<std::string> forward = {PortoDir() + "/downtime.takt", PortoDir() + "/people.takt", PortoDir() + "/plant.takt",
                                            PortoDir() + "/quality.takt", PortoDir() + "/routing.takt",
                                            PortoDir() + "/./tests.takt"};
  const std::vector<std::string> backward(forward.rbegin(), forward.rend());
  const auto build = [&](const std::vector<std::string>& files, std::vector<std::string_view> options) {
    std::vector<std::string_view> args = {"build"};
    args.insert(args.end(), files.begin(), files.end());
    args.insert(args.end(), options.begin(), options.end());
    return RunTaktOnDisk(args);
  };
  const auto xir_forward = build(forward, {"--emit=xir"});
  REQUIRE(xir_forward.exit_code == kExitOk);
  CHECK(xir_forward.out == build(backward, {"--emit=xir"}).out);

  const std::string forward_so = dir / "forward.so";
  const std::string backward_so = dir / "backward.so";
  REQUIRE(build(forward, {"-o", forward_so}).exit_code == kExitOk);
  REQUIRE(build(backward, {"-o", backward_so}).exit_code == kExitOk);
  CHECK(ReadText(forward_so) == ReadText(backward_so));
}

TEST_CASE("run verifies an executor against the SHA-256 of its metadata, and says when there is none") {
  const testing::ScratchDir dir("run-verify");
  const std::string executor = dir / "porto.so";
  const std::string events = PortoDir() + "/events.jsonl";
  REQUIRE(RunTaktOnDisk({"build", PortoDir(), "-o", executor}).exit_code == kExitOk);
  const auto clean = RunTaktOnDisk({"run", executor, "--events", events, "--quiet"});
  REQUIRE(clean.exit_code == kExitOk);
  CHECK(clean.err.empty());

  // One flipped byte, in the middle of the code: an error before the library is loaded.
  std::string bytes = ReadText(executor);
  const std::string good = bytes;
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x01);
  std::ofstream(executor, std::ios::binary | std::ios::trunc) << bytes;
  const auto corrupted = RunTaktOnDisk({"run", executor, "--events", events});
  CHECK(corrupted.exit_code == kExitUsage);
  CHECK(corrupted.out.empty());
  CHECK(corrupted.err.starts_with("error[T0032]: the executor `" + executor + "` does not match its metadata `" +
                                  dir / "porto.json" + "`: its SHA-256 is " + runtime::Sha256Hex(bytes) +
                                  ", the metadata records " + runtime::Sha256Hex(good) + "\n"));

  // Without metadata the run goes on, with a note unless --quiet.
  std::ofstream(executor, std::ios::binary | std::ios::trunc) << good;
  fs::remove(dir / "porto.json");
  const auto alone = RunTaktOnDisk({"run", executor, "--events", events});
  CHECK(alone.exit_code == kExitOk);
  CHECK(alone.out == clean.out);
  CHECK(alone.err.starts_with("note: no metadata `" + dir / "porto.json" +
                              "` beside the executor: its SHA-256 is not verified\nporto: "));
  const auto quiet = RunTaktOnDisk({"run", executor, "--events", events, "--quiet"});
  CHECK(quiet.err.empty());
  CHECK(quiet.out == clean.out);
}

TEST_CASE("the metadata of `x.so` is `x.json`") {
  CHECK(MetadataPath("build/porto.so") == "build/porto.json");
  CHECK(MetadataPath("porto") == "porto.json");
  CHECK(MetadataPath("porto.so.1") == "porto.so.1.json");
}

}  // namespace
}  // namespace takt::driver
