#include "compiler/diff/diff.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>

#include "compiler/driver/driver.h"

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

// Reads the committed porto through `git show`; skipped outside a git checkout.
TEST_CASE("diff --git HEAD reads the committed version") {
  if (!fs::exists(fs::path(TAKT_SOURCE_DIR) / ".git")) {
    MESSAGE("skipped: the sources are not a git checkout");
    return;
  }
  std::error_code ignored;
  const fs::path cwd = fs::current_path();
  fs::current_path(TAKT_SOURCE_DIR);
  auto run = RunTaktOnDisk({"diff", "--git", "HEAD", "examples/porto"});
  fs::current_path(cwd, ignored);
  CHECK_MESSAGE(run.exit_code == 0, run.err);
  CHECK(run.err == "");
  CHECK(!run.out.empty());
}

TEST_CASE("diff needs OLD and NEW") {
  auto run = RunTaktOnDisk({"diff", PortoDir()});
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("expected OLD and NEW, got 1 path") != std::string::npos);
}

}  // namespace
}  // namespace takt::diff
