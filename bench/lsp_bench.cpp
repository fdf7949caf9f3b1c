// `takt lsp` re-check latency per keystroke: the time from a `textDocument/didChange` of one
// character to its `publishDiagnostics` written, the whole plant re-parsed and re-checked each
// time, as an editor sees it while typing. Types a word into a comment of quality.takt and erases
// it again, character by character. Usage: takt_lsp_bench [PLANT_DIR] [KEYSTROKES]
// (default examples/porto, 1000).
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "compiler/lsp/server.h"

using Clock = std::chrono::steady_clock;
using nlohmann::json;

auto main(int argc, char** argv) -> int {
  const std::string dir = std::filesystem::absolute(argc > 1 ? argv[1] : "examples/porto").lexically_normal().string();
  const int keystrokes = argc > 2 ? std::atoi(argv[2]) : 1000;
  const std::string file = dir + "/quality.takt";
  takt::base::RealFileSystem disk;
  std::string error;
  std::optional<std::string> text = disk.ReadFile(file, error);
  if (!text.has_value()) {
    fmt::print(stderr, "cannot read {}: {}\n", file, error);
    return 2;
  }
  std::ostringstream out;
  takt::lsp::Server server(disk, out, {});
  const std::string uri = "file://" + file;
  server.Handle(json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
                     {"params", {{"rootUri", "file://" + dir}, {"capabilities", json::object()}}}}.dump());
  server.Handle(json{{"jsonrpc", "2.0"}, {"method", "textDocument/didOpen"},
                     {"params", {{"textDocument", {{"uri", uri}, {"languageId", "takt"}, {"version", 1}, {"text", *text}}}}}}
                    .dump());
  // Line 0 is a `///` comment: typing at its end keeps the plant clean, so every keystroke runs
  // the checker too, not just the parser.
  const size_t line_end = text->find('\n');
  const std::string word = "keystroke";
  std::vector<double> millis;
  for (int i = 0; i < keystrokes; ++i) {
    const size_t typed = static_cast<size_t>(i) % (2 * word.size());
    const bool typing = typed < word.size();
    const auto column = static_cast<uint32_t>(line_end + (typing ? typed : 2 * word.size() - typed));
    json range = {{"start", {{"line", 0}, {"character", typing ? column : column - 1}}},
                  {"end", {{"line", 0}, {"character", column}}}};
    const std::string change =
        json{{"jsonrpc", "2.0"}, {"method", "textDocument/didChange"},
             {"params", {{"textDocument", {{"uri", uri}, {"version", i + 2}}},
                         {"contentChanges", {{{"range", range}, {"text", typing ? word.substr(typed, 1) : ""}}}}}}}
            .dump();
    out.str("");
    const auto start = Clock::now();
    server.Handle(change);
    millis.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(millis.begin(), millis.end());
  auto at = [&](double q) { return millis[static_cast<size_t>(q * static_cast<double>(millis.size() - 1))]; };
  fmt::print("lsp: {} keystrokes on {}: median {:.2f} ms, p95 {:.2f} ms, max {:.2f} ms\n", millis.size(), dir,
             at(0.5), at(0.95), millis.back());
  return 0;
}
