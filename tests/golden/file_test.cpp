// The golden-test runner: every `tests/golden/**/*.takt` file is one doctest test case. The
// file carries its own expectations as comments, so a test is one file to read and review:
//
//   // ARGS: check %s                     optional; the default. %s = the test's files;
//                                         an argument `-` gets the plant's text on stdin
//   // --- other.takt                     optional; starts a file of a multi-file plant
//   ... plant text ...
//
//   // EXIT: 1                            present when the exit status is not 0
//   // CHECK:STDOUT: <line>               exact stdout, line by line
//   // CHECK:STDERR: <line>               exact stderr (human rendering, no colour)
//
// Files the command writes (`takt doc … -o site`) are expectations too: each is compared with
// the file of the same path below `<test name without .takt>.out/` beside the test, and that
// directory holds exactly the files written.
//
// The EXIT/CHECK lines form one block at the end of the file, written by autoupdate
// (`scripts/autoupdate_golden`, or TAKT_AUTOUPDATE=1, or `--autoupdate`): at the end, the
// plant's line numbers do not move when the expectations change. The block is not part of the
// plant given to the compiler. A file is named `fail_*` exactly when its exit status is not 0.
//
// The driver runs in-process over an InMemoryFileSystem holding the test's files, named by
// their base name (or the `// ---` name), so paths in the output read `fail_unknown_role.takt`.
//
// xir goldens: `takt build --emit=xir` of examples/porto (tests/golden/xir/porto.xir) and of
// every executor case (tests/golden/run/<case>/expected.xir), so that a change to lowering is
// reviewed as a text diff. They are written and refreshed like the CHECK lines; the one line that
// changes with any edit of any source, stdlib included (`sha256 …`), is compared masked.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/file_system.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/driver/driver.h"
#include "tests/unit/repo_files.h"

namespace takt::golden {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kCheckStdout = "// CHECK:STDOUT:";
constexpr std::string_view kCheckStderr = "// CHECK:STDERR:";
constexpr std::string_view kExit = "// EXIT:";
constexpr std::string_view kArgs = "// ARGS:";
constexpr std::string_view kSplit = "// --- ";

// Codes that need not appear in any golden test, each with the reason. Keep it short: a code
// without a golden test is a rendering nobody has looked at.
const std::map<std::string_view, std::string_view> kCoverageExemptions = {
    {"T0018", "only a takt built without LLVM reports it"},
    {"T0019", "needs the code generator plugin missing from beside the binary"},
    {"T0020", "needs LLVM to fail on a plant that checks"},
    {"T0022", "needs an executor that was written but cannot be read back"},
    {"T0024", "needs graphviz to be missing"},
    {"T0025", "needs graphviz to reject the DOT that takt writes"},
    {"T0030", "needs a standard output that fails; tests/write_faults.sh runs it on /dev/full"},
    {"T0037", "needs serving to fail midway; tests/serve/states_test.py runs it on /dev/full, tests/nats on a "
              "lost lease and on actions never acknowledged"},
};

// An xir golden: the plant's files under the names the compiler sees, and the expected text.
struct XirCase {
  std::vector<std::pair<std::string, fs::path>> plant_files;
  fs::path expected;
};

struct Config {
  bool autoupdate = false;
  fs::path root;
  // Golden test name (path relative to tests/golden) → absolute path.
  std::map<std::string, fs::path> cases;
  std::map<std::string, XirCase> xir_cases;
};

auto GetConfig() -> Config& {
  static Config config;
  return config;
}

using takt::testing::ReadText;

// Lines without their terminators; a final newline does not make an extra empty line.
auto SplitLines(std::string_view text) -> std::vector<std::string> {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t newline = text.find('\n', start);
    if (newline == std::string_view::npos) {
      lines.emplace_back(text.substr(start));
      break;
    }
    lines.emplace_back(text.substr(start, newline - start));
    start = newline + 1;
  }
  return lines;
}

