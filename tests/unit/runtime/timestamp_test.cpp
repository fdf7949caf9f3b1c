#include "takt/timestamp.h"

#include <doctest/doctest.h>

#include <string>

namespace takt::runtime {

static auto Format(int64_t ms) -> std::string {
  char buffer[40];
  return std::string(buffer, static_cast<size_t>(FormatTimestamp(ms, buffer)));
}

TEST_CASE("RFC 3339 timestamps parse to epoch milliseconds") {
  CHECK(ParseTimestamp("1970-01-01T00:00:00Z") == 0);
  CHECK(ParseTimestamp("2026-11-28T08:00:00Z") == 1795852800000);
  CHECK(ParseTimestamp("2026-11-28t08:00:00z") == 1795852800000);
  CHECK(ParseTimestamp("2026-11-28T08:00:00.5Z") == 1795852800500);
  CHECK(ParseTimestamp("2026-11-28T08:00:00.123456Z") == 1795852800123);
  CHECK(ParseTimestamp("2026-11-28T09:00:00+01:00") == 1795852800000);
  CHECK(ParseTimestamp("2026-11-28T07:30:00-00:30") == 1795852800000);
  CHECK(ParseTimestamp("2024-02-29T00:00:00Z") == 1709164800000);
  CHECK(ParseTimestamp("1969-12-31T23:59:59Z") == -1000);
}

TEST_CASE("malformed timestamps are refused") {
  CHECK_FALSE(ParseTimestamp(""));
  CHECK_FALSE(ParseTimestamp("2026-11-28"));
  CHECK_FALSE(ParseTimestamp("2026-11-28T08:00:00"));
  CHECK_FALSE(ParseTimestamp("2026-11-28 08:00:00Z"));
  CHECK_FALSE(ParseTimestamp("2026-13-01T00:00:00Z"));
  CHECK_FALSE(ParseTimestamp("2025-02-29T00:00:00Z"));
  CHECK_FALSE(ParseTimestamp("2026-11-28T24:00:00Z"));
  CHECK_FALSE(ParseTimestamp("2026-11-28T08:00:60Z"));
  CHECK_FALSE(ParseTimestamp("2026-11-28T08:00:00.Z"));
  CHECK_FALSE(ParseTimestamp("2026-11-28T08:00:00+0100"));
  CHECK_FALSE(ParseTimestamp("2026-11-28T08:00:00Zjunk"));
}

TEST_CASE("timestamps format as UTC with milliseconds only when not zero") {
  CHECK(Format(0) == "1970-01-01T00:00:00Z");
  CHECK(Format(1795852800000) == "2026-11-28T08:00:00Z");
  CHECK(Format(1795852800250) == "2026-11-28T08:00:00.250Z");
  CHECK(Format(1795852800007) == "2026-11-28T08:00:00.007Z");
  CHECK(Format(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(Format(1709164800000) == "2024-02-29T00:00:00Z");
}

TEST_CASE("format and parse round-trip") {
  for (int64_t ms = 1700000000000; ms < 1700000000000 + 400LL * 86400000; ms += 86400000LL * 7 + 3601001) {
    CHECK(ParseTimestamp(Format(ms)) == ms);
  }
}

}  // namespace takt::runtime
