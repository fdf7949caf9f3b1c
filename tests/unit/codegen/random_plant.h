// Seeded generators for differential testing of executors: random plants as `.takt` source text
// (every construct the runtime executes, within what the checker accepts) and random JSONL event
// streams over a plant's names, malformed lines included. Deterministic for a seed. The names
// and limits the streams use are read from the checked model (PlantNamesOf), for generated and
// written plants alike, so no list of names is kept beside a plant.
#ifndef TAKT_TESTS_UNIT_CODEGEN_RANDOM_PLANT_H_
#define TAKT_TESTS_UNIT_CODEGEN_RANDOM_PLANT_H_

#include <date/date.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "compiler/model/model.h"
#include "takt/timestamp.h"

namespace takt::testing {

// A control and the limits its measurements are drawn around.
struct ControlNames {
  std::string name;
  double center = 0;
  double sigma = 0;
  double lsl = 0;
  double usl = 0;
  std::vector<std::string> checked_at{};  // Workcenters of the operations that check it.
};

// What an event stream may name: a plant's declarations as the runtime knows them.
struct PlantNames {
  std::vector<std::string> roles;
  std::vector<std::string> workcenters;
  std::vector<std::string> reasons;  // Qualified: the plant's own, and the stdlib ones above them.
  std::vector<ControlNames> controls;
  std::vector<std::pair<std::string, std::vector<int>>> routings;  // Name, op numbers.
  std::vector<std::pair<std::string, std::vector<std::string>>> cases;  // Name, outcomes.
  std::vector<std::pair<std::string, std::vector<std::string>>> deviations;  // Name, risks.
  std::vector<std::string> handovers;
  std::vector<std::string> lines;
  std::vector<std::string> evidence;  // Required by some case.
  std::vector<std::string> fields;    // Required by some reason.
  std::string timezone;               // Empty: plant time is UTC.
  std::vector<std::string> people;    // The roster; empty: `by` is free text.
};

// Plant time zones a random plant may declare, each with a change of its offset that its event
// streams start shortly before, and local times near that change (in its gap or overlap, or at
// its edges) for one shift to end at. Santiago changes at local midnight, Lord Howe by 30 min;
// `Portugal` and `Chile/Continental` are links (other names of Lisbon's and Santiago's zones).
struct RandomZone {
  std::string_view name;
  int64_t change_ms;
  std::vector<std::string> ends;
};
inline const std::vector<RandomZone> kRandomZones = {
    {"Europe/Lisbon", 1'774'746'000'000, {"01:00", "01:30", "02:00"}},      // 2026-03-29, gap
    {"Portugal", 1'792'890'000'000, {"01:00", "01:30", "02:00"}},           // 2026-10-25, overlap
    {"America/Santiago", 1'775'358'000'000, {"23:00", "23:30", "00:00"}},   // 2026-04-05, overlap
    {"Chile/Continental", 1'788'667'200'000, {"00:00", "00:30", "01:00"}},  // 2026-09-06, gap
    {"Australia/Lord_Howe", 1'791'041'400'000, {"02:00", "02:15", "02:30"}},  // 2026-10-04, gap
    {"Asia/Kolkata", 0, {"00:00", "05:30"}},                                // no change
};
// The zone of a plant and where its streams start, from a stream of its own (see kRequiredSeed).
inline constexpr uint64_t kZoneSeed = 0x2017'e5eedULL;

// The names and limits of a checked plant. Reasons are the plant's own with their ancestors and
// those its stop rules listen to: a stop with a stdlib reason nothing listens to tests nothing
// a stop without one does not. A control's limits are its spec (else center ± 3 sigma), its
// SPC center and sigma (else the spec's middle and a sixth of its width).
inline auto PlantNamesOf(const model::Plant& plant) -> PlantNames {
  PlantNames names;
  names.timezone = plant.timezone;
  for (const model::Role& role : plant.roles) {
    names.roles.push_back(role.name);
  }
  for (const model::Workcenter& workcenter : plant.workcenters) {
    names.workcenters.push_back(workcenter.name);
  }
  for (const model::Line& line : plant.lines) {
    names.lines.push_back(line.name);
  }
  std::vector<model::ReasonId> reasons;
  for (uint32_t i = 0; i < plant.reasons.size(); ++i) {
    if (!plant.reasons[i].from_module) {
      reasons.push_back(model::ReasonId{i});
    }
  }
  for (const model::Escalation& escalation : plant.escalations) {
    if (!escalation.trigger.uncoded) {
      reasons.push_back(escalation.trigger.reason);
    }
  }
  for (const model::Recurrence& recurrence : plant.recurrences) {
    if (!recurrence.trigger.uncoded) {
      reasons.push_back(recurrence.trigger.reason);
    }
  }
  const size_t listed = reasons.size();
  for (size_t i = 0; i < listed; ++i) {
    for (auto parent = plant.reason(reasons[i]).parent; parent; parent = plant.reason(*parent).parent) {
      reasons.push_back(*parent);
    }
  }
  for (const model::ReasonId reason : reasons) {
    const std::string& name = plant.reason(reason).name;
    if (std::find(names.reasons.begin(), names.reasons.end(), name) == names.reasons.end()) {
      names.reasons.push_back(name);
    }
  }
  for (const model::Control& control : plant.controls) {
    ControlNames limits{.name = control.name};
    if (control.spc) {
      limits.center = control.spc->center;
      limits.sigma = control.spc->sigma;
    } else if (control.spec) {
      // A one-sided spec gets an unwritten other limit 2 mm away, so points reach both sides.
      const double lsl = control.spec->lsl.value_or(control.spec->usl.value_or(0) - 2);
      const double usl = control.spec->usl.value_or(lsl + 2);
      limits.center = (lsl + usl) / 2;
      limits.sigma = (usl - lsl) / 6;
    } else {
      limits.sigma = 1;
    }
    limits.lsl = control.spec && control.spec->lsl ? *control.spec->lsl : limits.center - 3 * limits.sigma;
    limits.usl = control.spec && control.spec->usl ? *control.spec->usl : limits.center + 3 * limits.sigma;
    for (const model::WorkcenterId workcenter : control.checked_at) {
      limits.checked_at.push_back(plant.workcenter(workcenter).name);
    }
    names.controls.push_back(limits);
  }
  for (const model::Routing& routing : plant.routings) {
    std::vector<int> ops;
    for (const model::Operation& op : routing.operations) {
      ops.push_back(static_cast<int>(op.number));
    }
    names.routings.emplace_back(routing.name, ops);
  }
  for (const model::Case& kase : plant.cases) {
    std::vector<std::string> outcomes;
    for (const model::Outcome& outcome : kase.outcomes) {
      outcomes.push_back(outcome.name);
    }
    names.cases.emplace_back(kase.name, outcomes);
  }
  for (const model::Deviation& deviation : plant.deviations) {
    std::vector<std::string> risks;
    for (const model::RiskApproval& approval : deviation.risk_approvals) {
      risks.push_back(approval.level);
    }
    names.deviations.emplace_back(deviation.name, risks);
  }
  for (const model::Person& person : plant.people) {
    names.people.push_back(person.name);
  }
  for (const model::Handover& handover : plant.handovers) {
    names.handovers.push_back(handover.name);
  }
  names.evidence = plant.evidence_names;
  names.fields = plant.field_names;
  return names;
}

class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  auto Below(int n) -> int { return static_cast<int>(engine_() % static_cast<uint64_t>(n)); }
  auto Chance(int percent) -> bool { return Below(100) < percent; }
  template <typename T>
  auto Pick(const std::vector<T>& items) -> const T& {
    return items[static_cast<size_t>(Below(static_cast<int>(items.size())))];
  }
  auto Normal() -> double { return std::normal_distribution<double>(0.0, 1.0)(engine_); }

