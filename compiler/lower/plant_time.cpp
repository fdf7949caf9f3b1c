// Plant time on the native road (docs/runtime.md, "Plant time"): the next shift end after `now`.
// Without a `timezone`, shift end minutes are UTC. With one, the compiler reads the zone's
// transitions from the tz database up to base::kPlantTimeEndMs and embeds them as tables; the
// lowered code finds the offset at `now`, and converts each candidate local shift end to UTC by
// an unrolled binary search (xir has no unbounded loops). The interpreter asks the database at
// run time instead (interp/plant_time.cpp).
#include <algorithm>
#include <chrono>

#include "compiler/base/time_zone.h"
#include "compiler/lower/lowerer.h"

namespace takt::lower {

using xir::Opcode;
using xir::Type;

namespace {

// The zone's transitions, only those that change the offset (a change of abbreviation or of
// daylight-saving status alone moves no wall clock).
struct Transitions {
  std::vector<int64_t> utc;        // Instants of the transitions, ascending.
  std::vector<int64_t> local_key;  // Per transition: from this local time on, a local time lies after it.
  std::vector<int64_t> offset;     // utc.size() + 1 offsets: before the first transition, after each.
};

auto ReadTransitions(const date::time_zone& zone) -> Transitions {
  using std::chrono::seconds;
  Transitions out;
  const date::sys_seconds end{seconds{base::kPlantTimeEndMs / 1000}};
  // The library's first period begins with its first year.
  date::sys_info info = zone.get_info(date::sys_days{date::year::min() / 1 / 1});
  out.offset.push_back(int64_t{info.offset.count()} * 1000);
  while (info.end < end) {
    const date::sys_info next = zone.get_info(info.end);
    if (next.offset != info.offset) {
      const int64_t at = int64_t{info.end.time_since_epoch().count()} * 1000;
      const int64_t after = int64_t{next.offset.count()} * 1000;
      out.utc.push_back(at);
      // A local time before the later of the two wall clocks at the transition is in the period
      // before it: in a gap it keeps the earlier offset, in an overlap it is the first occurrence.
      out.local_key.push_back(at + std::max(out.offset.back(), after));
      out.offset.push_back(after);
    }
    info = next;
  }
  return out;
}

}  // namespace

void Lowerer::DeclarePlantTime() {
  const date::time_zone* zone = base::FindTimeZone(plant_.timezone);
  // The checker accepted the zone, so the same database has it.
  const Transitions transitions = ReadTransitions(*zone);
  plant_time_ = PlantTimeTables{
      .transitions = module_.AddTable("tz.utc", transitions.utc),
      .local_keys = module_.AddTable("tz.local", transitions.local_key),
      .offsets = module_.AddTable("tz.offset", transitions.offset),
      .candidates = 0,
      .candidate_shifts = 0,
      .transition_count = transitions.utc.size(),
      .candidate_count = 0,
  };
  // Candidate shift ends, relative to the local midnight of now: the day before catches an end
  // that a gap over midnight pushes past now, the day after next one an offset change of a day.
  std::vector<int64_t> candidates;
  std::vector<int64_t> candidate_shifts;
  for (int64_t day = -1; day <= 2; ++day) {
    for (int32_t minute : plant_.shift_ends) {
      candidates.push_back(day * kDay + int64_t{minute} * 60'000);
      candidate_shifts.push_back(plant_.ShiftEndingAt(minute));
    }
  }
  plant_time_->candidate_count = candidates.size();
  plant_time_->candidates = module_.AddTable("shift.end_candidates", std::move(candidates));
  plant_time_->candidate_shifts = module_.AddTable("shift.end_candidate_shift", std::move(candidate_shifts));
}

// How many entries of the ascending `table` (of `size` entries) are at most `x`: a branchless
// binary search, unrolled since its steps depend only on the size.
static auto CountAtMost(Builder& b, xir::TableId table, size_t size, ExprId x) -> ExprId {
  if (size == 0) {
    return b.I(0);
  }
  ExprId base = b.I(0);
  for (size_t len = size; len > 1; len -= len / 2) {
    const ExprId probe = b.Op(Opcode::Add, base, b.I(static_cast<int64_t>(len / 2)));
    base = b.Capture(b.Select(b.Op(Opcode::Le, b.AtInRange(table, probe), x), probe, base));
  }
  return b.Op(Opcode::Add, base, b.Op(Opcode::Le, b.AtInRange(table, base), x));
}

// The local midnight at or before `local`, rounded towards negative infinity.
static auto Midnight(Builder& b, ExprId local) -> ExprId {
  const ExprId truncated = b.Op(Opcode::Div, local, b.I(kDay));
  const ExprId day = b.Capture(
      b.Select(b.Op(Opcode::Lt, b.Op(Opcode::Rem, local, b.I(kDay)), b.I(0)), b.Op(Opcode::Sub, truncated, b.I(1)),
               truncated));
  return b.Capture(b.Op(Opcode::Mul, day, b.I(kDay)));
}

auto Lowerer::FirstShiftEndAfter(Builder& b, ExprId t, bool with_shift) -> ShiftWindowExprs {
  const uint32_t due = b.NewLocal(Type::I64);
  const uint32_t shift = with_shift ? b.NewLocal(Type::I64) : 0;
  if (plant_.timezone.empty()) {
    const ExprId midnight = Midnight(b, t);
    // The first shift end after t: that day's, or else the next day's first.
    const int32_t first = plant_.shift_ends.front();
    b.Set(due, b.Op(Opcode::Add, midnight, b.I(kDay + int64_t{first} * 60'000)));
    if (with_shift) {
      b.Set(shift, b.I(plant_.ShiftEndingAt(first)));
    }
    for (auto it = plant_.shift_ends.rbegin(); it != plant_.shift_ends.rend(); ++it) {
      const ExprId end = b.Op(Opcode::Add, midnight, b.I(int64_t{*it} * 60'000));
      b.If(b.Op(Opcode::Gt, end, t), [&] {
        b.Set(due, end);
        if (with_shift) {
          b.Set(shift, b.I(plant_.ShiftEndingAt(*it)));
        }
      });
    }
    // Plant time is UTC: the local time of the end is its instant.
    return {.end = b.Local(due), .shift = with_shift ? b.Local(shift) : xir::kNoExpr,
            .start = with_shift ? b.Local(due) : xir::kNoExpr};
  }
  if (!plant_time_) {
    DeclarePlantTime();
  }
  const PlantTimeTables& tables = *plant_time_;
  const uint32_t written = with_shift ? b.NewLocal(Type::I64) : 0;
  const ExprId offset_now = b.AtInRange(tables.offsets, CountAtMost(b, tables.transitions, tables.transition_count, t));
  const ExprId midnight = Midnight(b, b.Capture(b.Op(Opcode::Add, t, offset_now)));
  // The earliest candidate's instant after t (candidates are local times, and a time in a gap
  // can land after a later one: they are not in order once converted). Of two landing on the
  // same instant, the first in the table, as on the interpreter's road.
  b.Set(due, b.I(INT64_MAX));
  if (with_shift) {
    b.Set(shift, b.I(0));
    b.Set(written, b.I(0));
  }
  b.For(b.I(static_cast<int64_t>(tables.candidate_count)), [&](ExprId i) {
    const ExprId local = b.Capture(b.Op(Opcode::Add, midnight, b.AtInRange(tables.candidates, i)));
    const ExprId end = b.Capture(b.Op(Opcode::Sub, local, b.AtInRange(tables.offsets, CountAtMost(b, tables.local_keys, tables.transition_count, local))));
    b.If(b.And(b.Op(Opcode::Gt, end, t), b.Op(Opcode::Lt, end, b.Local(due))), [&] {
      b.Set(due, end);
      if (with_shift) {
        b.Set(shift, b.AtInRange(tables.candidate_shifts, i));
        b.Set(written, local);
      }
    });
  });
  return {.end = b.Local(due), .shift = with_shift ? b.Local(shift) : xir::kNoExpr,
          .start = with_shift ? b.Local(written) : xir::kNoExpr};
}

auto Lowerer::UtcOfLocal(Builder& b, ExprId local) -> ExprId {
  if (plant_.timezone.empty()) {
    return local;
  }
  const PlantTimeTables& tables = *plant_time_;
  return b.Op(Opcode::Sub, local,
              b.AtInRange(tables.offsets, CountAtMost(b, tables.local_keys, tables.transition_count, local)));
}

auto Lowerer::PlannedDay(Builder& b, ExprId day) -> ExprId {
  // 1970-01-01 was a Thursday (3, counting from Monday), as model::Weekday says.
  const ExprId shifted = b.Op(Opcode::Rem, b.Op(Opcode::Add, day, b.I(3)), b.I(7));
  const ExprId weekday = b.Capture(b.Op(Opcode::Rem, b.Op(Opcode::Add, shifted, b.I(7)), b.I(7)));
  const ExprId working = b.Op(Opcode::BitAnd, b.Op(Opcode::LShr, b.I(plant_.working_days), weekday), b.I(1));
  if (plant_.holidays.empty()) {
    return working;
  }
  if (!holidays_) {
    holidays_ = module_.AddTable("calendar.holidays", plant_.holidays);
  }
  const size_t count = plant_.holidays.size();
  const ExprId holiday = b.Op(Opcode::Ne, CountAtMost(b, *holidays_, count, day),
                              CountAtMost(b, *holidays_, count, b.Op(Opcode::Sub, day, b.I(1))));
  return b.And(b.Op(Opcode::Ne, working, b.I(0)), b.Not(holiday));
}

auto Lowerer::NextShiftEnd(Builder& b, ExprId t, bool with_window) -> ShiftWindowExprs {
  const bool calendar = plant_.working_days != 0x7F || !plant_.holidays.empty();
  if (!with_window && !calendar) {
    return {.end = FirstShiftEndAfter(b, t, false).end};
  }
  if (!shift_lengths_) {
    std::vector<int64_t> lengths;
    for (const model::Shift& shift : plant_.shifts) {
      lengths.push_back(shift.length_ms());
    }
    shift_lengths_ = module_.AddTable("shift.length", std::move(lengths));
  }
  // The window starts at the shift's local start time, its length of wall clock before the end
  // written: across a daylight-saving change, the real time between the two.
  auto start_local_of = [&](const ShiftWindowExprs& end) {
    return b.Capture(b.Op(Opcode::Sub, end.start, b.At(*shift_lengths_, end.shift)));
  };
  if (!calendar) {
    const ShiftWindowExprs end = FirstShiftEndAfter(b, t, true);
    const ExprId start_local = start_local_of(end);
    // Without a zone the local start is the instant already.
    return {.end = end.end, .shift = end.shift,
            .start = plant_.timezone.empty() ? start_local : b.Capture(UtcOfLocal(b, start_local)),
            .start_local = start_local};
  }
  // An end whose shift starts on a day the calendar does not plan is no shift end: search on
  // from it, at most once per end in the longest run of unplanned days (and the day after it).
  const uint32_t after = b.NewLocal(Type::I64);
  const uint32_t found = b.NewLocal(Type::I64);
  const uint32_t due = b.NewLocal(Type::I64);
  const uint32_t shift = b.NewLocal(Type::I64);
  const uint32_t start = b.NewLocal(Type::I64);
  // Without a zone the local start is the instant already: no local of its own.
  const bool zoned = !plant_.timezone.empty();
  const uint32_t start_local = zoned ? b.NewLocal(Type::I64) : start;
  b.Set(after, t);
  b.Set(found, b.I(0));
  b.Set(due, b.I(INT64_MAX));
  b.Set(shift, b.I(0));
  b.Set(start, b.I(0));
  if (zoned) {
    b.Set(start_local, b.I(0));
  }
  const int64_t tries = static_cast<int64_t>(plant_.shift_ends.size()) * (plant_.LongestUnplannedRun() + 2) + 1;
  b.For(b.I(tries), [&](ExprId) {
    b.If(b.Op(Opcode::Eq, b.Local(found), b.I(0)), [&] {
      const ShiftWindowExprs end = FirstShiftEndAfter(b, b.Local(after), true);
      const ExprId written = start_local_of(end);
      const ExprId day = Midnight(b, written);
      b.If(PlannedDay(b, b.Op(Opcode::Div, day, b.I(kDay))), [&] {
        b.Set(found, b.I(1));
        b.Set(due, end.end);
        b.Set(shift, end.shift);
        b.Set(start, UtcOfLocal(b, written));
        if (zoned) {
          b.Set(start_local, written);
        }
      }, [&] { b.Set(after, end.end); });
    });
  });
  return {.end = b.Local(due), .shift = b.Local(shift), .start = b.Local(start), .start_local = b.Local(start_local)};
}

}  // namespace takt::lower
