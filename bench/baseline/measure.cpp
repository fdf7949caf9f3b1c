// Hand-written baseline of the measurement stream (bench/bench_streams.cpp) on the benchmark plant
// (bench/bench_plant.h, 1,000 controls): the rules of that plant, written out in C++ with no Takt
// code. Per measurement: out of spec (centre ± 0.50 mm, strict) holds the lot and opens a
// containment case unless one is open for that lot and control; Western Electric rules 1-4 on
// the control's last 8 points (centre, sigma 0.1), lowest rule wins, spc_signal + notify; a
// containment case undecided at 30 min escalates once, to plant_manager (the top of
// quality_engineer's chain). Writes the actions `takt run` writes, byte for byte.
// Usage: takt_baseline_measure EVENTS OUT PLANT_FILE
//   PLANT_FILE is the plant's path as `takt build` was given it: actions cite it in `src`.
#include <array>
#include <deque>
#include <unordered_set>

#include "bench/baseline/baseline.h"

namespace {

constexpr int kControls = 1000;
constexpr int64_t kCaseDue = 30 * 60 * 1000;
// Where each clause sits in the generated plant: control cN's block starts at line 294 + 13N.
constexpr int kFirstControlLine = 294;
constexpr int kControlLines = 13;

struct CaseTimer {
  int64_t due;
  uint32_t id;
  uint32_t lot;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: takt_baseline_measure EVENTS OUT PLANT_FILE\n");
    return 2;
  }
  const baseline::MappedFile input(argv[1]);
  baseline::Output out(argv[2]);
  const std::string src = std::string(",\"src\":\"") + argv[3] + ":";

  std::vector<std::string> control_names;
  for (int c = 0; c < kControls; ++c) {
    control_names.push_back("c" + std::to_string(c));
  }
  const baseline::NameTable controls(control_names);
  baseline::NameTable lots;
  baseline::NameTable orders;
  std::vector<baseline::Chart> charts(kControls);
  std::unordered_set<uint64_t> open_cases;  // (lot << 32 | control) with a containment case open
  std::deque<CaseTimer> timers;              // due times only grow: a queue is the timer wheel
  uint32_t cases = 0;

  const std::string_view text = input.text();
  const char* p = text.data();
  const char* const end = p + text.size();
  int64_t event = 0;
  while (p < end) {
    int64_t t = 0;
    std::string_view type;
    std::string_view control_name;
    std::string_view lot_name;
    std::string_view order_name;
    std::string_view value_text;
    std::string_view qty_text;
    std::string_view routing_name;
    const char* line = p;
    p = baseline::ScanLine(p, end, [&](const baseline::Field& field) {
      // Keys told apart by length and first letter: `t`, `type`, `lot`, `qty`, `order`,
      // `value`, `control`, `routing`.
      switch (field.key.size()) {
        case 1: t = baseline::ParseInt(field.value); break;
        case 3: (field.key[0] == 'l' ? lot_name : qty_text) = field.value; break;
        case 4: type = field.value; break;
        case 5: (field.key[0] == 'v' ? value_text : order_name) = field.value; break;
        case 7: (field.key[0] == 'c' ? control_name : routing_name) = field.value; break;
        default: baseline::Fail("a key this stream does not have", field.key);
      }
    });
    if (type.empty()) {
      baseline::SkipBlank(line, p);
      continue;
    }
    while (!timers.empty() && timers.front().due <= t) {
      const CaseTimer& timer = timers.front();
      out.Begin(timer.due, event);
      out.Put("escalate\",\"rule\":\"containment\",\"cause\":\"timeout\"");
      out.Put(src);
      out.Put("26:3\",\"role\":\"plant_manager\",\"lot\":\"");
      out.Put(lots.Name(timer.lot));
      out.Put("\",\"case\":\"containment\",\"id\":\"containment-");
      out.PutInt(timer.id);
      out.Put("\"");
      out.End();
      timers.pop_front();
    }
    if (type == "release") {
      orders.Add(order_name);
      lots.Add(lot_name);
    } else if (type == "measure") {
      const uint32_t control = controls.Find(control_name);
      const uint32_t lot = lots.Find(lot_name);
      const double value = baseline::ParseDouble(value_text);
      const double centre = 10 + control % 90;
      const int block = kFirstControlLine + kControlLines * static_cast<int>(control);
      auto head = [&](const char* action, const char* cause, int line_offset, int col) {
        out.Begin(t, event);
        out.Put(action);
        out.Put("\",\"rule\":\"");
        out.Put(control_name);
        out.Put("\",\"cause\":\"");
        out.Put(cause);
        out.Put("\"");
        out.Put(src);
        out.PutInt(block + line_offset);
        out.Put(":");
        out.PutInt(col);
        out.Put("\",");
      };
      auto control_and_lot = [&] {
        out.Put("\"control\":\"");
        out.Put(control_name);
        out.Put("\",\"lot\":\"");
        out.Put(lot_name);
        out.Put("\"");
      };
      if ((value < centre - 0.5 || value > centre + 0.5) && open_cases.insert(uint64_t{lot} << 32 | control).second) {
        head("hold", "out_of_spec", 5, 5);
        control_and_lot();
        out.End();
        head("open_case", "out_of_spec", 6, 5);
        control_and_lot();
        out.Put(",\"case\":\"containment\",\"id\":\"containment-");
        out.PutInt(++cases);
        out.Put("\",\"due\":\"");
        out.PutTime(t + kCaseDue);
        out.Put("\"");
        out.End();
        timers.push_back({t + kCaseDue, cases, lot});
      }
      baseline::Chart& chart = charts[control];
      chart.Add(value);
      if (const int rule = chart.Signal(centre, 0.1); rule != 0) {
        head("spc_signal", "spc", 8, 6);
        out.Put("\"control\":\"");
        out.Put(control_name);
        out.Put("\",\"spc_rule\":\"we");
        out.PutInt(rule);
        out.Put("\",\"lot\":\"");
        out.Put(lot_name);
        out.Put("\"");
        out.End();
        head("notify", "spc", 9, 5);
        out.Put("\"role\":\"quality_engineer\",");
        control_and_lot();
        out.End();
      }
    } else if (type != "tick") {
      baseline::Fail("not an event of this stream", type);
    }
    ++event;
  }
  return 0;
}
