#include "runtime/src/flat_event.h"

#include <charconv>
#include <cstdint>
#include <string_view>

#include "runtime/src/ascii.h"
#include "runtime/src/event_keys.h"
#include "takt/timestamp.h"

namespace takt::runtime {

namespace {

// The digits of an accepted number: any number of at most this many digits is read exactly by
// both readers (an integer fits int64; a decimal is correctly rounded by std::from_chars as by
// simdjson), so the two cannot disagree.
constexpr int kMaxDigits = 17;

// Blanks inside one line: a flat event is a line, its newline already cut.
auto IsBlankInLine(char c) -> bool { return c == ' ' || c == '\t' || c == '\r'; }

class FlatScanner {
 public:
  FlatScanner(const char* data, size_t length) : p_(data), end_(data + length) {}

  auto Scan(RawEvent& raw) -> bool {
    if (!Take('{')) {
      return false;
    }
    SkipSpace();
    uint32_t present = 0;
    while (true) {
      std::string_view key;
      if (!String(key)) {
        return false;
      }
      SkipSpace();
      if (!Take(':')) {
        return false;
      }
      SkipSpace();
      // Unknown, `x_` and repeated keys are the complete parse's to judge.
      const uint32_t index = kEventKeyIndex.Find(key);
      if (index == TAKT_NONE || ((present >> index) & 1u) != 0 || !Value(kEventKeyJson[index], raw.values[index])) {
        return false;
      }
      present |= 1u << index;
      SkipSpace();
      if (Take('}')) {
        break;
      }
      if (!Take(',')) {
        return false;
      }
      SkipSpace();
    }
    SkipSpace();
    raw.present = present;
    return p_ == end_;
  }

 private:
  auto Take(char c) -> bool {
    if (p_ == end_ || *p_ != c) {
      return false;
    }
    ++p_;
    return true;
  }

  void SkipSpace() {
    while (p_ != end_ && IsBlankInLine(*p_)) {
      ++p_;
    }
  }

  // A string of printable ASCII without `"` or `\`: its text is its bytes, as unescaped.
  auto String(std::string_view& text) -> bool {
    if (!Take('"')) {
      return false;
    }
    const char* begin = p_;
    while (p_ != end_ && *p_ != '"') {
      const auto byte = static_cast<unsigned char>(*p_);
      if (byte < 0x20 || byte > 0x7e || byte == '\\') {
        return false;
      }
      ++p_;
    }
    text = std::string_view(begin, static_cast<size_t>(p_ - begin));
    return Take('"');
  }

  // `-?(0|[1-9][0-9]*)` of at most kMaxDigits digits, not followed by a fraction or exponent.
  auto Integer(int64_t& value) -> bool {
    const bool negative = Take('-');
    const char* digits = p_;
    uint64_t magnitude = 0;  // Wraps, unread, past kMaxDigits.
    while (p_ != end_ && IsAsciiDigit(*p_)) {
      magnitude = magnitude * 10 + static_cast<uint64_t>(*p_ - '0');
      ++p_;
    }
    const auto count = p_ - digits;
    if (count == 0 || count > kMaxDigits || (*digits == '0' && count > 1)) {
      return false;
    }
    if (p_ != end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) {
      return false;
    }
    value = negative ? -static_cast<int64_t>(magnitude) : static_cast<int64_t>(magnitude);
    return true;
  }

  // `-?(0|[1-9][0-9]*)(\.[0-9]+)?` of at most kMaxDigits digits, not zero if negative (`-0`
  // is a sign the complete parse may read otherwise), no exponent.
  auto Number(double& value) -> bool {
    const char* begin = p_;
    const bool negative = Take('-');
    const char* integer = p_;
    while (p_ != end_ && IsAsciiDigit(*p_)) {
      ++p_;
    }
    auto count = p_ - integer;
    if (count == 0 || (*integer == '0' && count > 1)) {
      return false;
    }
    if (Take('.')) {
      const char* fraction = p_;
      while (p_ != end_ && IsAsciiDigit(*p_)) {
        ++p_;
      }
      if (p_ == fraction) {
        return false;
      }
      count += p_ - fraction;
    }
    if (count > kMaxDigits || (p_ != end_ && (*p_ == 'e' || *p_ == 'E'))) {
      return false;
    }
    const auto [stop, error] = std::from_chars(begin, p_, value);
    return error == std::errc() && stop == p_ && !(negative && value == 0);
  }

  auto Value(EventJson json, RawEvent::Value& slot) -> bool {
    std::string_view text;
    switch (json) {
      case EventJson::Time: {
        if (p_ == end_ || *p_ != '"') {
          return Integer(slot.integer);
        }
        if (!String(text)) {
          return false;
        }
        const auto t = ParseTimestamp(text);
        slot.integer = t.value_or(0);
        return t.has_value();
      }
      case EventJson::Number: return Number(slot.number);
      case EventJson::Integer: return Integer(slot.integer);
      case EventJson::String:
        if (!String(text)) {
          return false;
        }
        slot.text = {.data = text.data(), .size = text.size()};
        return true;
      // Arrays and objects of names are rare: the complete parse reads them.
      case EventJson::NameList:
      case EventJson::NameTexts: return false;
    }
    return false;
  }

  const char* p_;
  const char* const end_;
};

}  // namespace

auto ScanFlatEvent(const char* data, size_t length, RawEvent& raw) -> bool {
  return FlatScanner(data, length).Scan(raw);
}

}  // namespace takt::runtime
