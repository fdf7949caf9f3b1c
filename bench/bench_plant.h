// The benchmark plant: 20 lines of 10 workcenters, `controls` controls with Western Electric SPC
// and out-of-spec reactions (hold the lot, open a containment case), a 3-tier breakdown
// escalation and a recurrence. Shared by the executor benchmark, the end-to-end stream generator
// and (as a committed file) the hand-written baselines' tests.
#ifndef TAKT_BENCH_BENCH_PLANT_H_
#define TAKT_BENCH_BENCH_PLANT_H_

#include <string>

namespace takt::bench {

constexpr int kLines = 20;
constexpr int kWorkcentersPerLine = 10;
constexpr int kWorkcenters = kLines * kWorkcentersPerLine;
// Controls checked by one routing operation: the controls of routing rtR are c(50R) … c(50R + 49).
constexpr int kChecksPerRouting = 50;

auto BenchPlantText(int controls) -> std::string;

}  // namespace takt::bench

#endif  // TAKT_BENCH_BENCH_PLANT_H_
