// Hand-written baseline of the porto mix (bench/bench_streams.cpp) on examples/porto: the rules
// that stream exercises, written out in C++ with no Takt code.
// - hole_diameter (spec 8.00 ± 0.05, strict): out of spec holds the lot and opens a containment
//   case unless one is open for that lot; Western Electric rules 1-4 (centre 8.00, sigma 0.012),
//   lowest rule wins, spc_signal + notify quality_engineer. A containment case undecided at
//   30 min escalates to quality_manager, 30 min later to plant_manager (the top).
// - weld_current (spec 180 .. 220): out of spec stops line l1 (once, until a `resume`) and
//   notifies maintenance_tech.
// - stops: a die crack notifies at 10, 30 and 60 min, an uncoded stop at 2 and 5 min, while the
//   stop lasts; the third die crack of a workcenter within 24 h opens a reliability review unless
//   one was opened for it within 24 h; a review undecided at 5 d escalates to maintenance_lead.
// - shift ends (06:00, 14:00, 22:00 Lisbon time: UTC in winter, UTC+1 from the last Sunday of
//   March to the last Sunday of October, 01:00 UTC; the first after the first event): a handover report with
//   the counts of held lots, open cases, stopped workcenters and active deviations, escalated to
//   production_manager when not acknowledged within 15 min; an acknowledgement with no report
//   waiting is a reject. Each report lists its items: held lots, open cases, stopped workcenters,
//   then per workcenter its OEE over the shift (docs/oee.md: the shift's real length planned, no breaks, no
//   pieces in this stream, so no quality and no oee) and its stop minutes per loss class.
// Writes the actions `takt run` writes, byte for byte.
// Usage: takt_baseline_porto EVENTS OUT PLANT_DIR
//   PLANT_DIR is porto's directory as `takt build` was given it: actions cite it in `src`.
#include <array>
#include <deque>
#include <queue>
#include <tuple>

#include "bench/baseline/baseline.h"

namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kDay = 24 * 60 * kMinute;
constexpr double kCentre = 8.00;
constexpr double kSigma = 0.012;
constexpr int kWorkcenters = 3;
constexpr int kDieCrack = 0;
constexpr int kUncoded = 1;

// Timers fire by (due, entity kind, entity, clause); kinds rank workcenter < handover < case.
enum Kind { kWorkcenterTimer = 1, kHandoverTimer = 4, kCaseTimer = 7 };
struct Timer {
  int64_t due;
  int kind;
  uint32_t entity;
  int clause;     // tier index; handover: 0 shift end, 1 acknowledgement; case: escalation step
  uint64_t stop;  // a tier's stop: stale once that stop has ended
  auto operator>(const Timer& other) const -> bool {
    return std::tie(due, kind, entity, clause) > std::tie(other.due, other.kind, other.entity, other.clause);
  }
};

struct Tier {
  int64_t after;
  const char* role;
  const char* src;
};
constexpr std::array<Tier, 3> kBreakdownTiers = {{{10 * kMinute, "maintenance_tech", "downtime.takt:10:16"},
                                                  {30 * kMinute, "line_supervisor", "downtime.takt:11:16"},
                                                  {60 * kMinute, "plant_manager", "downtime.takt:12:16"}}};
constexpr std::array<Tier, 2> kUncodedTiers = {
    {{2 * kMinute, "operator", "downtime.takt:16:15"}, {5 * kMinute, "line_supervisor", "downtime.takt:17:15"}}};

// The loss class of each reason of the reason table (std.losses): die crack, uncoded and
// changeover cost availability, a minor stop performance.
enum Loss { kAvailability, kPerformance, kQuality, kLossClasses };
constexpr std::array<Loss, 4> kReasonLoss = {kAvailability, kAvailability, kAvailability, kPerformance};
constexpr std::array<const char*, kLossClasses> kLossNames = {"availability", "performance", "quality"};

