// `takt fmt` throughput on a run of comment lines, the input that once made the layout
// quadratic (200,000 lines took over a minute). Usage: takt_format_bench [LINES]
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "compiler/format/format.h"

using Clock = std::chrono::steady_clock;

auto main(int argc, char** argv) -> int {
  size_t lines = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 200000;
  std::string text;
  for (size_t i = 0; i < lines; ++i) {
    text += fmt::format("// comment {}\n", i);
  }
  text += "plant p \"P\"\n";
  auto start = Clock::now();
  std::optional<std::string> formatted = takt::format::FormatText(text);
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!formatted) {
    fmt::print(stderr, "the generated file does not parse\n");
    return 1;
  }
  fmt::print("fmt: {} comment lines in {:.3f} s  {:>12.0f} lines/s\n", lines, seconds, lines / seconds);
  return 0;
}
