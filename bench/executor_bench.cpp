// Executor benchmarks: the native executor against the reference interpreter on the same plant.
//   1. pre-decoded measurement events straight into on_event (1,000 controls, Western Electric
//      rules): the executor's own cost, no JSON;
//   2. pre-decoded down/up events (200 workcenters, an escalation with 3 tiers, a recurrence);
//   3. end to end: JSONL text through the runtime Session (decode, timers, encode);
//   4. `takt build` of a 10,000-control plant: check, lower, LLVM + lld.
// Usage: takt_executor_bench [measure_events] [build_controls]
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_plant.h"
#include "compiler/base/file_system.h"
#include "compiler/codegen/codegen.h"
#include "compiler/driver/native_executor.h"
#include "compiler/driver/plant_loader.h"
#include "compiler/interp/interp.h"
#include "compiler/lower/lower.h"
#include "takt/session.h"

namespace {

using takt::bench::kChecksPerRouting;
using takt::bench::kLines;
using takt::bench::kWorkcentersPerLine;
using Clock = std::chrono::steady_clock;

auto Seconds(Clock::time_point since) -> double { return std::chrono::duration<double>(Clock::now() - since).count(); }

struct Checked {
  takt::source::SourceManager sources;
  std::unique_ptr<const takt::model::Plant> plant;
};

auto Check(const std::string& text) -> std::unique_ptr<Checked> {
  auto checked = std::make_unique<Checked>();
  takt::base::InMemoryFileSystem file_system;
  file_system.Add("bench.takt", text);
  std::ostringstream out;
  std::ostringstream err;
  std::istringstream in;
  takt::driver::DriverEnv env{.file_system = file_system, .out = out, .err = err, .in = in, .color = false};
  const std::vector<std::string> paths = {"bench.takt"};
  checked->plant =
      takt::driver::LoadCheckedPlant(env, paths, {}, takt::driver::DiagnosticsOptions{}, "bench", checked->sources)
          .plant;
  if (!checked->plant) {
    fmt::print(stderr, "benchmark plant does not check:\n{}{}\n", out.str(), err.str());
    std::exit(1);
  }
  return checked;
}

// A minimal host: counts actions and timers, hands out state records.
struct BenchHost {
  explicit BenchHost(const takt_executor& executor)
      : global(executor.global_state_size + 16, std::byte{0}),
        scratch(std::max<uint64_t>({executor.order_state_size, executor.lot_state_size, 64}) + 16, std::byte{0}),
        case_size(std::max<uint64_t>(executor.case_state_size, 8)) {
    host.ctx = this;
    host.emit = [](void* ctx, const takt_action*) { ++static_cast<BenchHost*>(ctx)->actions; };
    host.schedule = [](void* ctx, const takt_timer*) { ++static_cast<BenchHost*>(ctx)->timers; };
    host.create = [](void* ctx, uint32_t, uint32_t) -> uint32_t {
      auto& self = *static_cast<BenchHost*>(ctx);
      self.cases.push_back(std::make_unique<std::byte[]>(self.case_size));
      std::memset(self.cases.back().get(), 0, self.case_size);
      return static_cast<uint32_t>(self.cases.size() - 1);
    };
    host.state = [](void* ctx, uint32_t kind, uint32_t index) -> void* {
      auto& self = *static_cast<BenchHost*>(ctx);
      if (kind == TAKT_ENTITY_PLANT) {
        return self.global.data();
      }
      if (kind == TAKT_ENTITY_CASE && index < self.cases.size()) {
        return self.cases[index].get();
      }
      return self.scratch.data();
    };
    host.case_decl = [](void*, uint32_t) -> uint32_t { return 0; };
    host.count = [](void* ctx, uint32_t) -> uint32_t {
      return static_cast<uint32_t>(static_cast<BenchHost*>(ctx)->cases.size());
    };
  }
  takt_host host{};
  std::vector<std::byte> global;
  std::vector<std::byte> scratch;
  uint64_t case_size;
  std::vector<std::unique_ptr<std::byte[]>> cases;
  uint64_t actions = 0;
  uint64_t timers = 0;
};

auto BlankEvent(int64_t t, uint32_t index, uint32_t kind) -> takt_event {
  takt_event event;
  std::memset(&event, 0xff, sizeof event);
  event.t = t;
  event.index = index;
  event.kind = kind;
  event.op = TAKT_NO_INT;
  event.qty = 0;
  event.value = 0;
  return event;
}

// Events per second of `executor` over `events`, best of `repeats` runs.
auto Throughput(const takt_executor& executor, const std::vector<takt_event>& events, int repeats, uint64_t* actions)
    -> double {
  double best = 1e30;
  for (int r = 0; r < repeats; ++r) {
    BenchHost host(executor);
    executor.on_start(&executor, host.global.data(), events.front().t, &host.host);
    const auto start = Clock::now();
    for (const takt_event& event : events) {
      executor.on_event(&executor, host.global.data(), &event, &host.host);
    }
    best = std::min(best, Seconds(start));
    *actions = host.actions;
  }
  return static_cast<double>(events.size()) / best;
}

void Compare(const char* what, const takt_executor& native, const takt_executor& interp,
             const std::vector<takt_event>& events) {
  uint64_t native_actions = 0;
  uint64_t interp_actions = 0;
  const double native_rate = Throughput(native, events, 3, &native_actions);
  const double interp_rate = Throughput(interp, events, 3, &interp_actions);
  fmt::print("{:<44} native {:8.2f} M events/s   interp {:7.2f} M events/s   native/interp {:5.1f}x   ({} / {} actions)\n", what,
             native_rate / 1e6, interp_rate / 1e6, native_rate / interp_rate, native_actions, interp_actions);
}

}  // namespace