struct Workcenter {
  bool down = false;
  int reason = 0;  // index in the reason table
  uint64_t stop = 0;
  int64_t since = 0;  // when the stop began
  int64_t counted = 0;  // the open stop's time is in lost_ms up to here
  std::array<int64_t, kLossClasses> lost_ms{};  // stop time of this shift, per loss class
  std::deque<int64_t> cracks;  // die crack starts within 24 h
  int64_t last_review = INT64_MIN;
};

struct Case {
  bool containment;
  uint32_t number;  // per declaration: containment-N, reliability_review-N
  uint32_t lot;
  int64_t opened;
};

// `YYYY-MM-DDTHH:MM:SS[.fff]Z` to milliseconds since the epoch.
auto ParseTime(std::string_view text) -> int64_t {
  if (text.size() < 20 || text[4] != '-' || text[10] != 'T') {
    baseline::Fail("not an RFC 3339 UTC time", text);
  }
  auto number = [&](size_t at, size_t digits) {
    int64_t value = 0;
    for (size_t i = at; i < at + digits; ++i) {
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const int64_t month = number(5, 2);
  const int64_t year = number(0, 4) - (month <= 2 ? 1 : 0);
  // Howard Hinnant's days_from_civil.
  const int64_t era = year / 400;
  const int64_t yoe = year - era * 400;
  const int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + number(8, 2) - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = era * 146097 + doe - 719468;
  int64_t ms = ((days * 24 + number(11, 2)) * 60 + number(14, 2)) * 60'000 + number(17, 2) * 1000;
  if (text[19] == '.') {
    int64_t scale = 100;
    for (size_t i = 20; i < text.size() && text[i] != 'Z' && scale > 0; ++i, scale /= 10) {
      ms += (text[i] - '0') * scale;
    }
  }
  return ms;
}

constexpr int64_t kHour = 60 * kMinute;

auto FloorDiv(int64_t a, int64_t b) -> int64_t { return a / b - (a % b < 0 ? 1 : 0); }

// The year of a day since 1970-01-01 (H. Hinnant's civil_from_days).
auto YearOfDay(int64_t days) -> int64_t {
  const int64_t z = days + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  return yoe + era * 400 + (mp >= 10 ? 1 : 0);
}

// Days since 1970-01-01 of the 31st of `month` (March or October) of `year` (days_from_civil).
auto Day31(int64_t year, int64_t month) -> int64_t {
  const int64_t y = year - (month <= 2 ? 1 : 0);
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + 30;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// 01:00 UTC of the last Sunday of `month`: the EU's daylight-saving changes.
auto LastSundayChange(int64_t year, int64_t month) -> int64_t {
  const int64_t last = Day31(year, month);
  const int64_t weekday = ((last + 4) % 7 + 7) % 7;  // 1970-01-01 was a Thursday; 0 = Sunday.
  return (last - weekday) * kDay + kHour;
}

// Lisbon's offset from UTC at the instant `utc`.
auto LisbonOffset(int64_t utc) -> int64_t {
  const int64_t year = YearOfDay(FloorDiv(utc, kDay));
  return utc >= LastSundayChange(year, 3) && utc < LastSundayChange(year, 10) ? kHour : 0;
}

// The first shift end (06:00, 14:00, 22:00 Lisbon time) strictly after `t`. No end lies within an
// hour of a change (01:00 UTC), so the offset an hour before the local time is the one in force.
auto NextShiftEnd(int64_t t) -> int64_t {
  const int64_t today = FloorDiv(t, kDay);
  for (int64_t day = today - 1;; ++day) {
    for (const int64_t hour : {6, 14, 22}) {
      const int64_t local = day * kDay + hour * kHour;
      const int64_t end = local - LisbonOffset(local - kHour);
      if (end > t) {
        return end;
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: takt_baseline_porto EVENTS OUT PLANT_DIR\n");
    return 2;
  }
  const baseline::MappedFile input(argv[1]);
  baseline::Output out(argv[2]);
  const std::string src = std::string(",\"src\":\"") + argv[3] + "/";

  const baseline::NameTable workcenter_names({"press_01", "weld_02", "inspect_03"});
  const baseline::NameTable reason_names(
      {"unplanned.breakdown.die_crack", "", "planned.changeover", "unplanned.minor_stop.jam"});
  const baseline::NameTable controls({"hole_diameter", "weld_current"});
  baseline::NameTable lots;
  baseline::NameTable orders;
  std::vector<bool> held;          // per lot: held by its containment case
  std::vector<uint32_t> holding;   // per held lot: that case
  std::vector<Case> cases;         // in creation order: the timer entity
  uint32_t containments = 0;
  uint32_t reviews = 0;
  std::array<Workcenter, kWorkcenters> workcenters;
  baseline::Chart chart;
  bool line_stopped = false;
  int held_lots = 0;
  int stopped_workcenters = 0;
  bool report_pending = false;
  bool started = false;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers;

  auto head = [&](int64_t t, int64_t event, const char* action, const char* rule, const char* cause,
                  const char* where) {
    out.Begin(t, event);
    out.Put(action);
    out.Put("\",\"rule\":\"");
    out.Put(rule);
    out.Put("\",\"cause\":\"");
    out.Put(cause);
    out.Put("\"");
    out.Put(src);
    out.Put(where);
    out.Put("\"");
  };
  auto field = [&](const char* key, std::string_view value) {
    out.Put(",\"");
    out.Put(key);
    out.Put("\":\"");
    out.Put(value);
    out.Put("\"");
  };
  auto count = [&](const char* key, int64_t value) {
    out.Put(",\"");
    out.Put(key);
    out.Put("\":");
    out.PutInt(value);
  };
  auto case_id = [&](const Case& c) {
    out.Put(c.containment ? ",\"case\":\"containment\",\"id\":\"containment-"
                          : ",\"case\":\"reliability_review\",\"id\":\"reliability_review-");
    out.PutInt(c.number);
    out.Put("\"");
  };

  auto since = [&](int64_t t) {
    out.Put(",\"since\":\"");
    out.PutTime(t);
    out.Put("\"");
  };
  // Minutes to at most 3 decimals, and a ratio to exactly 4, both rounded half up (docs/oee.md).
  auto minutes = [&](const char* key, int64_t ms) {
    const int64_t thousandths = ms / 60 + (ms % 60 >= 30 ? 1 : 0);
    count(key, thousandths / 1000);
    int64_t fraction = thousandths % 1000;
    if (fraction != 0) {
      int digits = 3;
      for (; fraction % 10 == 0; fraction /= 10) {
        --digits;
      }
      char text[4] = {'.'};
      for (int i = digits; i > 0; --i, fraction /= 10) {
        text[i] = static_cast<char>('0' + fraction % 10);
      }
      out.Put(std::string_view(text, static_cast<size_t>(digits) + 1));
    }
  };
  auto ratio = [&](const char* key, int64_t num, int64_t den) {
    const int64_t e4 = (num * 20000 + den) / (den * 2);
    count(key, e4 / 10000);
    const auto fraction = static_cast<int>(e4 % 10000);
    const char text[6] = {'.', static_cast<char>('0' + fraction / 1000), static_cast<char>('0' + fraction / 100 % 10),
                          static_cast<char>('0' + fraction / 10 % 10), static_cast<char>('0' + fraction % 10), '\0'};
    out.Put(text);
  };
  // Adds the open stop's time up to `until` to its loss class: at its `up` and at each shift end.
  auto count_stop = [&](Workcenter& w, int64_t until) {
    if (w.down && w.counted < until) {
      w.lost_ms[kReasonLoss[static_cast<size_t>(w.reason)]] += until - w.counted;
      w.counted = until;
    }
  };
  // The items of a shift report, in the clause's order: open holds, open cases, active downtime.
  auto report_items = [&](int64_t t, int64_t event) {
    for (uint32_t lot = 0; lot < held.size(); ++lot) {
      if (held[lot]) {
        const Case& c = cases[holding[lot]];
        head(t, event, "report_item", "shift_handover", "out_of_spec", "downtime.takt:33:3");
        field("role", "quality_engineer");
        field("lot", lots.Name(lot));
        case_id(c);
        field("handover", "shift_handover");
        field("item", "open_holds");
        since(c.opened);
        out.End();
      }
    }
    for (const Case& c : cases) {
      head(t, event, "report_item", "shift_handover", c.containment ? "out_of_spec" : "recurrence", "downtime.takt:33:3");
      field("role", c.containment ? "quality_engineer" : "reliability_engineer");
      if (c.containment) {
        field("lot", lots.Name(c.lot));
      }
      case_id(c);
      out.Put(",\"due\":\"");
      out.PutTime(c.opened + (c.containment ? 30 * kMinute : 5 * kDay));
      out.Put("\"");
      field("handover", "shift_handover");
      field("item", "open_cases");
      since(c.opened);
      out.End();
    }
    for (uint32_t index = 0; index < kWorkcenters; ++index) {
      const Workcenter& w = workcenters[index];
      if (w.down) {
        head(t, event, "report_item", "shift_handover", "shift_end", "downtime.takt:33:3");
        if (w.reason == kDieCrack) {
          field("role", "maintenance_tech");  // the reason's owner; the other reasons have none
        }
        field("workcenter", workcenter_names.Name(index));
        if (w.reason != kUncoded) {
          field("reason", reason_names.Name(static_cast<uint32_t>(w.reason)));
        }
        field("handover", "shift_handover");
        field("item", "active_downtime");
        since(w.since);
        out.End();
      }
    }
    for (uint32_t index = 0; index < kWorkcenters; ++index) {
      Workcenter& w = workcenters[index];
      count_stop(w, t);
      // Planned time is the shift's real length: its start is the shift end before `t`, 7 to 9
      // hours earlier (a daylight-saving change makes the night 7 or 9 hours), so the first end
      // after t - 10 h.
      const int64_t planned = t - NextShiftEnd(t - 10 * kHour);
      const int64_t run = planned - w.lost_ms[kAvailability];
      head(t, event, "report_item", "shift_handover", "shift_end", "downtime.takt:33:3");
      field("workcenter", workcenter_names.Name(index));
      field("handover", "shift_handover");
      field("item", "oee");
      since(t - planned);
      minutes("planned_min", planned);
      minutes("stop_min", w.lost_ms[kAvailability]);
      minutes("run_min", run);
      count("good", 0);
      count("scrap", 0);
      ratio("availability", run, planned);
      if (run != 0) {
        ratio("performance", 0, run);
      }
      out.End();
      for (size_t loss = 0; loss < kLossClasses; ++loss) {
        if (w.lost_ms[loss] != 0) {
          head(t, event, "report_item", "shift_handover", "shift_end", "downtime.takt:33:3");
          field("workcenter", workcenter_names.Name(index));
          field("handover", "shift_handover");
          field("item", "loss");
          since(t - planned);
          field("loss", kLossNames[loss]);
          minutes("stop_min", w.lost_ms[loss]);
          out.End();
        }
      }
      w.lost_ms = {};
    }
  };

  auto fire = [&](const Timer& timer, int64_t event) {
    switch (timer.kind) {
      case kWorkcenterTimer: {
        const Workcenter& w = workcenters[timer.entity];
        if (!w.down || w.stop != timer.stop) {
          return;  // the stop ended: its tiers were cancelled
        }
        const bool crack = w.reason == kDieCrack;
        const Tier& tier = crack ? kBreakdownTiers[static_cast<size_t>(timer.clause)]
                                 : kUncodedTiers[static_cast<size_t>(timer.clause)];
        head(timer.due, event, "notify", crack ? "breakdown_response" : "uncoded_stop", "tier", tier.src);
        field("role", tier.role);
        field("workcenter", workcenter_names.Name(timer.entity));
        if (crack) {
          field("reason", reason_names.Name(kDieCrack));
        }
        count("tier", timer.clause + 1);
        out.End();
        return;
      }
      case kHandoverTimer:
        if (timer.clause == 0) {
          head(timer.due, event, "handover_report", "shift_handover", "shift_end", "downtime.takt:33:3");
          field("role", "line_supervisor");
          out.Put(",\"due\":\"");
          out.PutTime(timer.due + 15 * kMinute);
          out.Put("\"");
          field("handover", "shift_handover");
          count("open_holds", held_lots);
          count("open_cases", static_cast<int64_t>(cases.size()));
          count("active_downtime", stopped_workcenters);
          count("active_deviations", 0);
          count("oee", kWorkcenters);
          out.End();
          report_items(timer.due, event);
          report_pending = true;
          timers.push({timer.due + 15 * kMinute, kHandoverTimer, 0, 1, 0});
          timers.push({NextShiftEnd(timer.due), kHandoverTimer, 0, 0, 0});
        } else if (report_pending) {
          head(timer.due, event, "escalate", "shift_handover", "timeout", "downtime.takt:35:18");
          field("role", "production_manager");
          field("handover", "shift_handover");
          out.End();
        }
        return;
      case kCaseTimer: {
        const Case& c = cases[timer.entity];
        if (c.containment) {
          head(timer.due, event, "escalate", "containment", "timeout", "quality.takt:34:3");
          field("role", timer.clause == 0 ? "quality_manager" : "plant_manager");
          field("lot", lots.Name(c.lot));
          case_id(c);
          out.End();
          if (timer.clause == 0) {
            timers.push({timer.due + 30 * kMinute, kCaseTimer, timer.entity, 1, 0});
          }
        } else {
          head(timer.due, event, "escalate", "reliability_review", "timeout", "downtime.takt:29:3");
          field("role", "maintenance_lead");
          case_id(c);
          out.End();
        }
        return;
      }
      default: baseline::Fail("unknown timer", "");
    }
  };

  const std::string_view text = input.text();
  const char* p = text.data();
  const char* const end = p + text.size();
  int64_t event = 0;
  while (p < end) {
    std::string_view time_text;
    std::string_view type;
    std::string_view workcenter_name;
    std::string_view reason_name;
    std::string_view control_name;
    std::string_view lot_name;
    std::string_view order_name;
    std::string_view value_text;
    const char* line = p;
    p = baseline::ScanLine(p, end, [&](const baseline::Field& f) {
      // Keys told apart by first letter and length.
      switch (f.key[0]) {
        case 't': (f.key.size() == 1 ? time_text : type) = f.value; break;
        case 'w': workcenter_name = f.value; break;
        case 'r': (f.key.size() == 6 ? reason_name : order_name) = f.value; break;  // reason, routing
        case 'c': control_name = f.value; break;
        case 'l': (f.key.size() == 3 ? lot_name : control_name) = f.value; break;  // lot, line
        case 'o': order_name = f.value; break;
        case 'v': value_text = f.value; break;
        case 'q':
        case 'h':
        case 'b': break;  // qty, handover, by: one of each in porto
        default: baseline::Fail("a key this stream does not have", f.key);
      }
    });
    if (type.empty()) {
      baseline::SkipBlank(line, p);
      continue;
    }
    const int64_t t = ParseTime(time_text);
    if (!started) {
      started = true;
      timers.push({NextShiftEnd(t), kHandoverTimer, 0, 0, 0});
    }
    while (!timers.empty() && timers.top().due <= t) {
      const Timer timer = timers.top();
      timers.pop();
      fire(timer, event);
    }
    if (type == "measure") {
      const uint32_t lot = lots.Find(lot_name);
      const double value = baseline::ParseDouble(value_text);
      if (controls.Find(control_name) == 0) {
        if ((value < kCentre - 0.05 || value > kCentre + 0.05) && !held[lot]) {
          held[lot] = true;
          holding[lot] = static_cast<uint32_t>(cases.size());
          ++held_lots;
          head(t, event, "hold", "hole_diameter", "out_of_spec", "quality.takt:10:5");
          field("workcenter", workcenter_name);
          field("control", control_name);
          field("lot", lot_name);
          out.End();
          cases.push_back({true, ++containments, lot, t});
          head(t, event, "open_case", "hole_diameter", "out_of_spec", "quality.takt:11:5");
          field("workcenter", workcenter_name);
          field("control", control_name);
          field("lot", lot_name);
          case_id(cases.back());
          out.Put(",\"due\":\"");
          out.PutTime(t + 30 * kMinute);
          out.Put("\"");
          out.End();
          timers.push({t + 30 * kMinute, kCaseTimer, static_cast<uint32_t>(cases.size() - 1), 0, 0});
        }
        chart.Add(value);
        if (const int rule = chart.Signal(kCentre, kSigma); rule != 0) {
          head(t, event, "spc_signal", "hole_diameter", "spc", "quality.takt:13:6");
          field("workcenter", workcenter_name);
          field("control", control_name);
          out.Put(",\"spc_rule\":\"we");
          out.PutInt(rule);
          out.Put("\"");
          field("lot", lot_name);
          out.End();
          head(t, event, "notify", "hole_diameter", "spc", "quality.takt:14:5");
          field("role", "quality_engineer");
          field("workcenter", workcenter_name);
          field("control", control_name);
          field("lot", lot_name);
          out.End();
        }
      } else if (value < 180 || value > 220) {
        if (!line_stopped) {
          line_stopped = true;
          head(t, event, "stop_line", "weld_current", "out_of_spec", "quality.takt:22:5");
          field("workcenter", workcenter_name);
          field("line", "l1");
          field("control", control_name);
          field("lot", lot_name);
          out.End();
        }
        head(t, event, "notify", "weld_current", "out_of_spec", "quality.takt:23:5");
        field("role", "maintenance_tech");
        field("workcenter", workcenter_name);
        field("control", control_name);
        field("lot", lot_name);
        out.End();
      }
    } else if (type == "down") {
      const uint32_t index = workcenter_names.Find(workcenter_name);
      Workcenter& w = workcenters[index];
      const int reason = static_cast<int>(reason_names.Find(reason_name));
      if (w.down) {
        baseline::Fail("a recode: not in this stream", workcenter_name);
      }
      w.down = true;
      w.reason = reason;
      w.since = t;
      w.counted = t;
      ++w.stop;
      ++stopped_workcenters;
      if (reason == kDieCrack) {
        for (int tier = 0; tier < 3; ++tier) {
          timers.push({t + kBreakdownTiers[static_cast<size_t>(tier)].after, kWorkcenterTimer, index, tier, w.stop});
        }
        w.cracks.push_back(t);
        while (w.cracks.front() <= t - kDay) {
          w.cracks.pop_front();
        }
        if (w.cracks.size() >= 3 && w.last_review <= t - kDay) {
          w.last_review = t;
          cases.push_back({false, ++reviews, 0, t});
          head(t, event, "open_case", "repeat_breakdown", "recurrence", "downtime.takt:22:3");
          field("workcenter", workcenter_name);
          field("reason", reason_names.Name(kDieCrack));
          case_id(cases.back());
          out.Put(",\"due\":\"");
          out.PutTime(t + 5 * kDay);
          out.Put("\"");
          out.End();
          timers.push({t + 5 * kDay, kCaseTimer, static_cast<uint32_t>(cases.size() - 1), 0, 0});
        }
      } else if (reason == kUncoded) {
        for (int tier = 0; tier < 2; ++tier) {
          timers.push({t + kUncodedTiers[static_cast<size_t>(tier)].after, kWorkcenterTimer, index, tier, w.stop});
        }
      }
    } else if (type == "up") {
      Workcenter& w = workcenters[workcenter_names.Find(workcenter_name)];
      count_stop(w, t);
      stopped_workcenters -= w.down ? 1 : 0;
      w.down = false;
    } else if (type == "release") {
      orders.Add(order_name);
      if (lots.Add(lot_name) == held.size()) {
        held.push_back(false);
        holding.push_back(0);
      }
    } else if (type == "resume") {
      line_stopped = false;
    } else if (type == "acknowledge") {
      if (!report_pending) {
        head(t, event, "reject", "shift_handover", "forbidden", "downtime.takt:35:18");
        field("role", "line_supervisor");
        field("reason", "nothing_to_acknowledge");
        field("handover", "shift_handover");
        out.End();
      }
      report_pending = false;
    } else if (type != "tick") {
      baseline::Fail("not an event of this stream", type);
    }
    ++event;
  }
  return 0;
}