 private:
  std::mt19937_64 engine_;
};

// What a standard requires events to carry: instruction revisions, evidence, reason fields. Drawn
// from a stream of their own, so that the rest of a seed's plant and events stays as it was.
inline constexpr uint64_t kRequiredSeed = 0x5eed'0f'5eedULL;
// The roster's own stream: half the plants have one (people, qualifications, `requires`, four
// eyes), without changing what the main stream writes for the rest.
inline constexpr uint64_t kRosterSeed = 0x9e0'91e5ULL;
// The calendar (working days, holidays), from a stream of its own as well.
inline constexpr uint64_t kCalendarSeed = 0xca1e'0da5ULL;
// The order of a handover's report items, from a stream of its own for the same reason.
inline constexpr uint64_t kReportOrderSeed = 0x0b5e'55ed'0fULL;
// Shift breaks and `report oee`, from streams of their own for the same reason.
inline constexpr uint64_t kBreakSeed = 0x0b4e'a4'5eedULL;
inline constexpr uint64_t kOeeSeed = 0x0ee'5eedULL;
// Which controls require a first piece each shift, from a stream of its own as well.
inline constexpr uint64_t kFirstPieceSeed = 0xf1'75'7e'5eedULL;
inline const std::vector<std::string> kEvidenceNames = {"ev0", "ev1", "ev2"};
inline const std::vector<std::string> kFieldNames = {"fx0", "fx1", "fx2"};

// `a, b`: a non-empty random subset of `names`, in order.
inline auto SomeNames(Random& random, const std::vector<std::string>& names) -> std::vector<std::string> {
  std::vector<std::string> some;
  for (const std::string& name : names) {
    if (random.Chance(50)) {
      some.push_back(name);
    }
  }
  if (some.empty()) {
    some.push_back(random.Pick(names));
  }
  return some;
}

