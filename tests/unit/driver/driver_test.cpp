// The driver run in-process, as main() runs it: exit codes, help, version, usage errors.
#include "compiler/driver/driver.h"

#include <doctest/doctest.h>

#include <sstream>

#include "tests/unit/run_takt.h"

namespace takt::driver {
namespace {

using takt::testing::RunTakt;

TEST_CASE("driver: no arguments prints the help to stderr and exits 2") {
  auto run = RunTakt({});
  CHECK(run.exit_code == kExitUsage);
  CHECK(run.out.empty());
  CHECK(run.err.starts_with("Takt: plant standards as code.\n\nUsage: takt <COMMAND>"));
}

TEST_CASE("driver: --help, help, --version") {
  auto help = RunTakt({"--help"});
  CHECK(help.exit_code == kExitOk);
  // Every subcommand is listed with its summary (column widths follow the longest name).
  CHECK(help.out.find("\n  check ") != std::string::npos);
  CHECK(help.out.find("  Check a plant") != std::string::npos);
  CHECK(help.out.find("\n  explain ") != std::string::npos);
  CHECK(help.out.find("  Explain a diagnostic code") != std::string::npos);
  CHECK(RunTakt({"help"}).out == help.out);
  CHECK(RunTakt({"-h"}).out == help.out);

  auto version = RunTakt({"--version"});
  CHECK(version.exit_code == kExitOk);
  CHECK(version.out.starts_with("takt "));
  CHECK(version.out == std::string(VersionString()) + "\n");
}

TEST_CASE("driver: help <command> equals <command> --help") {
  auto help = RunTakt({"help", "check"});
  CHECK(help.exit_code == kExitOk);
  CHECK(help.out.find("Usage: takt check [OPTIONS] [PATHS]...") != std::string::npos);
  CHECK(help.out.find("--format <FORMAT>") != std::string::npos);
  CHECK(RunTakt({"check", "--help"}).out == help.out);
  CHECK(RunTakt({"help", "explain"}).out.find("Usage: takt explain <CODE>") != std::string::npos);
}

TEST_CASE("driver: unknown commands and options are usage errors with a suggestion") {
  auto command = RunTakt({"chek"});
  CHECK(command.exit_code == kExitUsage);
  CHECK(command.err ==
        "error[T0005]: unknown command `chek`\n  = help: did you mean `check`?\n"
        "  = help: for usage, run `takt --help`\n");

  auto help_of_unknown = RunTakt({"help", "explian"});
  CHECK(help_of_unknown.exit_code == kExitUsage);
  CHECK(help_of_unknown.err.find("did you mean `explain`?") != std::string::npos);

  auto option = RunTakt({"check", "--wrror"});
  CHECK(option.exit_code == kExitUsage);
  CHECK(option.err ==
        "error[T0006]: unknown option `--wrror`\n  = help: did you mean `--werror`?\n"
        "  = help: for usage, run `takt check --help`\n");

  auto global = RunTakt({"--verbose"});
  CHECK(global.exit_code == kExitUsage);
  CHECK(global.err.starts_with("error[T0006]: unknown option `--verbose`\n"));
}

}  // namespace
}  // namespace takt::driver
