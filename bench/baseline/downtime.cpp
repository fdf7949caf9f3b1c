// Hand-written baseline of the downtime stream (bench/bench_streams.cpp) on the benchmark plant
// (bench/bench_plant.h, 200 workcenters): the rules of that plant, written out in C++ with no
// Takt code. A `down` of a running workcenter starts a stop: breakdown tiers notify at 10, 30 and
// 60 min while it stays down (an `up` cancels them); a breakdown start is counted per
// (workcenter, reason) and the third within 24 h opens a review case unless one was opened for
// that key within 24 h; a review undecided at 5 d escalates to plant_manager. A `down` of a
// stopped workcenter only recodes the stop. Writes the actions `takt run` writes, byte for byte.
// Usage: takt_baseline_downtime EVENTS OUT PLANT_FILE
//   PLANT_FILE is the plant's path as `takt build` was given it: actions cite it in `src`.
#include <deque>
#include <queue>
#include <tuple>

#include "bench/baseline/baseline.h"

namespace {

constexpr int kWorkcenters = 200;
constexpr int64_t kMinute = 60'000;
constexpr int64_t kWindow = 24 * 60 * kMinute;
constexpr int64_t kReviewDue = 5 * 24 * 60 * kMinute;
constexpr int kRecurrences = 3;
constexpr int kReasons = 2;
const char* const kReasonNames[kReasons] = {"unplanned.breakdown.jam", "unplanned.breakdown.crack"};

struct Tier {
  int64_t after;
  const char* role;
  const char* src;  // line:col of the tier in the plant
};
constexpr Tier kTiers[] = {{10 * kMinute, "maintenance_tech", "41:16"},
                           {30 * kMinute, "line_supervisor", "42:16"},
                           {60 * kMinute, "plant_manager", "43:16"}};

// Timers fire by (due, entity kind, entity, clause): workcenters before cases, tiers in order.
struct Timer {
  int64_t due;
  int kind;         // 0: a workcenter's tier, 1: a review case's timeout
  uint32_t entity;  // workcenter, or case number
  int clause;       // tier index
  uint64_t stop;    // the stop a tier belongs to: stale once that stop has ended
  auto operator>(const Timer& other) const -> bool {
    return std::tie(due, kind, entity, clause) > std::tie(other.due, other.kind, other.entity, other.clause);
  }
};

struct Workcenter {
  bool down = false;
  int reason = 0;
  uint64_t stop = 0;  // number of the current (or last) stop
};

struct Recurrence {
  std::deque<int64_t> starts;  // breakdown starts within the window
  int64_t last_case = INT64_MIN;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: takt_baseline_downtime EVENTS OUT PLANT_FILE\n");
    return 2;
  }
  const baseline::MappedFile input(argv[1]);
  baseline::Output out(argv[2]);
  const std::string src = std::string(",\"src\":\"") + argv[3] + ":";

  std::vector<std::string> names;
  for (int w = 0; w < kWorkcenters; ++w) {
    names.push_back("w" + std::to_string(w));
  }
  const baseline::NameTable workcenter_names(names);
  const baseline::NameTable reason_names({kReasonNames[0], kReasonNames[1]});
  std::vector<Workcenter> workcenters(kWorkcenters);
  std::vector<Recurrence> recurrences(kWorkcenters * kReasons);
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers;
  uint32_t cases = 0;

  auto stop_fields = [&](uint32_t w, int reason) {
    out.Put("\"workcenter\":\"");
    out.Put(workcenter_names.Name(w));
    out.Put("\",\"reason\":\"");
    out.Put(kReasonNames[reason]);
    out.Put("\"");
  };

  const std::string_view text = input.text();
  const char* p = text.data();
  const char* const end = p + text.size();
  int64_t event = 0;
  while (p < end) {
    int64_t t = 0;
    std::string_view type;
    std::string_view workcenter_name;
    std::string_view reason_name;
    const char* line = p;
    p = baseline::ScanLine(p, end, [&](const baseline::Field& field) {
      switch (field.key[0]) {
        case 't':
          if (field.key.size() == 1) {
            t = baseline::ParseInt(field.value);
          } else {
            type = field.value;
          }
          break;
        case 'w': workcenter_name = field.value; break;
        case 'r': reason_name = field.is_string ? field.value : std::string_view(); break;
        default: baseline::Fail("a key this stream does not have", field.key);
      }
    });
    if (type.empty()) {
      baseline::SkipBlank(line, p);
      continue;
    }
    while (!timers.empty() && timers.top().due <= t) {
      const Timer timer = timers.top();
      timers.pop();
      if (timer.kind == 0) {
        const Workcenter& workcenter = workcenters[timer.entity];
        if (!workcenter.down || workcenter.stop != timer.stop) {
          continue;  // the stop ended: its tiers were cancelled
        }
        const Tier& tier = kTiers[timer.clause];
        out.Begin(timer.due, event);
        out.Put("notify\",\"rule\":\"breakdown\",\"cause\":\"tier\"");
        out.Put(src);
        out.Put(tier.src);
        out.Put("\",\"role\":\"");
        out.Put(tier.role);
        out.Put("\",");
        stop_fields(timer.entity, workcenter.reason);
        out.Put(",\"tier\":");
        out.PutInt(timer.clause + 1);
        out.End();
      } else {
        out.Begin(timer.due, event);
        out.Put("escalate\",\"rule\":\"review\",\"cause\":\"timeout\"");
        out.Put(src);
        out.Put("32:3\",\"role\":\"plant_manager\",\"case\":\"review\",\"id\":\"review-");
        out.PutInt(timer.entity);
        out.Put("\"");
        out.End();
      }
    }
    if (type == "down") {
      const uint32_t w = workcenter_names.Find(workcenter_name);
      const int reason = static_cast<int>(reason_names.Find(reason_name));
      Workcenter& workcenter = workcenters[w];
      if (workcenter.down) {
        workcenter.reason = reason;  // a recode: starts nothing, counts nothing
      } else {
        workcenter.down = true;
        workcenter.reason = reason;
        ++workcenter.stop;
        for (int tier = 0; tier < 3; ++tier) {
          timers.push({t + kTiers[tier].after, 0, w, tier, workcenter.stop});
        }
        Recurrence& recurrence = recurrences[w * kReasons + static_cast<uint32_t>(reason)];
        recurrence.starts.push_back(t);
        while (recurrence.starts.front() <= t - kWindow) {
          recurrence.starts.pop_front();
        }
        if (recurrence.starts.size() >= kRecurrences && recurrence.last_case <= t - kWindow) {
          recurrence.last_case = t;
          out.Begin(t, event);
          out.Put("open_case\",\"rule\":\"repeat\",\"cause\":\"recurrence\"");
          out.Put(src);
          out.Put("48:3\",");
          stop_fields(w, reason);
          out.Put(",\"case\":\"review\",\"id\":\"review-");
          out.PutInt(++cases);
          out.Put("\",\"due\":\"");
          out.PutTime(t + kReviewDue);
          out.Put("\"");
          out.End();
          timers.push({t + kReviewDue, 1, cases, 0, 0});
        }
      }
    } else if (type == "up") {
      workcenters[workcenter_names.Find(workcenter_name)].down = false;
    } else if (type != "tick") {
      baseline::Fail("not an event of this stream", type);
    }
    ++event;
  }
  return 0;
}
