// Paths are bytes, not UTF-8: a directory named with byte 0xFF (on the real file system) must
// not abort a JSON renderer (nlohmann's type_error.316). Invalid UTF-8 in JSON output is
// replaced by U+FFFD (docs/cli.md, "Paths in JSON").
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/unit/repo_files.h"
#include "tests/unit/run_takt.h"
#include "tests/unit/scratch_dir.h"

namespace takt::driver {
namespace {

using takt::testing::RunTaktOnDisk;
using takt::testing::ScratchDir;

constexpr std::string_view kBadPlant = "plant p \"P\"\nrole a \"A\" reports_to nobody\n";

auto PlantUnder(const ScratchDir& scratch, std::string_view plant_text) -> std::string {
  std::string dir = scratch / "plant\xFF";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/p.takt", std::ios::binary) << plant_text;
  return dir;
}

TEST_CASE("check --format json and sarif: a path with byte 0xFF is valid JSON") {
  ScratchDir scratch("byte-paths");
  std::string dir = PlantUnder(scratch, kBadPlant);
  for (std::string_view format : {"json", "sarif"}) {
    CAPTURE(format);
    auto run = RunTaktOnDisk({"check", "--format", format, dir});
    CHECK(run.exit_code == 1);
    REQUIRE(nlohmann::json::accept(run.out));
    if (format == "json") {
      CHECK(run.out.find("plant\xEF\xBF\xBD/p.takt") != std::string::npos);
    }
  }
}

// The executor's actions name their rule's source file; with byte 0xFF in it, the tester once
// failed to parse every action line and reported porto's passing tests as failed.
TEST_CASE("test: porto's tests pass under a directory named with byte 0xFF") {
  ScratchDir scratch("byte-paths-test");
  std::string dir = scratch / "porto\xFF";
  std::filesystem::create_directories(dir);
  for (const auto& entry : std::filesystem::directory_iterator(takt::testing::PortoDir())) {
    if (entry.path().extension() == ".takt") {
      std::filesystem::copy_file(entry.path(), dir + "/" + entry.path().filename().string());
    }
  }
  auto run = RunTaktOnDisk({"test", dir});
  CHECK(run.exit_code == 0);
  CHECK(run.out.find(" 0 failed") != std::string::npos);
}

}  // namespace
}  // namespace takt::driver
