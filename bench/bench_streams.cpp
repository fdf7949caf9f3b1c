// Writes the benchmark plant and its end-to-end event streams, for bench/end_to_end and the
// baseline tests:
//   DIR/bench.takt      the plant of bench/bench_plant.h (1,000 controls);
//   DIR/measure.jsonl   one release per routing, then measurements of random controls of that
//                       plant, 1 s apart: centred noise of one sigma (Western Electric rules fire on
//                       a few per cent), every 2,000th point out of spec (hold, containment case);
//   DIR/downtime.jsonl  down/up of random workcenters, 6 s apart, stops coded jam or crack
//                       (breakdown tiers at 10, 30 and 60 min, the recurrence 3 in 24 h);
//   DIR/porto.jsonl     a porto-like mix for examples/porto, 1 min apart, RFC 3339 times: a lot
//                       released every 400 events, hole diameter (SPC, out of spec: hold and
//                       containment) and weld current (out of spec: stop the line) measured on
//                       it, stops of the three workcenters (die crack, uncoded, changeover, minor
//                       stop), line resumes, and shift handovers acknowledged most of the time.
// Deterministic: same EVENTS, same bytes.
// Usage: takt_bench_streams DIR EVENTS
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <ctime>
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

// Porto's stream starts at 2026-11-28T06:00:00Z, one event a minute.
constexpr int64_t kPortoStart = 1'795'845'600'000;
constexpr int64_t kMinute = 60'000;
constexpr int kShiftEvents = 8 * 60;    // shifts end every 8 h: 06:00, 14:00, 22:00
constexpr int kAcknowledgeWithin = 15;  // minutes

void WritePorto(const std::string& path, int events) {
  Writer out(path);
  std::mt19937_64 random(11);
  std::normal_distribution<double> noise(0.0, 1.0);
  const char* const workcenters[] = {"press_01", "weld_02", "inspect_03"};
  const char* const reasons[] = {",\"reason\":\"unplanned.breakdown.die_crack\"", "",
                                 ",\"reason\":\"planned.changeover\"", ",\"reason\":\"unplanned.minor_stop.jam\""};
  bool down[3] = {false, false, false};
  int lot = 0;
  bool acknowledged = true;
  bool line_stopped = false;  // weld current out of spec stops line l1 until a resume
  for (int i = 0; i < events; ++i) {
    const int64_t t = kPortoStart + int64_t{i} * kMinute;
    const auto seconds = static_cast<time_t>(t / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    std::string& text = out.buffer();
    fmt::format_to(std::back_inserter(text), "{{\"t\":\"{:04}-{:02}-{:02}T{:02}:{:02}:00Z\",\"type\":\"", utc.tm_year + 1900,
                   utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min);
    const int minute_of_shift = i % kShiftEvents;
    if (minute_of_shift == 0 && i > 0) {
      acknowledged = false;  // the shift ends now: its report fires before this event
    }
    const auto roll = random() % 100;
    if (i % 400 == 0) {
      ++lot;
      fmt::format_to(std::back_inserter(text),
                     "release\",\"order\":\"po_{}\",\"routing\":\"bracket_a_std\",\"lot\":\"l_{}\",\"qty\":500}}\n", lot,
                     lot);
    } else if (!acknowledged && minute_of_shift < kAcknowledgeWithin && roll < 15) {
      acknowledged = true;
      text += "acknowledge\",\"handover\":\"shift_handover\",\"by\":\"joana\"}\n";
    } else if (roll < 55) {
      const double value = i % 5000 == 17 ? 8.07 : 8.0 + 0.012 * noise(random);
      fmt::format_to(std::back_inserter(text),
                     "measure\",\"control\":\"hole_diameter\",\"value\":{:.3f},\"lot\":\"l_{}\",\"workcenter\":\"{}\"}}\n",
                     value, lot, roll % 2 == 0 ? "press_01" : "inspect_03");
    } else if (roll < 75) {
      // Rounded as written, so the generator knows which values stop the line.
      const double current = std::round((200 + 8 * noise(random)) * 10) / 10;
      line_stopped = line_stopped || current < 180 || current > 220;
      fmt::format_to(std::back_inserter(text),
                     "measure\",\"control\":\"weld_current\",\"value\":{:.1f},\"lot\":\"l_{}\",\"workcenter\":\"weld_02\"}}\n",
                     current, lot);
    } else if (roll < 92) {
      const auto w = static_cast<size_t>(random() % 3);
      if (down[w]) {
        fmt::format_to(std::back_inserter(text), "up\",\"workcenter\":\"{}\"}}\n", workcenters[w]);
      } else {
        fmt::format_to(std::back_inserter(text), "down\",\"workcenter\":\"{}\"{}}}\n", workcenters[w],
                       reasons[random() % 4]);
      }
      down[w] = !down[w];
    } else if (roll < 95 && line_stopped) {
      line_stopped = false;
      text += "resume\",\"line\":\"l1\"}\n";
    } else {
      text += "tick\"}\n";
    }
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
  WritePorto(dir + "/porto.jsonl", events);
  return 0;
}
