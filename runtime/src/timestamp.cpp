#include "takt/timestamp.h"

#include <string>

#include "runtime/src/ascii.h"

namespace takt::runtime {

// Howard Hinnant's days_from_civil / civil_from_days: exact for every proleptic Gregorian date.
auto DaysFromCivil(int64_t year, unsigned month, unsigned day) -> int64_t {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

static void CivilFromDays(int64_t days, int64_t& year, unsigned& month, unsigned& day) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
}

static auto IsLeap(int64_t year) -> bool { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

static auto DaysInMonth(int64_t year, unsigned month) -> unsigned {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

// Reads exactly `count` digits at `pos`; false when any is not a digit.
static auto ReadDigits(std::string_view text, size_t pos, size_t count, unsigned& value) -> bool {
  if (pos + count > text.size()) {
    return false;
  }
  value = 0;
  for (size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') {
      return false;
    }
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return true;
}

auto ParseTimestamp(std::string_view text) -> std::optional<int64_t> {
  unsigned year = 0;
  unsigned month = 0;
  unsigned day = 0;
  unsigned hour = 0;
  unsigned minute = 0;
  unsigned second = 0;
  if (!ReadDigits(text, 0, 4, year) || text.size() < 20 || text[4] != '-' || !ReadDigits(text, 5, 2, month) ||
      text[7] != '-' || !ReadDigits(text, 8, 2, day) || (text[10] != 'T' && text[10] != 't') ||
      !ReadDigits(text, 11, 2, hour) || text[13] != ':' || !ReadDigits(text, 14, 2, minute) || text[16] != ':' ||
      !ReadDigits(text, 17, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 ||
      second > 59) {
    return std::nullopt;
  }
  size_t pos = 19;
  int64_t millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const size_t digits_begin = pos;
    int64_t scale = 100;
    while (pos < text.size() && IsAsciiDigit(text[pos])) {
      millis += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == digits_begin) {
      return std::nullopt;
    }
  }
  if (pos >= text.size()) {
    return std::nullopt;
  }
  int64_t offset_minutes = 0;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    unsigned offset_hour = 0;
    unsigned offset_minute = 0;
    if (!ReadDigits(text, pos + 1, 2, offset_hour) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !ReadDigits(text, pos + 4, 2, offset_minute) || offset_hour > 23 || offset_minute > 59) {
      return std::nullopt;
    }
    offset_minutes = (text[pos] == '-' ? -1 : 1) * static_cast<int64_t>(offset_hour * 60 + offset_minute);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) {
    return std::nullopt;
  }
  const int64_t days = DaysFromCivil(year, month, day);
  const int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
  return seconds * 1000 + millis;
}

static void Put2(char* out, unsigned value) {
  out[0] = static_cast<char>('0' + value / 10);
  out[1] = static_cast<char>('0' + value % 10);
}

auto FormatTimestamp(int64_t ms, char* out) -> int {
  int64_t days = ms / 86400000;
  int64_t rest = ms % 86400000;
  if (rest < 0) {
    rest += 86400000;
    --days;
  }
  int64_t year = 0;
  unsigned month = 0;
  unsigned day = 0;
  CivilFromDays(days, year, month, day);
  const auto seconds_of_day = static_cast<unsigned>(rest / 1000);
  const auto millis = static_cast<unsigned>(rest % 1000);
  // Years outside 0000-9999 cannot be written in RFC 3339. Event times never are (the runtime
  // rejects them), but a `due` may lie past 9999: it takes the expanded form of ISO 8601 (and
  // of JavaScript's toISOString), a sign and at least six digits, never a clamped, wrong date.
  int year_length = 4;
  if (year < 0 || year > 9999) {
    year_length = 0;
    out[year_length++] = year < 0 ? '-' : '+';
    const std::string digits = std::to_string(year < 0 ? -year : year);
    for (size_t pad = digits.size(); pad < 6; ++pad) {
      out[year_length++] = '0';
    }
    for (char digit : digits) {
      out[year_length++] = digit;
    }
  } else {
    const auto y = static_cast<unsigned>(year);
    Put2(out, y / 100);
    Put2(out + 2, y % 100);
  }
  // The rest is written as if the year had four digits.
  out += year_length - 4;
  out[4] = '-';
  Put2(out + 5, month);
  out[7] = '-';
  Put2(out + 8, day);
  out[10] = 'T';
  Put2(out + 11, seconds_of_day / 3600);
  out[13] = ':';
  Put2(out + 14, seconds_of_day / 60 % 60);
  out[16] = ':';
  Put2(out + 17, seconds_of_day % 60);
  int length = 19;
  if (millis != 0) {
    out[19] = '.';
    out[20] = static_cast<char>('0' + millis / 100);
    out[21] = static_cast<char>('0' + millis / 10 % 10);
    out[22] = static_cast<char>('0' + millis % 10);
    length = 23;
  }
  out[length++] = 'Z';
  return length + year_length - 4;
}

}  // namespace takt::runtime