int main(int argc, char** argv) {
  const int measure_events = argc > 1 ? std::atoi(argv[1]) : 5'000'000;
  const int build_controls = argc > 2 ? std::atoi(argv[2]) : 10'000;
  constexpr int kControls = 1000;
  const auto checked = Check(takt::bench::BenchPlantText(kControls));
  std::string error;
  takt::diagnostics::Diagnostics errors;
  auto native = takt::driver::BuildNativeExecutor(*checked->plant, checked->sources, errors);
  if (!native) {
    fmt::print(stderr, "cannot build the benchmark plant: {}\n", errors.records()[0].message);
    return 1;
  }
  takt::interp::Interpreter interpreter(*checked->plant, checked->sources);
  const takt_executor& native_executor = native->descriptor();
  const takt_executor& interp_executor = interpreter.descriptor();

  std::mt19937_64 random(42);
  std::normal_distribution<double> noise(0.0, 1.0);
  const int64_t t0 = 1'795'500'000'000;
  {
    std::vector<takt_event> events;
    events.reserve(static_cast<size_t>(measure_events));
    for (int i = 0; i < measure_events; ++i) {
      takt_event event = BlankEvent(t0 + i, static_cast<uint32_t>(i), TAKT_EVENT_MEASURE);
      event.control = static_cast<uint32_t>(random() % kControls);
      event.value = 10 + event.control % 90 + 0.1 * noise(random);
      // The lot reactions act on; without one the runtime rejects the point (`no_lot`). The host
      // gives every lot the same record, so both executors see one lot.
      event.lot = 0;
      events.push_back(event);
    }
    Compare("measure, 1,000 controls, Western Electric:", native_executor, interp_executor, events);
  }
  {
    std::vector<uint32_t> stop_reasons;
    for (uint32_t r = 0; r < checked->plant->reasons.size(); ++r) {
      const std::string& name = checked->plant->reasons[r].name;
      if (name == "unplanned.breakdown.jam" || name == "unplanned.breakdown.crack") {
        stop_reasons.push_back(r);
      }
    }
    std::vector<takt_event> events;
    const int count = measure_events / 2;
    std::vector<bool> down(kLines * kWorkcentersPerLine, false);
    for (int i = 0; i < count; ++i) {
      const auto workcenter = static_cast<uint32_t>(random() % down.size());
      takt_event event =
          BlankEvent(t0 + int64_t{i} * 1000, static_cast<uint32_t>(i), down[workcenter] ? TAKT_EVENT_UP : TAKT_EVENT_DOWN);
      event.workcenter = workcenter;
      if (!down[workcenter]) {
        event.reason = stop_reasons[random() % stop_reasons.size()];
      }
      down[workcenter] = !down[workcenter];
      events.push_back(event);
    }
    Compare("down/up, 200 workcenters, 3 tiers + recurrence:", native_executor, interp_executor, events);
  }
  {
    // End to end: JSONL through the runtime (parse, intern, timers, encode).
    // One order per routing releases the lot its controls' measurements name: a measurement of a
    // lot no order released, or without a lot, would be a reject (docs/runtime.md).
    std::string text;
    const int routings = (kControls + kChecksPerRouting - 1) / kChecksPerRouting;
    for (int r = 0; r < routings; ++r) {
      text += fmt::format("{{\"t\":{},\"type\":\"release\",\"order\":\"po_{}\",\"routing\":\"rt{}\",\"lot\":\"l_{}\","
                          "\"qty\":1000}}\n",
                          t0 - 1000, r, r, r);
    }
    const int count = measure_events / 5;
    for (int i = 0; i < count; ++i) {
      if (i % 10 == 9) {
        const int w = static_cast<int>(random() % (kLines * kWorkcentersPerLine));
        text += fmt::format("{{\"t\":{},\"type\":\"{}\",\"workcenter\":\"w{}\",\"reason\":\"unplanned.breakdown.jam\"}}\n",
                            t0 + int64_t{i} * 1000, (i / 10) % 2 == 0 ? "down" : "up", w);
      } else {
        const int c = static_cast<int>(random() % kControls);
        text += fmt::format("{{\"t\":{},\"type\":\"measure\",\"control\":\"c{}\",\"value\":{:.3f},\"lot\":\"l_{}\"}}\n",
                            t0 + int64_t{i} * 1000, c, 10 + c % 90 + 0.1 * noise(random), c / kChecksPerRouting);
      }
    }
    auto run = [&](const takt_executor& executor) {
      takt::runtime::Summary summary;
      const auto start = Clock::now();
      const std::string actions = takt::runtime::RunToString(executor, text, &summary);
      const double seconds = Seconds(start);
      return std::pair{static_cast<double>(count) / seconds, summary.actions};
    };
    const auto [native_rate, native_actions] = run(native_executor);
    const auto [interp_rate, interp_actions] = run(interp_executor);
    fmt::print("{:<44} native {:8.2f} M events/s   interp {:7.2f} M events/s   native/interp {:5.1f}x   ({} / {} actions, {:.0f} MB)\n",
               "end to end JSONL (90% measure, 10% down/up):", native_rate / 1e6, interp_rate / 1e6,
               native_rate / interp_rate, native_actions, interp_actions, static_cast<double>(text.size()) / 1e6);
  }
  {
    const std::string text = takt::bench::BenchPlantText(build_controls);
    auto start = Clock::now();
    const auto big = Check(text);
    const double check_seconds = Seconds(start);
    start = Clock::now();
    const takt::xir::Module module = takt::lower::Lower(*big->plant, big->sources);
    const double lower_seconds = Seconds(start);
    start = Clock::now();
    std::string object;
    if (!takt::codegen::CompileObject(module, takt::codegen::Options{}, object, error)) {
      fmt::print(stderr, "{}\n", error);
      return 1;
    }
    const double compile_seconds = Seconds(start);
    start = Clock::now();
    const std::string path = fmt::format("/tmp/takt-bench-{}.so", build_controls);
    if (!takt::codegen::LinkSharedObject(object, path, error)) {
      fmt::print(stderr, "{}\n", error);
      return 1;
    }
    const double link_seconds = Seconds(start);
    std::remove(path.c_str());
    fmt::print("build, {} controls ({:.1f} MB source): check {:.2f} s, lower {:.2f} s, LLVM O2 + object {:.2f} s, "
               "lld {:.3f} s, total {:.2f} s\n",
               build_controls, static_cast<double>(text.size()) / 1e6, check_seconds, lower_seconds, compile_seconds,
               link_seconds, check_seconds + lower_seconds + compile_seconds + link_seconds);
  }
  return 0;
}
