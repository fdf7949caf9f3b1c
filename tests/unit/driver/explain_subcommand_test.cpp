#include "compiler/driver/explain_subcommand.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/explanations.h"
#include "docs/embedded.h"

#include "tests/unit/run_takt.h"

namespace takt::driver {
namespace {

using takt::testing::RunTakt;

auto ReadDoc(std::string_view code) -> std::string {
  std::ifstream in(std::filesystem::path(TAKT_SOURCE_DIR) / "docs" / "diagnostics" /
                       (std::string(code) + ".md"),
                   std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST_CASE("explain prints the embedded docs/diagnostics/<code>.md") {
  auto run = RunTakt({"explain", "T0001"});
  CHECK(run.exit_code == kExitOk);
  CHECK(run.err.empty());
  CHECK(run.out == ReadDoc("T0001"));
  CHECK(run.out.starts_with("# T0001: "));
}

TEST_CASE("explain prints a retired code's explanation, by code or name") {
  auto run = RunTakt({"explain", "t0804"});
  CHECK(run.exit_code == kExitOk);
  CHECK(run.out == ReadDoc("T0804"));
  CHECK(run.out.find("retired") != std::string::npos);
  CHECK(RunTakt({"explain", "SamplingByTimeNotExecuted"}).out == ReadDoc("T0804"));
}

TEST_CASE("explain accepts lower case and the diagnostic's name") {
  CHECK(RunTakt({"explain", "t0002"}).out == ReadDoc("T0002"));
  CHECK(RunTakt({"explain", "NotUtf8"}).out == ReadDoc("T0003"));
}

TEST_CASE("explain: an unknown code is a usage error with a suggestion") {
  auto run = RunTakt({"explain", "T00001"});
  CHECK(run.exit_code == kExitUsage);
  CHECK(run.out.empty());
  CHECK(run.err.starts_with("error[T0017]: no diagnostic has the code `T00001`\n  = help: did you mean `T000"));
  CHECK(RunTakt({"explain"}).exit_code == kExitUsage);
  CHECK(RunTakt({"explain", "T0001", "T0002"}).exit_code == kExitUsage);
}

TEST_CASE("the embedded explanations are the files in docs/diagnostics") {
  size_t on_disk = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(TAKT_SOURCE_DIR) / "docs" / "diagnostics")) {
    if (entry.path().extension() == ".md") {
      ++on_disk;
      std::string code = entry.path().stem().string();
      INFO("code " << code);
      CHECK(FindExplanation(code) == ReadDoc(code));
    }
  }
  CHECK(docs::EmbeddedFiles().size() == on_disk);
  CHECK(FindExplanation("T9999").empty());
}

}  // namespace
}  // namespace takt::driver
