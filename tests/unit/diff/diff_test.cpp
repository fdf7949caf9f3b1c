#include "compiler/diff/diff.h"

#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/driver/driver.h"
#include "compiler/driver/subprocess.h"

#include "tests/unit/run_takt.h"
#include "tests/unit/repo_files.h"

namespace takt::diff {
namespace {

namespace fs = std::filesystem;
using takt::testing::PortoDir;

using takt::testing::RunTaktOnDisk;

TEST_CASE("a plant compared with itself has no semantic changes") {
  auto run = RunTaktOnDisk({"diff", PortoDir(), PortoDir()});
  CHECK(run.exit_code == 0);
  CHECK(run.err == "");
  CHECK(run.out == "no semantic changes\n");
}

TEST_CASE("diff --format json of identical plants is an empty change list") {
  auto run = RunTaktOnDisk({"diff", "--format", "json", PortoDir(), PortoDir()});
  CHECK(run.exit_code == 0);
  CHECK(run.out.find("\"changes\": [],") != std::string::npos);
}

// A one-line plant of 20,000 roles once took 30 s and 2 GB: every unused-role warning (rendered,
// then discarded) reprinted the line and counted columns from its start. Rendering is now linear;
// this checks the diff of such plants is right (timing belongs in bench/).
TEST_CASE("diff of two one-line plants of 6,000 roles") {
  constexpr int kRoles = 6000;
  std::string before = "plant tiny \"Tiny\"";
  std::string after = before;
  std::string expected;
  for (int i = 0; i < kRoles; ++i) {
    std::string role = " role r" + std::to_string(i) + " \"Role\"";
    before += role;
    after += role + (i % 2 == 1 ? " reports_to r0" : "");
    if (i % 2 == 1) {
      expected += "~ role r" + std::to_string(i) + ": reports_to none \u2192 r0\n";
    }
  }
  base::InMemoryFileSystem file_system;
  file_system.Add("old/p.takt", before + "\n");
  file_system.Add("new/p.takt", after + "\n");
  auto run = takt::testing::RunTakt({"diff", "old", "new"}, file_system);
  CHECK(run.exit_code == 0);
  CHECK(run.err == "");
  CHECK(run.out.starts_with(expected));
}

// A plant in a throw-away git repository, in two commits, for `diff --git`. The test works in
// the repository as the user would: from its root, with relative paths.
class GitRepo {
 public:
  GitRepo()
      : dir_(fs::temp_directory_path() / ("takt-diff-git-" + std::to_string(::getpid()))),
        cwd_(fs::current_path()) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::current_path(dir_);
    Git({"init", "-q"});
  }
  ~GitRepo() {
    std::error_code ignored;
    fs::current_path(cwd_, ignored);
    fs::remove_all(dir_, ignored);
  }
  GitRepo(const GitRepo&) = delete;
  auto operator=(const GitRepo&) -> GitRepo& = delete;

  void Write(const std::string& path, const std::string& text) {
    fs::create_directories((dir_ / path).parent_path());
    std::ofstream(dir_ / path, std::ios::binary) << text;
  }
  void Commit(const std::string& message) {
    Git({"add", "-A"});
    Git({"-c", "user.name=takt", "-c", "user.email=takt@example.com", "commit", "-q", "-m", message});
  }

 private:
  static void Git(std::vector<std::string> args) {
    args.insert(args.begin(), "git");
    const driver::ProcessResult result = driver::RunProcess(args, "");
    INFO(args[1] << ": " << result.error << result.err);
    REQUIRE(result.started);
    REQUIRE(result.exit_code == 0);
  }

  fs::path dir_;
  fs::path cwd_;
};

// Version 1: a control owned by the quality engineer, one escalation tier.
constexpr std::string_view kPlantV1 = R"(plant mini "Mini plant"

use std.losses

role plant_manager "Plant manager"
role quality_engineer "Quality engineer" reports_to plant_manager
role quality_manager "Quality manager" reports_to plant_manager
role maintenance_tech "Maintenance technician" reports_to plant_manager

area hall "Hall" owner plant_manager {
  line l1 "Line 1" owner plant_manager {
    workcenter press_01 "Press"
  }
}

control hole_diameter "Hole diameter" owner quality_engineer {
  measure diameter in mm
  spec 8.00 ± 0.05
  on out_of_spec {
    notify quality_engineer
  }
}

escalation breakdown_response "Breakdown response" on down unplanned.breakdown owner plant_manager {
  after 10 min notify maintenance_tech
}
)";

// Version 1 with `from` replaced by `to` (which must occur).
auto Edited(std::string_view text, std::string_view from, std::string_view to) -> std::string {
  std::string result(text);
  const size_t at = result.find(from);
  REQUIRE(at != std::string::npos);
  result.replace(at, from.size(), to);
  return result;
}

