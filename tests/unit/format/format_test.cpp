// The formatter's golden cases: every tests/golden/format/<case>.takt is formatted and compared
// byte for byte with <case>.takt.formatted beside it; the result is formatted again to prove
// idempotence, and the expected file must itself be canonical. TAKT_AUTOUPDATE=1 rewrites the
// `.formatted` files (then read the diff: it is the review).
#include "compiler/format/format.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/unit/repo_files.h"

namespace takt::format {
namespace {

namespace fs = std::filesystem;

using takt::testing::ReadText;

auto GoldenCases() -> std::vector<fs::path> {
  std::vector<fs::path> cases;
  const fs::path dir = fs::path(TAKT_SOURCE_DIR) / "tests" / "golden" / "format";
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".takt") {
      cases.push_back(entry.path());
    }
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

TEST_CASE("format golden cases: x.takt formats to x.takt.formatted, which is canonical") {
  const char* autoupdate = std::getenv("TAKT_AUTOUPDATE");
  const bool update = autoupdate != nullptr && std::string_view(autoupdate) == "1";
  std::vector<fs::path> cases = GoldenCases();
  CHECK(cases.size() >= 8);
  for (const fs::path& path : cases) {
    CAPTURE(path.filename().string());
    std::optional<std::string> formatted = FormatText(ReadText(path));
    REQUIRE_MESSAGE(formatted.has_value(), "the case does not parse");
    fs::path expected_path = path;
    expected_path += ".formatted";
    if (update) {
      std::ofstream(expected_path, std::ios::binary) << *formatted;
    }
    std::string expected = ReadText(expected_path);
    CHECK_MESSAGE(*formatted == expected, "formatted:\n" << *formatted);
    CHECK(FormatText(*formatted) == formatted);
    CHECK(FormatText(expected) == expected);
  }
}

TEST_CASE("format: a file with a syntax error is not formatted") {
  CHECK_FALSE(FormatText("role a \"A\" reports_to\n").has_value());
  CHECK_FALSE(FormatText("control c { spec 8. ± 0.05 }\n").has_value());
}

TEST_CASE("format: an empty file and a file of comments only") {
  CHECK(FormatText("") == "");
  CHECK(FormatText("\n\n  \n") == "");
  CHECK(FormatText("  // one\n\n\n   /* two */   \n") == "// one\n\n/* two */\n");
}

TEST_CASE("format: `+/-` is spelled `±`; numbers keep their text") {
  CHECK(FormatText("control c owner q { spec 8.000+/-0.050 }") ==
        "control c owner q {\n  spec 8.000 \u00B1 0.050\n}\n");
  CHECK(FormatText("control c owner q { spec 25.000 + 0.021 - 0 }") ==
        "control c owner q {\n  spec 25.000 +0.021 -0\n}\n");
}

TEST_CASE("format: qualified names lose the spaces around their dots, never their meaning") {
  CHECK(FormatText("escalation e on down unplanned . breakdown owner r { after 1 min notify x }") ==
        "escalation e on down unplanned.breakdown owner r {\n  after 1 min notify x\n}\n");
  // `r.20 .5` is three parts; `r.20.5` would be two.
  CHECK(FormatText("test \"t\" { down wc reason r.20 .5 }") ==
        "test \"t\" {\n  down wc reason r.20 .5\n}\n");
}

TEST_CASE("format: CRLF and a byte order mark become plain newlines") {
  CHECK(FormatText("\xEF\xBB\xBFrole a \"A\"\r\n\r\nrole b \"B\"\r\n") ==
        "role a \"A\"\n\nrole b \"B\"\n");
}

// A run of comment lines once cost a scan across the whole run per comment (200,000 lines took
// over a minute). The layout is now linear; this checks it stays correct on a large run in each
// position a run can take: before everything, between items, and interrupting a clause.
// Timing belongs to bench/ (takt_format_bench), not here.
TEST_CASE("format: 50,000 comment lines in a row format correctly") {
  constexpr int kLines = 50000;
  std::string run;
  std::string indented_run;
  std::string continued_run;
  for (int i = 0; i < kLines; ++i) {
    std::string comment = "// c" + std::to_string(i) + "\n";
    run += comment;
    indented_run += "  " + comment;
    continued_run += "      " + comment;
  }
  std::string input = run + "control c owner q {\n" + run + "spec 8 +/-\n" + run + "1\n}\n";
  std::string expected = run + "control c owner q {\n" + indented_run + "  spec 8 \u00B1\n" +
                         continued_run + "      1\n}\n";
  std::optional<std::string> formatted = FormatText(input);
  REQUIRE(formatted.has_value());
  CHECK(formatted->size() == expected.size());
  CHECK(*formatted == expected);
}

}  // namespace
}  // namespace takt::format
