// The include graph against docs/architecture.md: every `#include` of a project file (and of
// ANTLR or LLVM) under compiler/, runtime/, tests/ and bench/ must be allowed by the stage table
// there, and the rules that hold whatever the table says (ANTLR only in syntax/, LLVM only in
// codegen/, runtime/src/ only inside the runtime, runtime/ never reaching compiler/) are checked
// on their own. The checker is also run on small made-up graphs, to show that it can fail.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/unit/repo_files.h"

namespace takt::testing {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kAntlr = "ANTLR";
constexpr std::string_view kLlvm = "LLVM";

// One row of the stage table: the directories and libraries its files may include.
struct Row {
  std::vector<std::string> directories;
  std::set<std::string> libraries;
};

struct Table {
  std::map<std::string, Row> rows;  // Keyed by directory, `compiler/check/`.
  std::vector<std::string> errors;  // Rows that do not parse.
};

// One include: the including file, its line, and what it reaches: a repository path, or a
// library name (kAntlr, kLlvm).
struct Edge {
  std::string from;
  int line = 0;
  std::string to;
};

// The texts between backticks in `cell`.
auto Backticked(std::string_view cell) -> std::vector<std::string> {
  std::vector<std::string> words;
  for (size_t open = cell.find('`'); open != std::string_view::npos; open = cell.find('`', open)) {
    const size_t close = cell.find('`', open + 1);
    if (close == std::string_view::npos) {
      break;
    }
    words.emplace_back(cell.substr(open + 1, close - open - 1));
    open = close + 1;
  }
  return words;
}

// The table under the `| directory | owns | may include |` header of docs/architecture.md.
auto ParseTable(const std::string& markdown) -> Table {
  Table table;
  std::istringstream in(markdown);
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!inside) {
      inside = line.starts_with("| directory | owns | may include |");
      continue;
    }
    if (!line.starts_with("|")) {
      break;
    }
    if (line.starts_with("|---")) {
      continue;
    }
    std::vector<std::string> cells;
    std::istringstream row_in(line.substr(1));
    std::string cell;
    while (std::getline(row_in, cell, '|')) {
      cells.push_back(cell);
    }
    const std::vector<std::string> directory = Backticked(cells.empty() ? "" : cells[0]);
    if (cells.size() != 3 || directory.size() != 1 || !directory[0].ends_with("/")) {
      table.errors.push_back("not a `| `dir/` | owns | may include |` row: " + line);
      continue;
    }
    Row row;
    for (const std::string& word : Backticked(cells[2])) {
      if (word.ends_with("/")) {
        row.directories.push_back(word);
      } else if (word == kAntlr || word == kLlvm) {
        row.libraries.insert(word);
      } else {
        table.errors.push_back("`" + word + "` is neither a directory nor ANTLR/LLVM in the row of " + directory[0]);
      }
    }
    table.rows[directory[0]] = row;
  }
  if (table.rows.empty()) {
    table.errors.push_back("no stage table found");
  }
  return table;
}

// The row `path` belongs to: the longest table directory that contains it.
auto RowOf(const Table& table, const std::string& path) -> std::optional<std::string> {
  std::optional<std::string> best;
  for (const auto& [directory, row] : table.rows) {
    if (path.starts_with(directory) && (!best || directory.size() > best->size())) {
      best = directory;
    }
  }
  return best;
}

auto IsWithin(const std::string& path, std::initializer_list<std::string_view> directories) -> bool {
  return std::any_of(directories.begin(), directories.end(),
                     [&](std::string_view directory) { return path.starts_with(directory); });
}

// The directories a row may include: its own, its listed ones and theirs, transitively. A cycle
// through `directory` is reported in `errors`.
auto Reachable(const Table& table, const std::string& directory, std::vector<std::string>& errors)
    -> std::set<std::string> {
  std::set<std::string> seen = {directory};
  std::vector<std::string> pending = {directory};
  while (!pending.empty()) {
    const std::string next = pending.back();
    pending.pop_back();
    const auto row = table.rows.find(next);
    if (row == table.rows.end()) {
      errors.push_back("the row of " + directory + " reaches " + next + ", which has no row");
      continue;
    }
    for (const std::string& listed : row->second.directories) {
      if (listed == directory) {
        errors.push_back("the table has a cycle through " + directory + " (via " + next + ")");
      }
      if (seen.insert(listed).second) {
        pending.push_back(listed);
      }
    }
  }
  return seen;
}