TEST_CASE("diff --git REV compares the working tree with a committed version, by meaning") {
  GitRepo repo;
  repo.Write("plants/mini.takt", std::string(kPlantV1));
  repo.Commit("v1");
  // Version 2, committed: the control changes owner.
  const std::string v2 = Edited(kPlantV1, "owner quality_engineer {", "owner quality_manager {");
  repo.Write("plants/mini.takt", v2);
  repo.Commit("v2");

  auto committed = RunTaktOnDisk({"diff", "--git", "HEAD~1", "plants"});
  CHECK_MESSAGE(committed.exit_code == 0, committed.err);
  CHECK(committed.err == "");
  CHECK(committed.out ==
        "~ control hole_diameter: OWNER CHANGE: owner quality_engineer → quality_manager\n"
        "0 added, 0 removed, 1 changed (1 owner change)\n");

  // Against HEAD, the working tree is what counts: an uncommitted second tier, seen through a
  // file path as well as a directory.
  repo.Write("plants/mini.takt", Edited(v2, "  after 10 min notify maintenance_tech\n",
                                        "  after 10 min notify maintenance_tech\n"
                                        "  after 30 min notify quality_manager\n"));
  for (const char* path : {"plants", "plants/mini.takt"}) {
    auto uncommitted = RunTaktOnDisk({"diff", "--git", "HEAD", path});
    INFO(std::string(path));
    CHECK_MESSAGE(uncommitted.exit_code == 0, uncommitted.err);
    CHECK(uncommitted.out ==
          "~ escalation breakdown_response: tier 2 added\n"
          "0 added, 0 removed, 1 changed\n");
  }
  auto json = RunTaktOnDisk({"diff", "--git", "HEAD", "--format", "json", "plants"});
  CHECK(json.exit_code == 0);
  CHECK(json.out.find("\"changes\": [") != std::string::npos);
  CHECK(json.out.find("breakdown_response") != std::string::npos);
}

TEST_CASE("diff --git: the old version's diagnostics name the revision; a bad revision is bad usage") {
  GitRepo repo;
  repo.Write("mini.takt", Edited(kPlantV1, "notify quality_engineer", "notify quality_enginer"));
  repo.Commit("broken");
  repo.Write("mini.takt", std::string(kPlantV1));

  auto broken = RunTaktOnDisk({"diff", "--git", "HEAD", "mini.takt"});
  CHECK(broken.exit_code == 1);
  CHECK(broken.out == "");
  INFO(broken.err);
  CHECK(broken.err.find("error[T0201]: unknown role `quality_enginer`\n  --> HEAD:mini.takt:20:12\n") !=
        std::string::npos);
  CHECK(broken.err.ends_with("error: could not diff plant due to 1 previous error; 1 warning emitted\n"));

  auto no_revision = RunTaktOnDisk({"diff", "--git", "no-such-rev", "."});
  CHECK(no_revision.exit_code == 2);
  CHECK(no_revision.out == "");
  CHECK(no_revision.err.starts_with("error[T0026]: cannot list `.` at `no-such-rev`: "));

  repo.Write("other/readme.txt", "not a plant\n");
  repo.Commit("other");
  auto no_plant = RunTaktOnDisk({"diff", "--git", "HEAD", "other"});
  CHECK(no_plant.exit_code == 2);
  CHECK(no_plant.err == "error[T0028]: no `.takt` files under the given paths at `HEAD`\n");
}

TEST_CASE("diff --git: a revision that git would read as an option is refused, and writes nothing") {
  GitRepo repo;
  repo.Write("plants/mini.takt", std::string(kPlantV1));
  repo.Commit("v1");
  const std::string evil = (fs::current_path() / "evil").string();
  for (const char* path : {"plants/mini.takt", "plants"}) {
    for (const std::string& rev : {"--output=" + evil, "-o" + evil, std::string("-p")}) {
      INFO(path, " ", rev);
      auto run = RunTaktOnDisk({"diff", "--git=" + rev, path});
      CHECK(run.exit_code == 2);
      CHECK(run.out == "");
      CHECK(run.err == "error[T0031]: the git revision `" + rev + "` starts with `-`\n"
                       "  = note: git would read it as an option, not as a revision\n"
                       "  = help: for usage, run `takt diff --help`\n");
      // Nothing beside the repository's own entries: git wrote no `evil…` file.
      std::vector<std::string> entries;
      for (const auto& entry : fs::directory_iterator(fs::current_path())) {
        entries.push_back(entry.path().filename().string());
      }
      std::sort(entries.begin(), entries.end());
      CHECK(entries == std::vector<std::string>{".git", "plants"});
    }
  }
}

TEST_CASE("diff needs OLD and NEW") {
  auto run = RunTaktOnDisk({"diff", PortoDir()});
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("expected OLD and NEW, got 1 path") != std::string::npos);
}

}  // namespace
}  // namespace takt::diff