auto IsBlank(std::string_view line) -> bool {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

auto IsExpectation(std::string_view line) -> bool {
  return line.starts_with(kCheckStdout) || line.starts_with(kCheckStderr) ||
         line.starts_with(kExit);
}

// The text after `prefix`, without the one space that separates it.
auto Payload(std::string_view line, std::string_view prefix) -> std::string {
  std::string_view rest = line.substr(prefix.size());
  if (rest.starts_with(' ')) {
    rest.remove_prefix(1);
  }
  return std::string(rest);
}

struct GoldenFile {
  // The test file without its expectation block: what autoupdate keeps.
  std::vector<std::string> content;
  std::string args = "check %s";
  int exit_code = 0;
  std::vector<std::string> stdout_lines;
  std::vector<std::string> stderr_lines;
  // Set when an expectation line sits above plant text, where removing it would shift lines.
  std::string misplaced;
};

auto ParseGoldenFile(std::string_view text) -> GoldenFile {
  GoldenFile file;
  std::vector<std::string> lines = SplitLines(text);
  size_t last_content = 0;
  bool any_content = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!IsExpectation(lines[i]) && !IsBlank(lines[i])) {
      last_content = i;
      any_content = true;
    }
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.starts_with(kCheckStdout)) {
      file.stdout_lines.push_back(Payload(line, kCheckStdout));
    } else if (line.starts_with(kCheckStderr)) {
      file.stderr_lines.push_back(Payload(line, kCheckStderr));
    } else if (line.starts_with(kExit)) {
      file.exit_code = std::atoi(Payload(line, kExit).c_str());
    } else {
      if (line.starts_with(kArgs)) {
        file.args = Payload(line, kArgs);
      }
      if (any_content && i <= last_content) {
        file.content.push_back(line);
      }
      continue;
    }
    if (any_content && i < last_content && file.misplaced.empty()) {
      file.misplaced = line;
    }
  }
  return file;
}

// The files of the plant: split at `// --- name` lines, or the whole content under the test's
// own base name. Each file ends with exactly one newline.
auto PlantFiles(const GoldenFile& golden, const std::string& base_name)
    -> std::vector<std::pair<std::string, std::string>> {
  std::vector<std::pair<std::string, std::string>> files;
  bool split = std::any_of(golden.content.begin(), golden.content.end(),
                           [](const std::string& line) { return line.starts_with(kSplit); });
  if (!split) {
    files.emplace_back(base_name, "");
  }
  for (const std::string& line : golden.content) {
    if (line.starts_with(kSplit)) {
      files.emplace_back(line.substr(kSplit.size()), "");
      continue;
    }
    if (!files.empty()) {
      files.back().second += line + "\n";
    }
  }
  for (auto& [name, text] : files) {
    while (text.size() >= 2 && text.ends_with("\n\n")) {
      text.pop_back();
    }
  }
  return files;
}

auto SplitArgs(std::string_view args, const std::vector<std::pair<std::string, std::string>>& files)
    -> std::vector<std::string> {
  std::vector<std::string> result;
  std::istringstream in{std::string(args)};
  std::string word;
  while (in >> word) {
    if (word == "%s") {
      for (const auto& [name, text] : files) {
        result.push_back(name);
      }
    } else {
      result.push_back(word);
    }
  }
  return result;
}

// A line diff (longest common subsequence), `-` expected, `+` actual, as `diff -u` shows it.
auto Diff(const std::vector<std::string>& expected, const std::vector<std::string>& actual)
    -> std::string {
  size_t n = expected.size();
  size_t m = actual.size();
  std::vector<std::vector<size_t>> lcs(n + 1, std::vector<size_t>(m + 1, 0));
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      lcs[i][j] = expected[i] == actual[j] ? lcs[i + 1][j + 1] + 1
                                           : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::string out;
  size_t i = 0;
  size_t j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && expected[i] == actual[j]) {
      out += "  " + expected[i++] + "\n";
      ++j;
    } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out += "+ " + actual[j++] + "\n";
    } else {
      out += "- " + expected[i++] + "\n";
    }
  }
  return out;
}