// Every violation of the table and of the fixed rules, as `file:line: message`.
auto Check(const Table& table, const std::vector<Edge>& edges) -> std::vector<std::string> {
  std::vector<std::string> violations = table.errors;
  std::map<std::string, std::set<std::string>> reachable;
  for (const auto& [directory, row] : table.rows) {
    reachable[directory] = Reachable(table, directory, violations);
  }
  for (const Edge& edge : edges) {
    const std::string where = edge.from + ":" + std::to_string(edge.line) + ": ";
    const std::optional<std::string> from = RowOf(table, edge.from);
    if (!from) {
      violations.push_back(where + "the file is in no row of the table");
      continue;
    }
    std::vector<std::string> problems;
    const bool is_library = edge.to == kAntlr || edge.to == kLlvm;
    const std::optional<std::string> to = is_library ? std::nullopt : RowOf(table, edge.to);
    if (is_library) {
      if (!table.rows.at(*from).libraries.contains(edge.to)) {
        problems.push_back(edge.to + " is not in the row of " + *from);
      }
    } else if (!to) {
      problems.push_back("includes " + edge.to + ", which is in no row of the table");
    } else if (!reachable[*from].contains(*to)) {
      problems.push_back("includes " + edge.to + " (" + *to + "), which the row of " + *from + " does not allow");
    }
    // The fixed rules, whatever the table says.
    if ((edge.to == kAntlr || edge.to.starts_with("grammar/")) &&
        !IsWithin(edge.from, {"compiler/syntax/", "grammar/", "tests/unit/syntax/"})) {
      problems.push_back(edge.to == kAntlr ? "ANTLR outside compiler/syntax/"
                                           : "ANTLR (" + edge.to + ") outside compiler/syntax/");
    }
    if (edge.to == kLlvm && !IsWithin(edge.from, {"compiler/codegen/"})) {
      problems.push_back("LLVM outside compiler/codegen/");
    }
    if (edge.to.starts_with("runtime/src/") &&
        !IsWithin(edge.from, {"runtime/", "tests/unit/runtime/", "tests/fuzz/"})) {
      problems.push_back("includes " + edge.to + ": outside the runtime, only runtime/include/takt/ is visible");
    }
    if (edge.from.starts_with("runtime/") && !is_library && !edge.to.starts_with("runtime/")) {
      problems.push_back("the runtime includes " + edge.to + ": it includes nothing outside runtime/");
    }
    for (const std::string& problem : problems) {
      violations.push_back(where + problem);
    }
  }
  return violations;
}

// What `#include` line `text` of `file` reaches, or nothing for a system header.
auto Resolve(const fs::path& root, const std::string& file, std::string_view text) -> std::optional<std::string> {
  const size_t open = text.find_first_of("\"<");
  if (open == std::string_view::npos) {
    return std::nullopt;
  }
  const char close_char = text[open] == '"' ? '"' : '>';
  const size_t close = text.find(close_char, open + 1);
  const std::string name(text.substr(open + 1, close - open - 1));
  if (close_char == '>') {
    if (name.starts_with("antlr4-runtime")) {
      return std::string(kAntlr);
    }
    if (name.starts_with("llvm/") || name.starts_with("lld/") || name.starts_with("llvm-c/")) {
      return std::string(kLlvm);
    }
    return std::nullopt;
  }
  // runtime/include is on the include path: `takt/runtime.h`.
  if (name.starts_with("takt/")) {
    return "runtime/include/" + name;
  }
  if (name.find('/') != std::string::npos) {
    return name;
  }
  // A bare name: a file beside the includer, or else one the build generates from the grammar.
  const fs::path beside = fs::path(file).parent_path() / name;
  return fs::exists(root / beside) ? beside.generic_string() : "grammar/" + name;
}

