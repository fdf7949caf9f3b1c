// Generates large, realistic plants as `.takt` source text: many lines of workcenters, routings
// with checked controls and bounded rework, controls with SPC and reaction plans, reason trees,
// escalations, recurrences, cases. Deterministic for a seed. Used by the benchmarks and by tests
// that need big or varied plants.
#ifndef TAKT_BENCH_PLANT_GENERATOR_H_
#define TAKT_BENCH_PLANT_GENERATOR_H_

#include <cstdint>
#include <string>
#include <vector>

namespace takt::bench {

struct PlantShape {
  int lines = 10;
  int workcenters_per_line = 10;
  int controls = 1000;
  int routings = 100;
  int operations_per_routing = 5;
  int reason_groups = 20;
  int reasons_per_group = 10;
  uint64_t seed = 1;
};

struct GeneratedFile {
  std::string path;
  std::string text;
};

auto GeneratePlant(const PlantShape& shape) -> std::vector<GeneratedFile>;

// Lines of source in the generated files.
auto CountLines(const std::vector<GeneratedFile>& files) -> size_t;

}  // namespace takt::bench

#endif  // TAKT_BENCH_PLANT_GENERATOR_H_