auto Render(const GoldenFile& golden, int exit_code, const std::vector<std::string>& out_lines,
            const std::vector<std::string>& err_lines) -> std::string {
  std::string text;
  for (const std::string& line : golden.content) {
    text += line + "\n";
  }
  if (exit_code == 0 && out_lines.empty() && err_lines.empty()) {
    return text;
  }
  text += "\n";
  if (exit_code != 0) {
    text += std::string(kExit) + " " + std::to_string(exit_code) + "\n";
  }
  for (const auto& [prefix, lines] :
       {std::pair{kCheckStdout, &out_lines}, std::pair{kCheckStderr, &err_lines}}) {
    for (const std::string& line : *lines) {
      text += std::string(prefix);
      if (!line.empty()) {
        text += " " + line;
      }
      text += "\n";
    }
  }
  return text;
}

// The files below `dir`, by their path relative to it.
auto ReadTree(const fs::path& dir) -> std::map<std::string, std::string> {
  std::map<std::string, std::string> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file()) {
      files[fs::relative(it->path(), dir).generic_string()] = ReadText(it->path());
    }
  }
  return files;
}

// Compares (or, autoupdating, rewrites) the files the command wrote with `<test>.out/`.
void CheckWrittenFiles(const fs::path& test_path, const std::map<std::string, std::string>& written, bool autoupdate) {
  fs::path expected_dir = test_path;
  expected_dir.replace_extension(".out");
  if (autoupdate) {
    if (ReadTree(expected_dir) != written) {
      fs::remove_all(expected_dir);
      for (const auto& [name, text] : written) {
        fs::create_directories((expected_dir / name).parent_path());
        std::ofstream(expected_dir / name, std::ios::binary) << text;
      }
      std::cerr << "autoupdate: rewrote " << expected_dir.string() << "\n";
    }
    return;
  }
  const std::map<std::string, std::string> expected = ReadTree(expected_dir);
  for (const auto& [name, text] : written) {
    auto it = expected.find(name);
    if (it == expected.end()) {
      FAIL_CHECK("wrote " << name << ", which " << expected_dir.string() << " lacks: run scripts/autoupdate_golden");
    } else if (it->second != text) {
      FAIL_CHECK(name << " differs (- expected, + actual):\n" << Diff(SplitLines(it->second), SplitLines(text)));
    }
  }
  for (const auto& [name, text] : expected) {
    CHECK_MESSAGE(written.contains(name), "did not write " << name << " of " << expected_dir.string());
  }
}

void RunGoldenCase() {
  const Config& config = GetConfig();
  const std::string name = doctest::getContextOptions()->currentTest->m_name;
  const fs::path& path = config.cases.at(name);
  std::string original = ReadText(path);
  GoldenFile golden = ParseGoldenFile(original);
  if (!config.autoupdate && !golden.misplaced.empty()) {
    FAIL("expectation above plant text (would shift line numbers): `"
         << golden.misplaced << "`; run scripts/autoupdate_golden to move it to the end");
  }

  std::string base_name = path.filename().string();
  auto files = PlantFiles(golden, base_name);
  base::InMemoryFileSystem file_system;
  for (const auto& [file_name, text] : files) {
    file_system.Add(file_name, text);
  }
  std::vector<std::string> args = SplitArgs(golden.args, files);
  std::vector<std::string_view> arg_views(args.begin(), args.end());
  std::ostringstream out;
  std::ostringstream err;
  // An argument `-` reads standard input: it gets the plant's text (`// ARGS: fmt -`).
  std::string stdin_text;
  if (std::find(args.begin(), args.end(), "-") != args.end()) {
    for (const auto& [file_name, text] : files) {
      stdin_text += text;
    }
  }
  std::istringstream in(stdin_text);
  driver::DriverEnv env{
      .file_system = file_system, .out = out, .err = err, .in = in, .color = false};
  int exit_code = driver::RunDriver(arg_views, env);
  std::vector<std::string> out_lines = SplitLines(out.str());
  std::vector<std::string> err_lines = SplitLines(err.str());
  std::map<std::string, std::string> written = file_system.files();
  for (const auto& [file_name, text] : files) {
    written.erase(file_name);
  }
  CheckWrittenFiles(path, written, config.autoupdate);

  bool named_fail = base_name.starts_with("fail_");
  CHECK_MESSAGE(named_fail == (exit_code != 0),
                (named_fail ? "named fail_ but exits 0" : "exits " + std::to_string(exit_code) +
                                                              " but is not named fail_*"));

  if (config.autoupdate) {
    std::string updated = Render(golden, exit_code, out_lines, err_lines);
    if (updated != original) {
      std::ofstream(path, std::ios::binary) << updated;
      std::cerr << "autoupdate: rewrote " << name << "\n";
    }
    return;
  }
  CHECK_MESSAGE(exit_code == golden.exit_code,
                "exit status " << exit_code << ", expected " << golden.exit_code);
  if (out_lines != golden.stdout_lines) {
    FAIL_CHECK("stdout differs (- expected, + actual):\n" << Diff(golden.stdout_lines, out_lines));
  }
  if (err_lines != golden.stderr_lines) {
    FAIL_CHECK("stderr differs (- expected, + actual):\n" << Diff(golden.stderr_lines, err_lines));
  }
}

