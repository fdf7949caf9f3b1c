// Host API (C++): event timestamps, shared by the runtime's decoder and encoder and by tools that
// write or read event lines (`takt test`, tests). RFC 3339 text or integer milliseconds in,
// RFC 3339 UTC text out. Time is kept as milliseconds since 1970-01-01T00:00:00Z everywhere past
// decoding.
#ifndef TAKT_RUNTIME_INCLUDE_TAKT_TIMESTAMP_H_
#define TAKT_RUNTIME_INCLUDE_TAKT_TIMESTAMP_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace takt::runtime {

// `2026-11-28T08:00:00Z`, `2026-11-28T08:00:00.250+01:00`: `T`/`t`, `Z`/`z` or a `±HH:MM`
// offset, an optional fraction of any length truncated to milliseconds. Leap seconds (`:60`)
// and out-of-range fields are rejected.
auto ParseTimestamp(std::string_view text) -> std::optional<int64_t>;

// Writes `2026-11-28T08:00:00Z`, or `2026-11-28T08:00:00.250Z` when the milliseconds are not
// zero, into `out` (at least 32 bytes); returns the length. A year outside 0000-9999 (a `due`
// past the time range) is written in the expanded ISO 8601 form, `+010000-01-01T00:00:00Z`.
auto FormatTimestamp(int64_t ms, char* out) -> int;

// Days since the epoch of a civil date, and back (proleptic Gregorian).
auto DaysFromCivil(int64_t year, unsigned month, unsigned day) -> int64_t;

}  // namespace takt::runtime

#endif  // TAKT_RUNTIME_INCLUDE_TAKT_TIMESTAMP_H_