inline auto GenerateRandomPlant(uint64_t seed) -> std::string {
  Random random(seed);
  // The names the generator picks from while writing.
  std::vector<std::string> role_names;
  std::vector<std::string> workcenter_names;
  std::vector<std::string> reason_names;
  std::string t;
  // One plant in three keeps its shifts in a time zone.
  Random zones(seed ^ kZoneSeed);
  const RandomZone* zone = zones.Chance(33) ? &kRandomZones[zones.Below(static_cast<int>(kRandomZones.size()))] : nullptr;
  t += fmt::format("plant gen_{} \"Generated plant {}\"{}\n\nuse std.losses\nuse std.spc\n\n", seed, seed,
                   zone == nullptr ? "" : fmt::format(" timezone \"{}\"", zone->name));
  const int roles = 4 + random.Below(4);
  for (int r = 0; r < roles; ++r) {
    role_names.push_back(fmt::format("r{}", r));
    if (r == 0) {
      t += "role r0 \"Top\"\n";
    } else {
      t += fmt::format("role r{} \"Role {}\" reports_to r{}\n", r, r, random.Below(r));
    }
  }
  // Roles with someone above them: owners of cases that escalate up.
  auto reporting_role = [&] { return fmt::format("r{}", 1 + random.Below(roles - 1)); };
  auto any_role = [&] { return random.Pick(role_names); };
  Random roster(seed ^ kRosterSeed);
  const bool has_roster = roster.Chance(50);
  if (has_roster) {
    t += "qualification qual0 \"Qualification 0\"\nqualification qual1 \"Qualification 1\"\n";
    for (int p = 0; p < 5; ++p) {
      std::vector<std::string> held = {role_names[static_cast<size_t>(roster.Below(roles))]};
      if (roster.Chance(50)) {
        const std::string second = role_names[static_cast<size_t>(roster.Below(roles))];
        if (second != held.front()) {
          held.push_back(second);
        }
      }
      t += fmt::format("person p{} \"Person {}\" roles {}", p, p, fmt::join(held, ", "));
      if (roster.Chance(50)) {
        t += fmt::format(" qualified qual{}", roster.Below(2));
      }
      t += "\n";
    }
  }
  Random required(seed ^ kRequiredSeed);
  auto require_clause = [&](std::string_view indent, std::string_view what, const std::vector<std::string>& names) {
    return required.Chance(50) ? fmt::format("{}require {}{}\n", indent, what, fmt::join(SomeNames(required, names), ", "))
                               : std::string();
  };

  t += "\nshifts {\n";
  const std::vector<std::string> ends = {"06:00", "14:00", "22:00", "10:30", "18:45"};
  const int shifts = 1 + random.Below(3);
  Random breaks(seed ^ kBreakSeed);
  auto minutes = [](const std::string& hhmm) { return std::stoi(hhmm.substr(0, 2)) * 60 + std::stoi(hhmm.substr(3)); };
  // Minutes from `from` to `to` on the clock, a whole day when they are equal.
  auto clock_minutes = [&](const std::string& from, const std::string& to) {
    const int length = ((minutes(to) - minutes(from)) % 1440 + 1440) % 1440;
    return length == 0 ? 1440 : length;
  };
  for (int s = 0; s < shifts; ++s) {
    const std::string& from = random.Pick(ends);
    const std::string& to = random.Pick(ends);
    t += fmt::format("  shift s{} {} to {}", s, from, to);
    if (breaks.Chance(50)) {
      // A break inside the shift: it starts in the first half and lasts at most a quarter.
      const int shift_minutes = clock_minutes(from, to);
      const int start = (minutes(from) + breaks.Below(shift_minutes / 2)) % 1440;
      t += fmt::format(" break {:02}:{:02} for {} min", start / 60, start % 60, 1 + breaks.Below(shift_minutes / 4));
    }
    t += "\n";
  }
  // Breaks only count in `report oee`: a plant with one near its zone's change reports it.
  bool zone_break = false;
  if (zone != nullptr) {
    const std::string& from = zones.Pick(zone->ends);
    const std::string& to = zones.Pick(zone->ends);
    t += fmt::format("  shift tz {} to {}", from, to);
    // Half the time a break at a local time near the change (in its gap or overlap, or at its
    // edges) when that lies in the shift's first half, sometimes followed by a second one: moved
    // forward by a gap onto the next break or past the shift's end, or at a repeated time.
    const std::string& at = breaks.Pick(zone->ends);
    const int shift_minutes = clock_minutes(from, to);
    const int offset = clock_minutes(from, at) % 1440;
    zone_break = breaks.Chance(50) && offset < shift_minutes / 2;
    if (zone_break) {
      const int length = 1 + breaks.Below(shift_minutes / 2);
      t += fmt::format(" break {} for {} min", at, length);
      const int next = offset + length + breaks.Below(31);
      if (breaks.Chance(50) && next < shift_minutes) {
        const int start = (minutes(from) + next) % 1440;
        t += fmt::format(" break {:02}:{:02} for {} min", start / 60, start % 60, 1 + breaks.Below(shift_minutes - next));
      }
    }
    t += "\n";
  }
  // One plant in three has a calendar: some working days, maybe holidays in the days its streams
  // cover (they start in late November 2026, or up to a day before the zone's change).
  Random calendar(seed ^ kCalendarSeed);
  if (calendar.Chance(33)) {
    t += fmt::format("  working {}\n", fmt::join(SomeNames(calendar, {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}), ", "));
    const int64_t first_day = (zone != nullptr && zone->change_ms != 0 ? zone->change_ms : 1'795'500'000'000) / 86'400'000 - 1;
    for (int h = calendar.Below(3); h > 0; --h) {
      const auto day = date::year_month_day{date::sys_days{date::days{first_day + calendar.Below(5)}}};
      t += fmt::format("  holiday {}-{:02}-{:02}\n", static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                       static_cast<unsigned>(day.day()));
    }
  }
  t += "}\n\narea hall \"Hall\" owner r1 {\n";
  const int lines = 1 + random.Below(2);
  for (int l = 0; l < lines; ++l) {
    t += fmt::format("  line l{} \"Line {}\" owner {} {{\n", l, l, reporting_role());
    const int workcenters = 1 + random.Below(3);
    for (int w = 0; w < workcenters; ++w) {
      const std::string name = fmt::format("w{}", workcenter_names.size());
      workcenter_names.push_back(name);
      t += fmt::format("    workcenter {} \"Workcenter {}\"\n", name, name);
    }
    t += "  }\n";
  }
  t += "}\n\nmaterial steel \"Steel\" unit kg\nmaterial paint \"Paint\" unit g\nproduct part \"Part\" unit pcs\n\n";

  // Reasons: a small tree under std.losses' unplanned.breakdown.
  t += fmt::format("reasons unplanned.breakdown owner {} {{\n", any_role());
  std::vector<std::string> own_reasons;
  const int groups = 1 + random.Below(3);
  for (int g = 0; g < groups; ++g) {
    const std::string group = fmt::format("unplanned.breakdown.g{}", g);
    own_reasons.push_back(group);
    t += fmt::format("  reason g{} \"Group {}\" owner {} {{\n", g, g, any_role());
    t += require_clause("    ", "", kFieldNames);
    const int leaves = random.Below(3);
    for (int f = 0; f < leaves; ++f) {
      own_reasons.push_back(fmt::format("{}.f{}", group, f));
      const std::string fields = require_clause("      ", "", kFieldNames);
      t += fields.empty() ? fmt::format("    reason f{} \"Failure {}\"\n", f, f)
                          : fmt::format("    reason f{} \"Failure {}\" {{\n{}    }}\n", f, f, fields);
    }
    t += "  }\n";
  }
  t += "}\n\n";
  reason_names = own_reasons;
  reason_names.push_back("unplanned.breakdown");
  reason_names.push_back("unplanned");

  // Cases first: controls, tiers and recurrences open them.
  const int cases = 1 + random.Below(3);
  std::vector<std::string> case_names;
  for (int k = 0; k < cases; ++k) {
    case_names.push_back(fmt::format("k{}", k));
  }
  std::string releasing_case = "k0";
  for (int k = 0; k < cases; ++k) {
    const bool up = random.Chance(50);
    t += fmt::format("case k{} \"Case {}\" owner {} {{\n", k, k, up ? reporting_role() : any_role());
    t += fmt::format("  decide within {} min\n", 5 + random.Below(60));
    // With a roster, some decisions are signatures; two meanings, so that cases share one.
    if (has_roster && roster.Chance(50)) {
      t += fmt::format("  signature \"{}\"\n", roster.Chance(50) ? "Disposition" : "Approved to deviate");
    }
    t += require_clause("  ", "evidence ", kEvidenceNames);
    std::vector<std::string> outcomes;
    const int count = 1 + random.Below(3);
    for (int o = 0; o < count; ++o) {
      const std::string outcome = fmt::format("o{}", o);
      outcomes.push_back(outcome);
      std::string reactions;
      if (k == 0 && o == 0) {
        reactions += " release lot";
      }
      const int extra = random.Below(3);
      for (int i = 0; i < extra; ++i) {
        switch (random.Below(6)) {
          case 0: reactions += " release lot"; break;
          case 1: reactions += " scrap lot"; break;
          case 2: reactions += " hold lot"; break;
          case 3: reactions += fmt::format(" notify {}", any_role()); break;
          case 4: reactions += fmt::format(" escalate to {}", any_role()); break;
          default:
            // Only later cases, so outcomes cannot open cases in a cycle forever in one event.
            if (k + 1 < cases) {
              reactions += fmt::format(" open k{}", k + 1 + random.Below(cases - k - 1));
            }
            break;
        }
      }
      t += reactions.empty() ? fmt::format("  outcome {} \"Outcome {}\"\n", outcome, o)
                             : fmt::format("  outcome {} \"Outcome {}\" {{{} }}\n", outcome, o, reactions);
    }
    t += up ? fmt::format("  on timeout escalate up every {} min\n", 10 + random.Below(50))
            : fmt::format("  on timeout escalate to {}\n", any_role());
    t += "}\n\n";
  }

  // Controls.
  Random first_piece(seed ^ kFirstPieceSeed);
  const int controls = 1 + random.Below(5);
  const std::vector<std::string> rules = {"we1", "we2", "we3", "we4", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8"};
  for (int c = 0; c < controls; ++c) {
    const double center = 10 + random.Below(100);
    const double tolerance = 0.1 * (1 + random.Below(20));
    const double sigma = tolerance / (2 + random.Below(4));
    t += fmt::format("control c{} \"Control {}\" owner {} {{\n  measure size in mm\n", c, c, any_role());
    switch (random.Below(5)) {
      case 0: t += fmt::format("  spec min {:.2f}\n", center - tolerance); break;
      case 1: t += fmt::format("  spec max {:.2f}\n", center + tolerance); break;
      default: t += fmt::format("  spec {:.2f} ± {:.2f}\n", center, tolerance); break;
    }
    const bool spc = random.Chance(75);
    if (spc) {
      std::string list;
      if (random.Chance(30)) {
        list = random.Chance(50) ? "western_electric" : "nelson";
      } else {
        for (const std::string& rule : rules) {
          if (random.Chance(30)) {
            list += (list.empty() ? "" : ", ") + rule;
          }
        }
        if (list.empty()) {
          list = random.Pick(rules);
        }
      }
      t += fmt::format("  spc individuals center {:.2f} sigma {:.4f} rules {}\n", center, sigma, list);
    }
    if (random.Chance(50)) {
      // Sampling by count or by time (windows of minutes, against event steps of minutes to hours).
      t += random.Chance(50) ? fmt::format("  sample {} every {} pcs\n", 1 + random.Below(3), 5 + random.Below(60))
                             : fmt::format("  sample {} every {} min\n", 1 + random.Below(3), 5 + random.Below(90));
    }
    if (first_piece.Chance(30)) {
      t += "  first piece each shift\n";
    }
    auto plan = [&](bool allow_hold) {
      std::string reactions;
      const int count = 1 + random.Below(3);
      bool held = false;
      for (int i = 0; i < count; ++i) {
        switch (random.Below(4)) {
          case 0:
            if (allow_hold) {
              reactions += "    hold lot\n";
              held = true;
            }
            break;
          case 1: reactions += "    stop line\n"; break;
          case 2: reactions += fmt::format("    notify {}\n", any_role()); break;
          default: reactions += fmt::format("    open {}\n", random.Pick(case_names)); break;
        }
      }
      if (held) {
        reactions += fmt::format("    open {}\n", releasing_case);
      }
      if (reactions.empty()) {
        reactions = fmt::format("    notify {}\n", any_role());
      }
      return reactions;
    };
    t += "\n  on out_of_spec {\n" + plan(true) + "  }\n";
    if (spc && random.Chance(80)) {
      t += "  on spc_signal {\n" + plan(true) + "  }\n";
    }
    t += "}\n\n";
  }

  // Routings: every control is checked somewhere (lot reactions need a routing).
  bool instructions_used[2] = {false, false};
  const int routings = 1 + random.Below(2);
  int next_control = 0;
  for (int r = 0; r < routings; ++r) {
    const std::string name = fmt::format("rt{}", r);
    t += fmt::format("routing {} \"Routing {}\" for part rev 1 owner {} {{\n", name, r, any_role());
    if (random.Chance(60)) {
      t += has_roster && roster.Chance(50) ? "  confirm critical by another person\n" : "  confirm critical\n";
    }
    std::vector<int> ops;
    const int count = 1 + random.Below(4);
    for (int o = 0; o < count; ++o) {
      const int number = (o + 1) * 10;
      ops.push_back(number);
      t += fmt::format("\n  op {} step{} at {} {{\n", number, o, random.Pick(workcenter_names));
      if (required.Chance(50)) {
        const int instruction = required.Below(2);
        t += fmt::format("    instruction i{}\n", instruction);
        instructions_used[instruction] = true;
      }
      const bool last_routing = r + 1 == routings;
      while (next_control < controls && (random.Chance(50) || (last_routing && o + 1 == count))) {
        t += fmt::format("    check c{}\n", next_control++);
      }
      if (random.Chance(40)) {
        t += fmt::format("    consume steel 0.{} kg per pcs\n", 1 + random.Below(9));
      }
      if (random.Chance(20)) {
        t += fmt::format("    consume paint {} g per pcs\n", 1 + random.Below(50));
      }
      if (random.Chance(40)) {
        t += fmt::format("    std_time {} s per pcs\n", 1 + random.Below(60));
      }
      if (random.Chance(40)) {
        t += "    critical\n";
      }
      if (has_roster && roster.Chance(40)) {
        t += fmt::format("    requires qual{}\n", roster.Below(2));
      }
      if (random.Chance(40)) {
        if (o > 0 && random.Chance(70)) {
          t += fmt::format("    on fail rework {} max {} then scrap\n", ops[static_cast<size_t>(random.Below(o))],
                           1 + random.Below(3));
        } else {
          t += "    on fail scrap\n";
        }
      }
      t += "  }\n";
    }
    t += "}\n\n";
  }

  for (int i = 0; i < 2; ++i) {
    if (instructions_used[i]) {
      t += fmt::format("instruction i{} \"Instruction {}\" rev {}\n\n", i, i, 1 + required.Below(3));
    }
  }

  // Escalations and recurrences.
  auto trigger = [&] { return random.Chance(30) ? std::string("uncoded") : random.Pick(reason_names); };
  const int escalations = random.Below(3);
  for (int e = 0; e < escalations; ++e) {
    t += fmt::format("escalation e{} \"Escalation {}\" on down {} owner {} {{\n", e, e, trigger(), any_role());
    int after = 0;
    const int tiers = 1 + random.Below(3);
    for (int i = 0; i < tiers; ++i) {
      after += 1 + random.Below(30);
      switch (random.Below(5)) {
        case 0: t += fmt::format("  after {} min notify {}\n", after, any_role()); break;
        case 1: t += fmt::format("  after {} min escalate to {}\n", after, any_role()); break;
        case 2: t += fmt::format("  after {} min stop line\n", after); break;
        case 3:
          t += fmt::format("  after {} min {{\n    notify {}\n    open {}\n    stop line\n  }}\n", after, any_role(),
                           random.Pick(case_names));
          break;
        default: t += fmt::format("  after {} min open {}\n", after, random.Pick(case_names)); break;
      }
    }
    t += "}\n\n";
  }
  const int recurrences = random.Below(3);
  const std::vector<std::string> keys = {"workcenter", "reason", "workcenter, reason"};
  for (int r = 0; r < recurrences; ++r) {
    t += fmt::format("recurrence q{} \"Recurrence {}\" on down {} owner {} {{\n", r, r, trigger(), any_role());
    t += fmt::format("  when {} times within {} min per {}\n", 1 + random.Below(4), 10 + random.Below(120),
                     random.Pick(keys));
    const int count = 1 + random.Below(2);
    for (int i = 0; i < count; ++i) {
      switch (random.Below(3)) {
        case 0: t += fmt::format("  notify {}\n", any_role()); break;
        case 1: t += fmt::format("  escalate to {}\n", any_role()); break;
        default: t += fmt::format("  open {}\n", random.Pick(case_names)); break;
      }
    }
    t += "}\n\n";
  }

  // Deviations and handovers.
  const int deviations = random.Below(3);
  for (int d = 0; d < deviations; ++d) {
    t += fmt::format("deviation d{} \"Deviation {}\" owner {} {{\n", d, d, any_role());
    const std::string a = any_role();
    std::string b = any_role();
    t += b == a ? fmt::format("  approve by {}", a) : fmt::format("  approve by {} and {}", a, b);
    t += has_roster && roster.Chance(50) ? " signature \"Approved to deviate\"\n" : "\n";
    if (random.Chance(60)) {
      t += fmt::format("  when risk high approve by {}\n", any_role());
    }
    t += random.Chance(50) ? fmt::format("  expires after {} h or {} lots\n", 1 + random.Below(30), 1 + random.Below(4))
                           : fmt::format("  expires after {} h\n", 1 + random.Below(30));
    t += "}\n\n";
  }
  const std::vector<std::string> items = {"open holds", "open cases", "active downtime", "active deviations",
                                          "open orders"};
  Random item_order(seed ^ kReportOrderSeed);
  Random oee(seed ^ kOeeSeed);
  const int handovers = random.Below(2);
  for (int h = 0; h < handovers; ++h) {
    t += fmt::format("handover h{} \"Handover {}\" owner {} {{\n  at end of shift\n  report ", h, h, any_role());
    std::vector<std::string> chosen;
    for (const std::string& item : items) {
      if (random.Chance(60) || (chosen.empty() && item == items.back())) {
        chosen.push_back(item);
      }
    }
    if (oee.Chance(50) || zone_break) {
      chosen.push_back("oee");
    }
    // In a random order (report_item actions follow it), drawn from a stream of its own.
    for (size_t i = chosen.size(); i > 1; --i) {
      std::swap(chosen[i - 1], chosen[static_cast<size_t>(item_order.Below(static_cast<int>(i)))]);
    }
    t += fmt::format("{}\n", fmt::join(chosen, ", "));
    if (random.Chance(70)) {
      t += fmt::format("  acknowledge by {} within {} min\n", any_role(), 5 + random.Below(30));
    }
    t += "}\n\n";
  }
  return t;
}

// An item of `items`, or a name nothing declares when there is none.
inline auto PickOr(Random& random, const std::vector<std::string>& items) -> std::string {
  return items.empty() ? std::string("nowhere") : random.Pick(items);
}

// The pieces of a `count` or `complete`, the material of a `consume` (sometimes one the plant
// does not declare, or one the operation does not consume), nothing for other verbs.
inline auto ProductionFields(Random& random, const std::string& verb) -> std::string {
  std::string fields;
  if (verb == "count" || (verb == "complete" && random.Chance(60))) {
    fields += fmt::format(",\"good\":{}", random.Below(80));
    if (random.Chance(30)) {
      fields += fmt::format(",\"scrap\":{}", random.Below(5));
    }
  } else if (verb == "consume") {
    const std::vector<std::string> materials = {"steel", "steel", "paint", "rubber"};
    fields += fmt::format(",\"material\":\"{}\",\"material_lot\":\"m{}\"", random.Pick(materials), random.Below(3));
    if (random.Chance(40)) {
      fields += fmt::format(",\"quantity\":{}", 0.25 * (1 + random.Below(40)));
    }
  }
  return fields;
}

// A stream of `count` event lines over `names`; about one line in 25 is malformed in some way.
inline auto GenerateEvents(const PlantNames& names, uint64_t seed, int count) -> std::string {
  Random random(seed);
  std::string out;
  int64_t t = 1'795'500'000'000 + random.Below(86'400) * 1000LL;  // Late 2026.
  // A plant in a time zone with a change of offset: up to a day before that change.
  for (const RandomZone& zone : kRandomZones) {
    if (zone.name == names.timezone && zone.change_ms != 0) {
      t = zone.change_ms - random.Below(86'400) * 1000LL;
      break;
    }
  }
  const std::vector<std::string> lots = {"l1", "l2", "l3", "l4"};
  const std::vector<std::string> orders = {"o1", "o2", "o3", "o4", "o5"};
  // With a roster mostly its people, sometimes someone not on it (an `unknown_name` reject).
  std::vector<std::string> people = names.people.empty() ? std::vector<std::string>{"ann", "bob"} : names.people;
  if (!names.people.empty()) {
    people.push_back("nobody");
  }
  // Who approves and acknowledges: a person with a roster, a role without.
  const std::vector<std::string>& approvers = names.people.empty() ? names.roles : people;
  std::vector<double> walk(names.controls.size(), 0.0);
  std::vector<int> mode(names.controls.size(), 4);
  struct Progress {
    int routing = -1;
    int op = 0;
    bool started = false;
  };
  std::vector<Progress> progress(orders.size());
  Random required(seed ^ kRequiredSeed);
  // `"rev":N` mostly (1 … 3, the revisions instructions are at), `"evidence":[…]` and
  // `"fields":{…}` often, with a name no plant requires or an empty text now and then.
  auto rev = [&] { return required.Chance(85) ? fmt::format(",\"rev\":{}", 1 + required.Below(3)) : std::string(); };
  auto evidence = [&] {
    if (names.evidence.empty() || !required.Chance(60)) {
      return std::string();
    }
    std::vector<std::string> some = SomeNames(required, names.evidence);
    if (required.Chance(3)) {
      some.push_back("ev9");
    }
    return fmt::format(",\"evidence\":[\"{}\"]", fmt::join(some, "\",\""));
  };
  auto fields = [&] {
    if (names.fields.empty() || !required.Chance(60)) {
      return std::string();
    }
    std::string object;
    for (const std::string& name : SomeNames(required, names.fields)) {
      object += fmt::format("{}\"{}\":\"{}\"", object.empty() ? "" : ",", name, required.Chance(3) ? "" : "done");
    }
    if (required.Chance(3)) {
      object += ",\"fx9\":\"done\"";
    }
    return fmt::format(",\"fields\":{{{}}}", object);
  };
  for (int i = 0; i < count; ++i) {
    // Time: mostly small steps, sometimes none, sometimes hours (shift ends, timeouts), rarely back.
    const int step = random.Below(100);
    if (step < 15) {
      // Same time.
    } else if (step < 85) {
      t += random.Below(15 * 60) * 1000LL;
    } else if (step < 97) {
      t += random.Below(10 * 3600) * 1000LL;
    } else {
      t -= random.Below(600) * 1000LL;
    }
    std::string time = fmt::format("{}", t);
    if (random.Chance(20)) {
      char text[40];
      const int length = runtime::FormatTimestamp(t, text);
      time = fmt::format("\"{}\"", std::string_view(text, static_cast<size_t>(length)));
    }
    if (random.Chance(4)) {
      switch (random.Below(10)) {
        case 0: out += "not json at all\n"; break;
        case 1: out += fmt::format("{{\"t\":{},\"workcenter\":\"{}\"}}\n", t, PickOr(random, names.workcenters)); break;
        case 2: out += fmt::format("{{\"t\":{},\"type\":\"down\",\"workcenter\":\"nowhere\"}}\n", t); break;
        case 3: out += fmt::format("{{\"t\":{},\"type\":\"measure\",\"control\":\"c0\"}}\n", t); break;
        case 4: out += fmt::format("{{\"t\":{},\"type\":\"start\",\"order\":\"nobody\",\"op\":10}}\n", t); break;
        case 5: out += fmt::format("{{\"t\":{},\"type\":\"decide\",\"case\":\"k0-99\",\"outcome\":\"o0\"}}\n", t); break;
        // A misspelled key, a key of another kind, a lot no order released.
        case 6: out += fmt::format("{{\"t\":{},\"type\":\"tick\",\"Lot\":\"l1\"}}\n", t); break;
        case 7: out += fmt::format("{{\"t\":{},\"type\":\"tick\",\"lot\":\"l1\"}}\n", t); break;
        case 8: out += fmt::format("{{\"t\":{},\"type\":\"measure\",\"control\":\"c0\",\"value\":1,\"lot\":\"l99\"}}\n", t); break;
        default: out += fmt::format("{{\"type\":\"tick\"}}\n"); break;
      }
      continue;
    }
    std::string line = fmt::format("{{\"t\":{}", time);
    const int kind = random.Below(100);
    // A kind whose names the plant lacks falls through to the next one.
    if (kind < 14 && !names.workcenters.empty()) {
      line += fmt::format(",\"type\":\"down\",\"workcenter\":\"{}\"", random.Pick(names.workcenters));
      if (!names.reasons.empty() && random.Chance(75)) {
        line += fmt::format(",\"reason\":\"{}\"", random.Pick(names.reasons));
      }
    } else if (kind < 24 && !names.workcenters.empty()) {
      line += fmt::format(",\"type\":\"up\",\"workcenter\":\"{}\"", random.Pick(names.workcenters));
      line += fields();
    } else if (kind < 52 && !names.controls.empty()) {
      const size_t c = static_cast<size_t>(random.Below(static_cast<int>(names.controls.size())));
      const ControlNames& control = names.controls[c];
      double value = 0;
      // Each control drifts between behaviours that persist for a while, so the rules that
      // look at long runs (n3, n4, n7) see them.
      if (random.Chance(8)) {
        mode[c] = random.Below(5);
        walk[c] = 0;
      }
      switch (mode[c]) {
        case 0: value = random.Chance(50) ? control.lsl : control.usl; break;
        case 1:
          walk[c] += control.sigma * 0.7;
          value = control.center + walk[c];
          break;
        case 2: value = control.center + control.sigma * random.Normal() * 0.3; break;
        case 3:
          walk[c] = walk[c] > 0 ? -control.sigma : control.sigma;
          value = control.center + walk[c] * (1 + random.Below(3));
          break;
        default: value = control.center + control.sigma * random.Normal() * 1.8; break;
      }
      value = std::round(value * 1000) / 1000;
      line += fmt::format(",\"type\":\"measure\",\"control\":\"{}\",\"value\":{}", control.name, value);
      // Without a lot the running operation may give one (docs/runtime.md, "Control points").
      if (random.Chance(60)) {
        line += fmt::format(",\"lot\":\"{}\"", random.Pick(lots));
      }
      // Mostly where an operation checks the control; sometimes anywhere (a reject).
      if (!control.checked_at.empty() && random.Chance(50)) {
        line += fmt::format(",\"workcenter\":\"{}\"", random.Pick(control.checked_at));
      } else if (!names.workcenters.empty() && random.Chance(15)) {
        line += fmt::format(",\"workcenter\":\"{}\"", random.Pick(names.workcenters));
      }
      if (random.Chance(5)) {
        line += ",\"x_station\":{\"id\":7}";
      }
    } else if (kind < 58 && !names.routings.empty()) {
      const auto& routing = random.Pick(names.routings);
      line += fmt::format(",\"type\":\"release\",\"order\":\"{}\",\"routing\":\"{}\",\"lot\":\"{}\",\"qty\":{}",
                          random.Pick(orders), routing.first, random.Pick(lots), 1 + random.Below(500));
    } else if (kind < 78 && !names.routings.empty() && random.Chance(60)) {
      // The next step of an order, as an operator following the routing would do it.
      const size_t o = static_cast<size_t>(random.Below(static_cast<int>(orders.size())));
      Progress& order = progress[o];
      if (order.routing < 0) {
        const int r = random.Below(static_cast<int>(names.routings.size()));
        order = Progress{.routing = r, .op = 0, .started = false};
        line += fmt::format(",\"type\":\"release\",\"order\":\"{}\",\"routing\":\"{}\",\"lot\":\"{}\",\"qty\":5",
                            orders[o], names.routings[static_cast<size_t>(r)].first, random.Pick(lots));
      } else {
        const auto& ops = names.routings[static_cast<size_t>(order.routing)].second;
        const int op = ops[static_cast<size_t>(order.op) % ops.size()];
        std::string verb = "start";
        if (order.started) {
          const int roll = random.Below(14);
          verb = roll < 2 ? "confirm" : roll < 4 ? "fail" : roll < 7 ? "count" : roll < 9 ? "consume" : "complete";
        }
        if (verb == "start") {
          order.started = true;
        } else if (verb == "complete") {
          order.started = false;
          ++order.op;
        } else if (verb == "fail") {
          order.started = false;
          order.op = random.Below(order.op + 1);
        }
        line += fmt::format(",\"type\":\"{}\",\"order\":\"{}\",\"op\":{},\"by\":\"{}\"", verb, orders[o], op,
                            random.Pick(people));
        line += ProductionFields(random, verb);
        if (verb == "start") {
          line += rev();
        }
      }
    } else if (kind < 78) {
      const std::vector<std::string> verbs = {"start", "start", "confirm", "complete", "complete", "fail", "count",
                                              "consume"};
      int op = 10 * (1 + random.Below(4));
      if (random.Chance(5)) {
        op = 15;
      }
      const std::string verb = random.Pick(verbs);
      line += fmt::format(",\"type\":\"{}\",\"order\":\"{}\",\"op\":{}", verb, random.Pick(orders), op);
      line += ProductionFields(random, verb);
      if (verb == "start") {
        line += rev();
      }
      if (random.Chance(50)) {
        line += fmt::format(",\"by\":\"{}\"", random.Pick(people));
      }
    } else if (kind < 86 && !names.cases.empty()) {
      const auto& kase = random.Pick(names.cases);
      if (random.Chance(40)) {
        // By declaration and lot (and control): the open case of the kind, if exactly one.
        line += fmt::format(",\"type\":\"decide\",\"case\":\"{}\",\"lot\":\"{}\",\"outcome\":\"{}\"", kase.first,
                            random.Pick(lots), random.Pick(kase.second));
        if (!names.controls.empty() && random.Chance(50)) {
          line += fmt::format(",\"control\":\"{}\"", random.Pick(names.controls).name);
        }
      } else {
        line += fmt::format(",\"type\":\"decide\",\"case\":\"{}-{}\",\"outcome\":\"{}\"", kase.first,
                            1 + random.Below(3), random.Pick(kase.second));
      }
      if (random.Chance(60)) {
        line += fmt::format(",\"by\":\"{}\"", random.Pick(people));
      }
      line += evidence();
    } else if (kind < 92 && !names.deviations.empty() && !names.roles.empty()) {
      const auto& deviation = random.Pick(names.deviations);
      if (random.Chance(65)) {
        line += fmt::format(",\"type\":\"approve\",\"deviation\":\"{}\",\"by\":\"{}\"", deviation.first,
                            random.Pick(approvers));
        if (!deviation.second.empty() && random.Chance(40)) {
          line += fmt::format(",\"risk\":\"{}\"", deviation.second.front());
        }
      } else {
        line += fmt::format(",\"type\":\"use\",\"deviation\":\"{}\",\"lot\":\"{}\"", deviation.first,
                            random.Pick(lots));
      }
    } else if (kind < 96 && !names.handovers.empty()) {
      line += fmt::format(",\"type\":\"acknowledge\",\"handover\":\"{}\"", random.Pick(names.handovers));
      if (!names.roles.empty() && random.Chance(70)) {
        line += fmt::format(",\"by\":\"{}\"", random.Pick(approvers));
      }
    } else if (kind < 99 && !names.lines.empty()) {
      line += fmt::format(",\"type\":\"resume\",\"line\":\"{}\"", random.Pick(names.lines));
    } else {
      line += ",\"type\":\"tick\"";
    }
    out += line + "}\n";
  }
  return out;
}

}  // namespace takt::testing

#endif  // TAKT_TESTS_UNIT_CODEGEN_RANDOM_PLANT_H_
