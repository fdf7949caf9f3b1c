#include "compiler/driver/fmt_subcommand.h"

#include <doctest/doctest.h>

#include <sstream>

#include "compiler/driver/driver.h"

#include "tests/unit/run_takt.h"

namespace takt::driver {
namespace {

using takt::testing::RunTakt;

constexpr std::string_view kMessy = "role  a \"A\"\n  role b \"B\" reports_to a\n";
constexpr std::string_view kCanonical = "role a \"A\"\nrole b \"B\" reports_to a\n";

TEST_CASE("fmt rewrites files in place and prints nothing") {
  base::InMemoryFileSystem file_system;
  file_system.Add("plant/a.takt", std::string(kMessy));
  file_system.Add("plant/b.takt", std::string(kCanonical));
  auto run = RunTakt({"fmt", "plant"}, file_system);
  CHECK(run.exit_code == kExitOk);
  CHECK(run.out == "");
  CHECK(run.err == "");
  CHECK(file_system.files().at("plant/a.takt") == kCanonical);
  CHECK(file_system.files().at("plant/b.takt") == kCanonical);
}

TEST_CASE("fmt --check lists the files that would change, rewrites nothing, exits 1") {
  base::InMemoryFileSystem file_system;
  file_system.Add("a.takt", std::string(kMessy));
  file_system.Add("b.takt", std::string(kCanonical));
  auto run = RunTakt({"fmt", "--check", "a.takt", "b.takt"}, file_system);
  CHECK(run.exit_code == kExitErrors);
  CHECK(run.out == "a.takt\n");
  CHECK(run.err == "");
  CHECK(file_system.files().at("a.takt") == kMessy);
}

TEST_CASE("fmt --check exits 0 when every file is canonical") {
  base::InMemoryFileSystem file_system;
  file_system.Add("b.takt", std::string(kCanonical));
  auto run = RunTakt({"fmt", "--check", "b.takt"}, file_system);
  CHECK(run.exit_code == kExitOk);
  CHECK(run.out == "");
}

TEST_CASE("fmt leaves a file with a syntax error alone, reports it and formats the others") {
  base::InMemoryFileSystem file_system;
  file_system.Add("bad.takt", "role  a \"A\" reports_to\n");
  file_system.Add("good.takt", std::string(kMessy));
  auto run = RunTakt({"fmt", "bad.takt", "good.takt"}, file_system);
  CHECK(run.exit_code == kExitErrors);
  CHECK(run.err.find("error[T01") != std::string::npos);
  CHECK(run.err.find("could not format plant") != std::string::npos);
  CHECK(file_system.files().at("bad.takt") == "role  a \"A\" reports_to\n");
  CHECK(file_system.files().at("good.takt") == kCanonical);
}

TEST_CASE("fmt - formats standard input to standard output") {
  base::InMemoryFileSystem file_system;
  auto run = RunTakt({"fmt", "-"}, file_system, std::string(kMessy));
  CHECK(run.exit_code == kExitOk);
  CHECK(run.out == kCanonical);
  auto check = RunTakt({"fmt", "--check", "-"}, file_system, std::string(kMessy));
  CHECK(check.exit_code == kExitErrors);
  CHECK(check.out == "<stdin>\n");
}

TEST_CASE("fmt - cannot be combined with paths; a missing file is exit 2") {
  base::InMemoryFileSystem file_system;
  file_system.Add("b.takt", std::string(kCanonical));
  CHECK(RunTakt({"fmt", "-", "b.takt"}, file_system).exit_code == kExitUsage);
  auto missing = RunTakt({"fmt", "missing.takt"}, file_system);
  CHECK(missing.exit_code == kExitUsage);
  CHECK(missing.err.find("T0001") != std::string::npos);
}

}  // namespace
}  // namespace takt::driver
