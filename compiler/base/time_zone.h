// The tz database (Debian's `tzdata` in /usr/share/zoneinfo, read through Howard Hinnant's date
// library): the one place the compiler looks time zones up, so that `check/` (is the plant's
// `timezone` a zone?), `interp/` and `lower/` (its offsets) read the same database. What plant
// time means is written twice on purpose, once per road (interp/plant_time.cpp,
// lower/plant_time.cpp), and the differential tests compare them.
#ifndef TAKT_COMPILER_BASE_TIME_ZONE_H_
#define TAKT_COMPILER_BASE_TIME_ZONE_H_

#include <date/tz.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace takt::base {

// The zone named `name` (a tz database name or link: `Europe/Lisbon`, `UTC`), or null when the
// database has no such zone or cannot be read.
auto FindTimeZone(std::string_view name) -> const date::time_zone*;

// Every zone and link name of the database, sorted; empty when it cannot be read.
auto TimeZoneNames() -> std::vector<std::string>;

// The database's release (`2025b`), or `unknown`: executors record it (docs/runtime.md, "Plant
// time"), because the same plant can mean other instants under another release.
auto TzdbVersion() -> std::string;

// Plant time follows the database's transitions up to 2100-01-01T00:00:00Z; later instants keep
// the offset in force then. Native executors embed the transitions as a table (one or two a
// year), and this bounds it; the interpreter applies the same bound (docs/runtime.md).
inline constexpr int64_t kPlantTimeEndMs = 4'102'444'800'000;

}  // namespace takt::base

#endif  // TAKT_COMPILER_BASE_TIME_ZONE_H_
