#include "compiler/interp/plant_time.h"

#include <algorithm>
#include <chrono>

#include "compiler/base/time_zone.h"

namespace takt::interp {

namespace {

constexpr int64_t kDay = 86'400'000;
constexpr int64_t kMinute = 60'000;

auto FloorDiv(int64_t a, int64_t b) -> int64_t { return a / b - (a % b < 0 ? 1 : 0); }

auto Seconds(int64_t ms) -> std::chrono::seconds { return std::chrono::seconds{FloorDiv(ms, 1000)}; }

auto Millis(std::chrono::seconds offset) -> int64_t { return int64_t{offset.count()} * 1000; }

}  // namespace

PlantClock::PlantClock(std::string_view timezone)
    : zone_(timezone.empty() ? nullptr : base::FindTimeZone(timezone)) {}

auto PlantClock::OffsetAt(int64_t utc) const -> int64_t {
  if (zone_ == nullptr) {
    return 0;
  }
  // Past the end of plant time's table, the offset in force at its end (base::kPlantTimeEndMs).
  const int64_t at = std::min(utc, base::kPlantTimeEndMs - 1);
  return Millis(zone_->get_info(date::sys_seconds{Seconds(at)}).offset);
}

auto PlantClock::UtcOf(int64_t local) const -> int64_t {
  if (zone_ == nullptr) {
    return local;
  }
  // A day past the table's end no local time can fall in a period that began before it.
  if (local >= base::kPlantTimeEndMs + kDay) {
    return local - OffsetAt(base::kPlantTimeEndMs - 1);
  }
  // `first` is the period before a gap or an overlap: the rule of UtcOf in plant_time.h.
  const date::sys_info first = zone_->get_info(date::local_seconds{Seconds(local)}).first;
  if (first.begin >= date::sys_seconds{Seconds(base::kPlantTimeEndMs)}) {
    return local - OffsetAt(base::kPlantTimeEndMs - 1);
  }
  return local - Millis(first.offset);
}

auto PlantClock::NextShiftEnd(int64_t now, std::span<const int32_t> end_minutes) const -> ShiftEnd {
  // Local days around now's: the day before catches an end a gap over midnight pushes past now,
  // the day after next one an offset change of up to a day.
  const int64_t today = FloorDiv(now + OffsetAt(now), kDay);
  ShiftEnd next{.at = INT64_MAX, .minute = end_minutes.front(), .local = 0};
  for (int64_t day = today - 1; day <= today + 2; ++day) {
    for (int32_t minute : end_minutes) {
      const int64_t local = day * kDay + int64_t{minute} * kMinute;
      const int64_t end = UtcOf(local);
      if (end > now && end < next.at) {
        next = ShiftEnd{.at = end, .minute = minute, .local = local};
      }
    }
  }
  return next;
}

}  // namespace takt::interp
