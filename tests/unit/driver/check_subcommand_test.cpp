#include "compiler/driver/check_subcommand.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "compiler/driver/driver.h"

#include "tests/unit/run_takt.h"
#include "tests/unit/repo_files.h"

namespace takt::driver {
namespace {

namespace fs = std::filesystem;
using takt::testing::PortoDir;

using takt::testing::RunTakt;

// The normative example must check clean: no output at all, exit 0.
TEST_CASE("check examples/porto from disk prints nothing and exits 0") {
  base::RealFileSystem file_system;
  auto run = RunTakt({"check", PortoDir()}, file_system);
  CHECK(run.err == "");
  CHECK(run.out == "");
  CHECK(run.exit_code == kExitOk);
}

TEST_CASE("check examples/porto --werror --format json is a clean document") {
  base::RealFileSystem file_system;
  auto run = RunTakt({"check", "--werror", "--format", "json", PortoDir()}, file_system);
  CHECK(run.exit_code == kExitOk);
  CHECK(run.err.empty());
  CHECK(run.out == "{\n  \"diagnostics\": [],\n  \"errors\": 0,\n  \"warnings\": 0\n}\n");
}

TEST_CASE("check: a plant file named twice is read once") {
  base::RealFileSystem file_system;
  std::string plant = (fs::path(PortoDir()) / "plant.takt").string();
  auto run = RunTakt({"check", PortoDir(), plant}, file_system);
  CHECK(run.err == "");
  CHECK(run.exit_code == kExitOk);
}

TEST_CASE("check: diagnostics come in the same order whatever the order of the files") {
  base::InMemoryFileSystem file_system;
  file_system.Add("b.takt", "plant p \"P\"\nrole b1 \"B\" reports_to nobody_b\n");
  file_system.Add("a.takt", "role a1 \"A\" reports_to nobody_a\nrole a1 \"A again\"\n");
  for (const std::string_view format : {"human", "json", "sarif"}) {
    const auto forward = RunTakt({"check", "--format", format, "a.takt", "b.takt"}, file_system);
    const auto backward = RunTakt({"check", "--format", format, "b.takt", "./a.takt", "a.takt"}, file_system);
    CHECK(forward.exit_code == kExitErrors);
    CHECK(forward.out == backward.out);
    CHECK(forward.err == backward.err);
  }
}

TEST_CASE("check: a missing file is T0001 and exit 2") {
  base::InMemoryFileSystem file_system;
  file_system.Add("plant.takt", "plant p\n");
  auto run = RunTakt({"check", "plant.takt", "missing.takt"}, file_system);
  CHECK(run.exit_code == kExitUsage);
  CHECK(run.out.empty());
  CHECK(run.err ==
        "error[T0001]: cannot read `missing.takt`: no such file or directory\n"
        "\n"
        "error: could not check plant due to 1 previous error\n");
}

TEST_CASE("check: a directory without .takt files is T0002") {
  base::InMemoryFileSystem file_system;
  file_system.Add("docs/readme.md", "");
  auto run = RunTakt({"check", "docs"}, file_system);
  CHECK(run.exit_code == kExitUsage);
  CHECK(run.err ==
        "error[T0002]: no `.takt` files found in `docs`\n"
        "\n"
        "error: could not check plant due to 1 previous error\n");
}

TEST_CASE("check: no path means the current directory") {
  base::InMemoryFileSystem empty;
  auto run = RunTakt({"check"}, empty);
  CHECK(run.exit_code == kExitUsage);
  CHECK(run.err.starts_with("error[T0001]: cannot read `.`"));

  base::InMemoryFileSystem other;
  other.Add("notes.txt", "");
  CHECK(RunTakt({"check"}, other).err.starts_with("error[T0002]: no `.takt` files found in `.`"));
}

TEST_CASE("check: invalid UTF-8 is T0003 with the first bad byte") {
  base::InMemoryFileSystem file_system;
  file_system.Add("q.takt", "control c {\n  spec 8 \xB1 0.05\n}\n");
  auto run = RunTakt({"check", "q.takt"}, file_system);
  CHECK(run.exit_code == kExitUsage);
  CHECK(run.err ==
        "error[T0003]: `q.takt` is not valid UTF-8\n"
        "  = note: the first invalid byte is 0xB1 at line 2, byte 10 of the line\n"
        "  = help: save the file as UTF-8\n"
        "\n"
        "error: could not check plant due to 1 previous error\n");
}

TEST_CASE("check: overlong encodings and surrogates are not UTF-8") {
  for (std::string bad : {std::string("\xC0\xAF"), std::string("\xED\xA0\x80"),
                          std::string("\xF4\x90\x80\x80"), std::string("\xE2\x82")}) {
    base::InMemoryFileSystem file_system;
    file_system.Add("b.takt", "// " + bad + "\n");
    CHECK(RunTakt({"check", "b.takt"}, file_system).err.starts_with("error[T0003]"));
  }
}

TEST_CASE("check: I/O errors in JSON and SARIF go to stdout") {
  base::InMemoryFileSystem file_system;
  auto json = RunTakt({"check", "--format=json", "missing.takt"}, file_system);
  CHECK(json.exit_code == kExitUsage);
  CHECK(json.err.empty());
  nlohmann::json document = nlohmann::json::parse(json.out);
  CHECK(document["errors"] == 1);
  CHECK(document["diagnostics"][0]["code"] == "T0001");

  auto sarif = RunTakt({"check", "--format", "sarif", "missing.takt"}, file_system);
  CHECK(sarif.err.empty());
  nlohmann::json log = nlohmann::json::parse(sarif.out);
  CHECK(log["version"] == "2.1.0");
  CHECK(log["runs"][0]["results"][0]["ruleId"] == "T0001");
  CHECK(log["runs"][0]["tool"]["driver"]["rules"][0]["shortDescription"]["text"] ==
        "a file of the plant cannot be read");
  CHECK(log["runs"][0]["tool"]["driver"]["version"] ==
        std::string(VersionString()).substr(std::string_view("takt ").size()));
}

TEST_CASE("check: a plant that does not parse exits 1 with a summary") {
  base::InMemoryFileSystem file_system;
  // Not Takt at all, so any parser rejects it.
  file_system.Add("bad.takt", "STUB_ERROR }}} ((\n");
  auto run = RunTakt({"check", "bad.takt"}, file_system);
  CHECK(run.exit_code == kExitErrors);
  CHECK(run.out.empty());
  CHECK(run.err.starts_with("error[T0"));
  CHECK(run.err.find("\n --> bad.takt:1:") != std::string::npos);
  CHECK((run.err.ends_with("previous error\n") || run.err.ends_with("previous errors\n")));
}

}  // namespace
}  // namespace takt::driver