#if TAKT_WITH_LLVM
// `sha256 <hex>` with the digest replaced: the hash of every source, stdlib included, would make
// each edit anywhere rewrite every xir golden. The unit tests check the digest itself.
auto MaskSourceHash(const std::string& xir) -> std::string {
  constexpr std::string_view kPrefix = "\nsha256 ";
  std::string masked = xir;
  const size_t at = masked.find(kPrefix);
  if (at != std::string::npos) {
    const size_t start = at + kPrefix.size();
    masked.replace(start, masked.find('\n', start) - start, "<sha256 of the sources>");
  }
  return masked;
}

void RunXirCase() {
  const Config& config = GetConfig();
  const std::string name = doctest::getContextOptions()->currentTest->m_name;
  const XirCase& xir_case = config.xir_cases.at(name);
  base::InMemoryFileSystem file_system;
  std::vector<std::string> args = {"build", "--emit=xir"};
  for (const auto& [file_name, path] : xir_case.plant_files) {
    file_system.Add(file_name, ReadText(path));
    args.push_back(file_name);
  }
  std::vector<std::string_view> arg_views(args.begin(), args.end());
  std::ostringstream out;
  std::ostringstream err;
  std::istringstream in;
  driver::DriverEnv env{.file_system = file_system, .out = out, .err = err, .in = in, .color = false};
  const int exit_code = driver::RunDriver(arg_views, env);
  REQUIRE_MESSAGE(exit_code == 0, err.str());
  CHECK(err.str().empty());
  const std::string actual = MaskSourceHash(out.str());
  REQUIRE_MESSAGE(actual.starts_with("xir plant "), actual);
  const std::string expected = ReadText(xir_case.expected);
  if (config.autoupdate) {
    if (actual != expected) {
      fs::create_directories(xir_case.expected.parent_path());
      std::ofstream(xir_case.expected, std::ios::binary) << actual;
      std::cerr << "autoupdate: rewrote " << name << "\n";
    }
    return;
  }
  if (expected.empty()) {
    FAIL("missing " << xir_case.expected.string() << ": run scripts/autoupdate_golden");
  }
  if (actual != expected) {
    FAIL("xir differs (- expected, + actual):\n" << Diff(SplitLines(expected), SplitLines(actual)));
  }
}
#endif

// Every diagnostic code appears in some golden test's expectations (as `[T0xxx]` in human
// output or `"T0xxx"` in JSON/SARIF), or in the exemption list with a reason.
TEST_CASE("golden coverage: every diagnostic code has a golden test") {
  const Config& config = GetConfig();
  std::string all;
  for (const auto& [name, path] : config.cases) {
    for (const std::string& line : SplitLines(ReadText(path))) {
      if (IsExpectation(line)) {
        all += line + "\n";
      }
    }
  }
  std::vector<std::string_view> missing;
  for (const diagnostics::KindInfo& info : diagnostics::AllKinds()) {
    bool covered = all.find("[" + std::string(info.code) + "]") != std::string::npos ||
                   all.find("\"" + std::string(info.code) + "\"") != std::string::npos;
    if (!covered && !kCoverageExemptions.contains(info.code)) {
      missing.push_back(info.code);
    }
  }
  std::string list;
  for (std::string_view code : missing) {
    list += " " + std::string(code);
  }
  CHECK_MESSAGE(missing.empty(), "codes without a golden test:" << list);
  for (const auto& [code, reason] : kCoverageExemptions) {
    CHECK_MESSAGE(diagnostics::FindKindByCode(code) != nullptr,
                  "exemption for unknown code " << code);
  }
}

}  // namespace
}  // namespace takt::golden

