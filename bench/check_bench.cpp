// Front-end throughput: parses and checks a generated plant of about 100,000 lines, reporting
// lines per second for parse and check separately. Usage: takt_check_bench [LINES] [REPEATS]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "bench/plant_generator.h"
#include "compiler/base/file_system.h"
#include "compiler/check/check.h"
#include "compiler/syntax/parse.h"

using Clock = std::chrono::steady_clock;

static auto Seconds(Clock::duration d) -> double { return std::chrono::duration<double>(d).count(); }

auto main(int argc, char** argv) -> int {
  size_t target_lines = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
  int repeats = argc > 2 ? std::atoi(argv[2]) : 5;
  // About 14 lines per control and 40 per routing dominate the size.
  takt::bench::PlantShape shape;
  shape.controls = static_cast<int>(target_lines / 20);
  shape.routings = static_cast<int>(target_lines / 120);
  shape.lines = 20;
  shape.workcenters_per_line = 10;
  shape.reason_groups = 50;
  shape.reasons_per_group = 20;
  auto files = takt::bench::GeneratePlant(shape);
  size_t lines = takt::bench::CountLines(files);

  double best_parse = 1e9;
  double best_total = 1e9;
  size_t diagnostics_count = 0;
  for (int r = 0; r < repeats; ++r) {
    takt::source::SourceManager sources;
    takt::base::InMemoryFileSystem fs;
    takt::diagnostics::Diagnostics diagnostics;
    auto start = Clock::now();
    std::vector<takt::ast::File> parsed;
    for (const auto& file : files) {
      auto id = sources.AddFile(file.path, file.text);
      parsed.push_back(takt::syntax::Parse(sources, id, diagnostics));
    }
    auto parsed_at = Clock::now();
    auto plant = takt::check::CheckPlant(sources, fs, parsed, {}, diagnostics);
    auto end = Clock::now();
    best_parse = std::min(best_parse, Seconds(parsed_at - start));
    best_total = std::min(best_total, Seconds(end - start));
    diagnostics_count = diagnostics.records().size();
    if (plant == nullptr) {
      fmt::print(stderr, "the generated plant has errors ({} diagnostics), the first: {} at {}\n",
                 diagnostics_count, diagnostics.records().front().message,
                 sources.FormatLocation(diagnostics.records().front().primary.span));
      return 1;
    }
  }
  fmt::print("plant: {} lines in {} files, {} diagnostics\n", lines, files.size(), diagnostics_count);
  fmt::print("parse:        {:8.3f} s  {:>12.0f} lines/s\n", best_parse, lines / best_parse);
  fmt::print("check:        {:8.3f} s  {:>12.0f} lines/s\n", best_total - best_parse, lines / (best_total - best_parse));
  fmt::print("parse+check:  {:8.3f} s  {:>12.0f} lines/s (best of {})\n", best_total, lines / best_total, repeats);
  return 0;
}
