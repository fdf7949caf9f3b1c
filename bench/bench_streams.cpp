// Writes the benchmark plant and its end-to-end event streams, for bench/end_to_end and the
// baseline tests:
//   DIR/bench.takt      the plant of bench/bench_plant.h (1,000 controls);
//   DIR/measure.jsonl   one release per routing, then measurements of random controls of that
//                       plant, 1 s apart: centred noise of one sigma (Western Electric rules fire on
//                       a few per cent), every 2,000th point out of spec (hold, containment case);
//   DIR/downtime.jsonl  down/up of random workcenters, 6 s apart, stops coded jam or crack
//                       (breakdown tiers at 10, 30 and 60 min, the recurrence 3 in 24 h).
// Deterministic: same EVENTS, same bytes.
// Usage: takt_bench_streams DIR EVENTS
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_plant.h"

namespace {

constexpr int kControls = 1000;
constexpr int64_t kStart = 1'795'500'000'000;
constexpr int kOutOfSpecEvery = 2000;
// 6 s between down/up events: a stop lasts 20 min on average, so most reach the 10 min tier.
constexpr int64_t kDowntimeStep = 6000;

// Streams are written in pieces so memory stays flat for any length.
class Writer {
 public:
  explicit Writer(const std::string& path) : file_(std::fopen(path.c_str(), "wb")) {
    if (file_ == nullptr) {
      fmt::print(stderr, "cannot write {}\n", path);
      std::exit(1);
    }
  }
  ~Writer() {
    Flush();
    std::fclose(file_);
  }
  Writer(const Writer&) = delete;
  auto operator=(const Writer&) -> Writer& = delete;
  auto buffer() -> std::string& {
    if (buffer_.size() > (1u << 20)) {
      Flush();
    }
    return buffer_;
  }

 private:
  void Flush() {
    std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
    buffer_.clear();
  }
  std::FILE* file_;
  std::string buffer_;
};

void WriteMeasure(const std::string& path, int events) {
  Writer out(path);
  std::mt19937_64 random(42);
  std::normal_distribution<double> noise(0.0, 1.0);
  const int routings = (kControls + takt::bench::kChecksPerRouting - 1) / takt::bench::kChecksPerRouting;
  for (int r = 0; r < routings && r < events; ++r) {
    fmt::format_to(std::back_inserter(out.buffer()),
                   "{{\"t\":{},\"type\":\"release\",\"order\":\"po_{}\",\"routing\":\"rt{}\",\"lot\":\"l_{}\",\"qty\":1000}}\n",
                   kStart, r, r, r);
  }
  for (int i = routings; i < events; ++i) {
    const int c = static_cast<int>(random() % kControls);
    const double centre = 10 + c % 90;
    const double value = i % kOutOfSpecEvery == 0 ? centre + 0.6 : centre + 0.1 * noise(random);
    fmt::format_to(std::back_inserter(out.buffer()),
                   "{{\"t\":{},\"type\":\"measure\",\"control\":\"c{}\",\"value\":{:.3f},\"lot\":\"l_{}\"}}\n",
                   kStart + int64_t{i} * 1000, c, value, c / takt::bench::kChecksPerRouting);
  }
}

void WriteDowntime(const std::string& path, int events) {
  Writer out(path);
  std::mt19937_64 random(7);
  std::vector<bool> down(takt::bench::kWorkcenters, false);
  for (int i = 0; i < events; ++i) {
    const auto w = static_cast<size_t>(random() % down.size());
    if (down[w]) {
      fmt::format_to(std::back_inserter(out.buffer()), "{{\"t\":{},\"type\":\"up\",\"workcenter\":\"w{}\"}}\n",
                     kStart + int64_t{i} * kDowntimeStep, w);
    } else {
      fmt::format_to(std::back_inserter(out.buffer()),
                     "{{\"t\":{},\"type\":\"down\",\"workcenter\":\"w{}\",\"reason\":\"unplanned.breakdown.{}\"}}\n",
                     kStart + int64_t{i} * kDowntimeStep, w, random() % 2 == 0 ? "jam" : "crack");
    }
    down[w] = !down[w];
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    fmt::print(stderr, "usage: takt_bench_streams DIR EVENTS\n");
    return 2;
  }
  const std::string dir = argv[1];
  const int events = std::atoi(argv[2]);
  {
    Writer plant(dir + "/bench.takt");
    plant.buffer() = takt::bench::BenchPlantText(kControls);
  }
  WriteMeasure(dir + "/measure.jsonl", events);
  WriteDowntime(dir + "/downtime.jsonl", events);
  return 0;
}