// Every include of the project's own C and C++ files.
auto ScanIncludes(const fs::path& root) -> std::vector<Edge> {
  std::vector<Edge> edges;
  for (const char* top : {"compiler", "runtime", "tests", "bench"}) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
      const std::string extension = entry.path().extension().string();
      if (entry.is_regular_file() && (extension == ".h" || extension == ".cpp" || extension == ".c" ||
                                       extension == ".def" || extension == ".inc")) {
        files.push_back(entry.path());
      }
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& path : files) {
      const std::string file = fs::relative(path, root).generic_string();
      std::istringstream in(ReadText(path));
      std::string line;
      for (int number = 1; std::getline(in, line); ++number) {
        const size_t hash = line.find_first_not_of(" \t");
        if (hash == std::string::npos || line[hash] != '#') {
          continue;
        }
        const size_t word = line.find_first_not_of(" \t", hash + 1);
        if (word == std::string::npos || line.compare(word, 7, "include") != 0) {
          continue;
        }
        if (std::optional<std::string> to = Resolve(root, file, std::string_view(line).substr(word + 7))) {
          edges.push_back(Edge{.from = file, .line = number, .to = *to});
        }
      }
    }
  }
  return edges;
}

auto Join(const std::vector<std::string>& lines) -> std::string {
  std::string text;
  for (const std::string& line : lines) {
    text += "\n  " + line;
  }
  return text;
}

// A small table in the shape of the real one, for the checker's own tests.
constexpr std::string_view kFakeTable =
    "| directory | owns | may include |\n"
    "|---|---|---|\n"
    "| `compiler/base/` | utilities | |\n"
    "| `compiler/model/` | the model | `compiler/base/` |\n"
    "| `compiler/syntax/` | parsing | `compiler/base/`, `grammar/`, `ANTLR` |\n"
    "| `compiler/check/` | checks | `compiler/syntax/`, `compiler/model/` |\n"
    "| `compiler/codegen/` | code | `compiler/model/`, `LLVM` |\n"
    "| `runtime/include/` | ABI | |\n"
    "| `runtime/src/` | runtime | `runtime/include/` |\n"
    "| `grammar/` | grammar | `ANTLR` |\n";

auto CheckFake(const std::vector<Edge>& edges) -> std::vector<std::string> {
  return Check(ParseTable(std::string(kFakeTable)), edges);
}

TEST_CASE("include checker: a graph that follows the table passes, transitively") {
  const std::vector<Edge> edges = {
      {"compiler/check/a.cpp", 1, "compiler/syntax/parse.h"},
      {"compiler/check/a.cpp", 2, "compiler/base/ids.h"},  // Through syntax/ and model/.
      {"compiler/syntax/p.cpp", 3, "grammar/TaktParser.h"},
      {"compiler/syntax/p.cpp", 4, std::string(kAntlr)},
      {"compiler/codegen/c.cpp", 5, std::string(kLlvm)},
      {"runtime/src/s.cpp", 6, "runtime/include/takt/runtime.h"},
      {"compiler/model/m.cpp", 7, "compiler/model/m.h"},
  };
  CHECK(CheckFake(edges).empty());
}

