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

TEST_CASE("fmt - and fmt FILE refuse invalid UTF-8 alike: the same T0003, exit 2, nothing printed") {
  const std::string bad = "plant p \"P\xff\"\n";
  base::InMemoryFileSystem file_system;
  file_system.Add("a.takt", bad);
  auto from_file = RunTakt({"fmt", "a.takt"}, file_system);
  auto from_stdin = RunTakt({"fmt", "-"}, file_system, bad);
  CHECK(from_file.exit_code == kExitUsage);
  CHECK(from_stdin.exit_code == kExitUsage);
  CHECK(from_stdin.out == "");
  CHECK(from_file.err.find("error[T0003]: `a.takt` is not valid UTF-8") != std::string::npos);
  CHECK(from_stdin.err.find("error[T0003]: `<stdin>` is not valid UTF-8") != std::string::npos);
  CHECK(from_stdin.err.find("the first invalid byte is 0xFF at line 1, byte 11 of the line") != std::string::npos);
  CHECK(file_system.files().at("a.takt") == bad);
}

TEST_CASE("fmt turns CRLF into LF inside block comments too, and the result is stable") {
  base::InMemoryFileSystem file_system;
  auto run = RunTakt({"fmt", "-"}, file_system, "plant p \"P\"\r\n/* one\r\n   two */\r\nrole x \"X\"\r\n");
  CHECK(run.exit_code == kExitOk);
  CHECK(run.out == "plant p \"P\"\n/* one\n   two */\nrole x \"X\"\n");
  auto again = RunTakt({"fmt", "-"}, file_system, run.out);
  CHECK(again.out == run.out);
}

}  // namespace
}  // namespace takt::driver
