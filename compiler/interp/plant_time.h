// Plant time on the interpreter's road (docs/runtime.md, "Plant time"): shift boundaries are
// local wall-clock times of the plant's `timezone`, converted to UTC instants by asking the tz
// database (the date library) at run time. The native road embeds a table of the same
// database's transitions instead (lower/plant_time.cpp); the differential tests compare them.
#ifndef TAKT_COMPILER_INTERP_PLANT_TIME_H_
#define TAKT_COMPILER_INTERP_PLANT_TIME_H_

#include <cstdint>
#include <span>
#include <string_view>

namespace date {
class time_zone;
}

namespace takt::interp {

class PlantClock {
 public:
  // `timezone` empty: plant time is UTC.
  explicit PlantClock(std::string_view timezone);

  struct ShiftEnd {
    int64_t at;      // UTC instant.
    int32_t minute;  // The local end minute (of `end_minutes`) that falls there.
    int64_t local;   // The local time written for it (milliseconds since the local epoch).
  };

  // The first instant after `now` at which a shift ends: the earliest UTC instant later than
  // `now` of a local time `minute` (of `end_minutes`) on any local day, the gap and overlap rule
  // applied to each. Of two local times landing on the same instant, the earlier one.
  auto NextShiftEnd(int64_t now, std::span<const int32_t> end_minutes) const -> ShiftEnd;

  // The instant of the local time `local` (milliseconds since the local epoch): a time that
  // occurs twice takes its first occurrence; a time skipped by a gap takes the offset before
  // the gap, so it lands as far past the gap's start as it was written.
  auto UtcOf(int64_t local) const -> int64_t;

  // The zone's offset from UTC at the instant `utc`, in milliseconds (0 without a zone): the
  // plant's wall clock reads utc + OffsetAt(utc).
  auto OffsetAt(int64_t utc) const -> int64_t;

 private:
  const date::time_zone* zone_ = nullptr;
};

}  // namespace takt::interp

#endif  // TAKT_COMPILER_INTERP_PLANT_TIME_H_