TEST_CASE("include checker: each kind of violation is reported at its line") {
  auto violations = [](const Edge& edge) { return Join(CheckFake({edge})); };
  // Wrong way: the model includes the checker.
  CHECK(violations({"compiler/model/m.cpp", 3, "compiler/check/check.h"}) ==
        "\n  compiler/model/m.cpp:3: includes compiler/check/check.h (compiler/check/), which the row of "
        "compiler/model/ does not allow");
  // ANTLR outside syntax/, directly and through the generated parser (allowed by the
  // transitive table, caught by the rule).
  CHECK(violations({"compiler/check/a.cpp", 4, std::string(kAntlr)}) ==
        "\n  compiler/check/a.cpp:4: ANTLR is not in the row of compiler/check/"
        "\n  compiler/check/a.cpp:4: ANTLR outside compiler/syntax/");
  CHECK(violations({"compiler/check/a.cpp", 5, "grammar/TaktParser.h"}) ==
        "\n  compiler/check/a.cpp:5: ANTLR (grammar/TaktParser.h) outside compiler/syntax/");
  // LLVM outside codegen/.
  CHECK(violations({"compiler/check/a.cpp", 6, std::string(kLlvm)}) ==
        "\n  compiler/check/a.cpp:6: LLVM is not in the row of compiler/check/"
        "\n  compiler/check/a.cpp:6: LLVM outside compiler/codegen/");
  // The compiler reaching into the runtime's internals.
  CHECK(violations({"compiler/codegen/c.cpp", 7, "runtime/src/session.h"}) ==
        "\n  compiler/codegen/c.cpp:7: includes runtime/src/session.h (runtime/src/), which the row of "
        "compiler/codegen/ does not allow"
        "\n  compiler/codegen/c.cpp:7: includes runtime/src/session.h: outside the runtime, only "
        "runtime/include/takt/ is visible");
  // The runtime reaching into the compiler.
  CHECK(violations({"runtime/src/s.cpp", 8, "compiler/base/ids.h"}) ==
        "\n  runtime/src/s.cpp:8: includes compiler/base/ids.h (compiler/base/), which the row of runtime/src/ "
        "does not allow"
        "\n  runtime/src/s.cpp:8: the runtime includes compiler/base/ids.h: it includes nothing outside runtime/");
  // Files and includes the table does not know.
  CHECK(violations({"tools/x.cpp", 9, "compiler/base/ids.h"}) ==
        "\n  tools/x.cpp:9: the file is in no row of the table");
  CHECK(violations({"compiler/base/b.cpp", 10, "elsewhere/x.h"}) ==
        "\n  compiler/base/b.cpp:10: includes elsewhere/x.h, which is in no row of the table");
}

TEST_CASE("include checker: a rule outranks a table row that grants the exception") {
  std::string table(kFakeTable);
  table += "| `compiler/driver/` | cli | `runtime/src/`, `LLVM` |\n";
  const auto violations = Check(ParseTable(table),
                                {{"compiler/driver/d.cpp", 1, "runtime/src/session.h"},
                                 {"compiler/driver/d.cpp", 2, std::string(kLlvm)}});
  CHECK(Join(violations) ==
        "\n  compiler/driver/d.cpp:1: includes runtime/src/session.h: outside the runtime, only runtime/include/takt/ "
        "is visible"
        "\n  compiler/driver/d.cpp:2: LLVM outside compiler/codegen/");
}

TEST_CASE("include checker: a cycle in the table and a malformed row are errors") {
  std::string table(kFakeTable);
  table += "| `compiler/base/` | now wrong | `compiler/check/` |\n| compiler/x/ | no backticks | |\n"
           "| `compiler/y/` | typo | `LLMV` |\n";
  const Table parsed = ParseTable(table);
  const std::string violations = Join(Check(parsed, {}));
  CHECK(violations.find("not a `| `dir/` | owns | may include |` row: | compiler/x/") != std::string::npos);
  CHECK(violations.find("`LLMV` is neither a directory nor ANTLR/LLVM in the row of compiler/y/") != std::string::npos);
  CHECK(violations.find("the table has a cycle through compiler/base/") != std::string::npos);
}

TEST_CASE("the include graph of compiler/, runtime/, tests/ and bench/ follows docs/architecture.md") {
  const fs::path root(TAKT_SOURCE_DIR);
  const Table table = ParseTable(ReadText(root / "docs" / "architecture.md"));
  const std::vector<Edge> edges = ScanIncludes(root);
  // Guards against a scan that finds nothing and so passes.
  REQUIRE(edges.size() > 300);
  REQUIRE(table.rows.size() > 20);
  const std::vector<std::string> violations = Check(table, edges);
  CHECK_MESSAGE(violations.empty(), "includes that break docs/architecture.md:" << Join(violations));
}

}  // namespace
}  // namespace takt::testing
