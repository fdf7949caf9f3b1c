#include "compiler/tester/tester.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/driver/driver.h"

#include "tests/unit/run_takt.h"
#include "tests/unit/repo_files.h"

namespace takt::tester {
namespace {

namespace fs = std::filesystem;
using takt::testing::PortoDir;

using takt::testing::RunTakt;

auto LastLine(const std::string& text) -> std::string {
  std::string trimmed = text.ends_with('\n') ? text.substr(0, text.size() - 1) : text;
  size_t newline = trimmed.rfind('\n');
  return newline == std::string::npos ? trimmed : trimmed.substr(newline + 1);
}

// The porto files in memory, under `porto/`, so a test can also read what takt wrote.
auto PortoInMemory() -> base::InMemoryFileSystem {
  base::InMemoryFileSystem file_system;
  for (const auto& entry : fs::directory_iterator(PortoDir())) {
    if (entry.path().extension() == ".takt") {
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      file_system.Add("porto/" + entry.path().filename().string(), text.str());
    }
  }
  return file_system;
}

// The normative example's tests pass on disk, on whichever executor this takt prefers.
TEST_CASE("takt test examples/porto passes") {
  base::RealFileSystem file_system;
  auto run = RunTakt({"test", PortoDir()}, file_system);
  CHECK(run.err == "");
  CHECK(run.exit_code == 0);
  CHECK(LastLine(run.out) == "3 passed, 0 failed");
}

TEST_CASE("takt test examples/porto passes on the interpreter") {
  base::RealFileSystem file_system;
  auto run = RunTakt({"test", "--interp", PortoDir()}, file_system);
  CHECK(run.exit_code == 0);
  CHECK(run.out.starts_with("running 3 tests of plant porto on the reference interpreter\n"));
  CHECK(LastLine(run.out) == "3 passed, 0 failed");
}

TEST_CASE("takt test --filter runs only the matching tests") {
  base::InMemoryFileSystem file_system = PortoInMemory();
  auto run = RunTakt({"test", "--interp", "--filter", "op 20", "porto"}, file_system);
  CHECK(run.exit_code == 0);
  CHECK(run.out.starts_with("running 1 test of plant porto (2 filtered out)"));
  CHECK(run.out.find("test \"op 20 cannot start before op 10 is complete\" ... ok\n") != std::string::npos);
  CHECK(LastLine(run.out) == "1 passed, 0 failed");
}

TEST_CASE("takt test --junit writes one testcase per test") {
  base::InMemoryFileSystem file_system = PortoInMemory();
  auto run = RunTakt({"test", "--interp", "--junit", "out/porto.xml", "porto"}, file_system);
  CHECK(run.exit_code == 0);
  REQUIRE(file_system.files().contains("out/porto.xml"));
  const std::string& xml = file_system.files().at("out/porto.xml");
  CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
  CHECK(xml.find("<testsuite name=\"porto\" tests=\"3\" failures=\"0\"") != std::string::npos);
  CHECK(xml.find("name=\"op 20 cannot start before op 10 is complete\" file=\"porto/tests.takt\" line=\"16\"/>") !=
        std::string::npos);
}

TEST_CASE("takt test --junit reports a failure with its details") {
  base::InMemoryFileSystem file_system = PortoInMemory();
  std::string tests = file_system.files().at("porto/tests.takt");
  tests += "\ntest \"nothing is rejected\" {\n  at 08:00 start order po_9 op 10\n  expect no reject\n}\n";
  file_system.Add("porto/tests.takt", tests);
  auto run = RunTakt({"test", "--interp", "--junit", "porto.xml", "porto"}, file_system);
  CHECK(run.exit_code == 1);
  CHECK(LastLine(run.out) == "3 passed, 1 failed");
  const std::string& xml = file_system.files().at("porto.xml");
  CHECK(xml.find("failures=\"1\"") != std::string::npos);
  CHECK(xml.find("<failure message=\"expected no reject at 08:00\" type=\"expectation\">") != std::string::npos);
}

TEST_CASE("takt test on a plant with errors reports them and exits 1") {
  base::InMemoryFileSystem file_system;
  file_system.Add("p.takt", "plant p\nrole a reports_to b\n");
  auto run = RunTakt({"test", "--interp", "p.takt"}, file_system);
  CHECK(run.exit_code == 1);
  CHECK(run.out == "");
  CHECK(run.err.find("error") != std::string::npos);
}

}  // namespace
}  // namespace takt::tester