auto main(int argc, char** argv) -> int {
  using takt::golden::GetConfig;
  namespace fs = std::filesystem;
  takt::golden::Config& config = GetConfig();
  const char* env_autoupdate = std::getenv("TAKT_AUTOUPDATE");
  config.autoupdate = env_autoupdate != nullptr && std::string_view(env_autoupdate) == "1";
  config.root = fs::path(TAKT_SOURCE_DIR) / "tests" / "golden";

  // `--autoupdate` and `.takt` paths are ours; everything else goes to doctest.
  std::vector<char*> doctest_args;
  std::set<fs::path> only;
  for (int i = 0; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (i > 0 && arg == "--autoupdate") {
      config.autoupdate = true;
    } else if (i > 0 && !arg.starts_with("-") && (arg.ends_with(".takt") || arg.ends_with(".xir"))) {
      only.insert(fs::weakly_canonical(fs::path(arg)));
    } else {
      doctest_args.push_back(argv[i]);
    }
  }

  std::vector<fs::path> paths;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(config.root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    // tests/golden/run/ holds executor cases (plant + events + actions), run by the interpreter
    // and native tests; tests/golden/format/ holds formatter cases (`x.takt` beside
    // `x.takt.formatted`), run by tests/unit/format/format_test.cpp. Neither has expectations.
    if (it->is_directory() && (it->path().filename() == "run" || it->path().filename() == "format") &&
        it.depth() == 0) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && it->path().extension() == ".takt") {
      paths.push_back(it->path());
    }
  }
  std::sort(paths.begin(), paths.end());
  // doctest keeps the names and file names as `const char*`: they must outlive the run.
  static std::deque<std::string> names;
  static std::deque<std::string> files;
  for (const fs::path& path : paths) {
    if (!only.empty() && !only.contains(fs::weakly_canonical(path))) {
      continue;
    }
    names.push_back(fs::relative(path, config.root).generic_string());
    files.push_back(path.string());
    config.cases[names.back()] = path;
    doctest::detail::regTest(
        doctest::detail::TestCase(&takt::golden::RunGoldenCase, files.back().c_str(), 1,
                                  doctest_detail_test_suite_ns::getCurrentTestSuite()) *
        names.back().c_str());
  }

#if TAKT_WITH_LLVM
  // The xir goldens: porto, named as the README's commands name it, and each executor case,
  // named relative to its directory as the run tests do.
  std::map<std::string, takt::golden::XirCase> xir_cases;
  takt::golden::XirCase& porto = xir_cases["xir/porto.xir"];
  porto.expected = config.root / "xir" / "porto.xir";
  for (const fs::path& path : takt::testing::PlantFilesIn(takt::testing::PortoDir())) {
    porto.plant_files.emplace_back("examples/porto/" + path.filename().string(), path);
  }
  std::vector<std::string> corpus_problems;  // Reported by the run tests.
  for (const takt::testing::RunCase& run_case : takt::testing::RunCorpus(corpus_problems)) {
    takt::golden::XirCase& xir_case = xir_cases["run/" + run_case.name + "/expected.xir"];
    xir_case.expected = run_case.dir / "expected.xir";
    for (const fs::path& path : run_case.plant_files) {
      xir_case.plant_files.emplace_back(path.filename().string(), path);
    }
  }
  for (auto& [name, xir_case] : xir_cases) {
    if (!only.empty() && !only.contains(fs::weakly_canonical(xir_case.expected))) {
      continue;
    }
    names.push_back(name);
    files.push_back(xir_case.expected.string());
    config.xir_cases[name] = std::move(xir_case);
    doctest::detail::regTest(
        doctest::detail::TestCase(&takt::golden::RunXirCase, files.back().c_str(), 1,
                                  doctest_detail_test_suite_ns::getCurrentTestSuite()) *
        names.back().c_str());
  }
#endif

  doctest::Context context(static_cast<int>(doctest_args.size()), doctest_args.data());
  if (!only.empty()) {
    // With explicit files, run just their cases (not the coverage test, which needs them all).
    context.addFilter("test-case-exclude", "golden coverage*");
  }
  return context.run();
}
