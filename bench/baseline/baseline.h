// What every hand-written baseline shares: the file mapped into memory, a scanner for flat JSON
// objects, a name table, RFC 3339 formatting and one output buffer. No Takt code: this is what a
// C++ programmer would write to apply one plant's rules to a JSON Lines stream by hand, the
// yardstick issue 15 measures `takt run` against (bench/README.md).
//
// The scanner is hand-rolled, not simdjson: the streams are flat objects of strings, integers and
// decimals, so one pass over the bytes finds every key and value with no tape and no second
// stage; that is the fastest honest reader for this input. It trusts the input to be well-formed
// JSON (the generator's), as a specialised program would: it checks nothing Takt would reject.
#ifndef TAKT_BENCH_BASELINE_BASELINE_H_
#define TAKT_BENCH_BASELINE_BASELINE_H_

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace baseline {

[[noreturn]] inline void Fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "%s: %.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::exit(1);
}

// The whole input file, mapped read-only.
class MappedFile {
 public:
  explicit MappedFile(const char* path) {
    const int fd = open(path, O_RDONLY);
    struct stat info {};
    if (fd < 0 || fstat(fd, &info) != 0) {
      Fail("cannot read", path);
    }
    size_ = static_cast<size_t>(info.st_size);
    if (size_ > 0) {
      void* data = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
      if (data == MAP_FAILED) {
        Fail("cannot map", path);
      }
      data_ = static_cast<const char*>(data);
      madvise(data, size_, MADV_SEQUENTIAL);
    }
    close(fd);
  }
  ~MappedFile() {
    if (data_ != nullptr) {
      munmap(const_cast<char*>(data_), size_);
    }
  }
  MappedFile(const MappedFile&) = delete;
  auto operator=(const MappedFile&) -> MappedFile& = delete;
  [[nodiscard]] auto text() const -> std::string_view { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  size_t size_ = 0;
};

// One value of a flat object: a string's contents (no escapes in these streams) or a number's
// or literal's text.
struct Field {
  std::string_view key;
  std::string_view value;
  bool is_string = false;
};

// Calls `on_field` for each key of the object on one line; `p` is at the line's first byte,
// returns the position after its '\n'.
template <typename OnField>
auto ScanLine(const char* p, const char* end, OnField&& on_field) -> const char* {
  auto skip_space = [&] {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r')) {
      ++p;
    }
  };
  // Names and values are short: a plain loop beats a call to memchr.
  auto string = [&]() -> std::string_view {
    const char* start = ++p;
    while (p < end && *p != '"') {
      ++p;
    }
    if (p == end) {
      Fail("unterminated string", {start, 20});
    }
    return {start, static_cast<size_t>(p++ - start)};
  };
  skip_space();
  if (p < end && *p == '{') {
    ++p;
    for (;;) {
      skip_space();
      if (p >= end || *p == '}') {
        break;
      }
      Field field;
      field.key = string();
      skip_space();
      ++p;  // ':'
      skip_space();
      if (*p == '"') {
        field.value = string();
        field.is_string = true;
      } else {
        const char* start = p;
        while (p < end && *p != ',' && *p != '}' && *p != ' ') {
          ++p;
        }
        field.value = {start, static_cast<size_t>(p - start)};
      }
      on_field(field);
      skip_space();
      if (p < end && *p == ',') {
        ++p;
      }
    }
  }
  while (p < end && *p != '\n') {
    ++p;
  }
  return p == end ? end : p + 1;
}

// A line with no `type`: blank lines are skipped (no event index), anything else is not this
// stream's.
inline void SkipBlank(const char* line, const char* next) {
  const std::string_view text(line, static_cast<size_t>(next - line));
  if (text.find_first_not_of(" \t\r\n") != std::string_view::npos) {
    Fail("a line without a type", text.substr(0, 80));
  }
}

inline auto ParseInt(std::string_view text) -> int64_t {
  int64_t value = 0;
  if (std::from_chars(text.data(), text.data() + text.size(), value).ec != std::errc{}) {
    Fail("not an integer", text);
  }
  return value;
}

inline auto ParseDouble(std::string_view text) -> double {
  double value = 0;
  if (std::from_chars(text.data(), text.data() + text.size(), value).ec != std::errc{}) {
    Fail("not a number", text);
  }
  return value;
}

// Names to indices: open addressing over FNV-1a. Declared names are added once at start;
// entities the stream creates (lots, orders) are added as they appear.
class NameTable {
 public:
  NameTable() : slots_(16, -1) {}
  explicit NameTable(const std::vector<std::string>& names) : NameTable() {
    for (const std::string& name : names) {
      Add(name);
    }
  }
  // The index of `name`, added if new.
  auto Add(std::string_view name) -> uint32_t {
    size_t slot = Slot(name);
    if (slots_[slot] < 0) {
      if ((names_.size() + 1) * 2 > slots_.size()) {
        Grow();
        slot = Slot(name);
      }
      slots_[slot] = static_cast<int32_t>(names_.size());
      names_.emplace_back(name);
    }
    return static_cast<uint32_t>(slots_[slot]);
  }
  [[nodiscard]] auto Find(std::string_view name) const -> uint32_t {
    const int32_t index = slots_[Slot(name)];
    if (index < 0) {
      Fail("unknown name", name);
    }
    return static_cast<uint32_t>(index);
  }
  [[nodiscard]] auto Name(uint32_t index) const -> const std::string& { return names_[index]; }

 private:
  static auto Hash(std::string_view text) -> size_t {
    uint64_t hash = 14695981039346656037ull;
    for (const char c : text) {
      hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    }
    return static_cast<size_t>(hash ^ (hash >> 29));
  }
  // Names are a few bytes: a loop beats a call to memcmp.
  static auto Equal(std::string_view a, std::string_view b) -> bool {
    if (a.size() != b.size()) {
      return false;
    }
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }
  // The slot that holds `name`, or the empty one where it would go.
  [[nodiscard]] auto Slot(std::string_view name) const -> size_t {
    const size_t mask = slots_.size() - 1;
    size_t slot = Hash(name) & mask;
    while (slots_[slot] >= 0 && !Equal(names_[static_cast<size_t>(slots_[slot])], name)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }
  void Grow() {
    slots_.assign(slots_.size() * 2, -1);
    for (size_t i = 0; i < names_.size(); ++i) {
      slots_[Slot(names_[i])] = static_cast<int32_t>(i);
    }
  }
  std::vector<std::string> names_;
  std::vector<int32_t> slots_;
};

// A control's chart: its last 8 points (we4's window), oldest first, and the lowest Western
// Electric rule the newest one fires. Strict inequalities; a rule needs its whole window.
class Chart {
 public:
  void Add(double value) {
    if (count_ == kWindow) {
      std::copy(points_.begin() + 1, points_.end(), points_.begin());
      points_[kWindow - 1] = value;
    } else {
      points_[static_cast<size_t>(count_++)] = value;
    }
  }
  // 1..4 for we1..we4, 0 for none.
  [[nodiscard]] auto Signal(double centre, double sigma) const -> int {
    const double* end = points_.data() + count_;
    if (Beyond(end[-1], centre, sigma, 3) != 0) {
      return 1;
    }
    if (count_ >= 3 && MOfN(end - 3, 3, centre, sigma, 2, 2)) {
      return 2;
    }
    if (count_ >= 5 && MOfN(end - 5, 5, centre, sigma, 1, 4)) {
      return 3;
    }
    if (count_ >= kWindow) {
      bool above = true;
      bool below = true;
      for (const double* x = end - kWindow; x < end; ++x) {
        above = above && *x > centre;
        below = below && *x < centre;
      }
      if (above || below) {
        return 4;
      }
    }
    return 0;
  }

 private:
  static constexpr int kWindow = 8;
  static auto Beyond(double x, double centre, double sigma, double k) -> int {
    if (x > centre + k * sigma) {
      return 1;
    }
    if (x < centre - k * sigma) {
      return -1;
    }
    return 0;
  }
  // `m` of the last `n` points beyond k sigma on the side of the newest, which must be beyond.
  static auto MOfN(const double* last, int n, double centre, double sigma, double k, int m) -> bool {
    const int side = Beyond(last[n - 1], centre, sigma, k);
    if (side == 0) {
      return false;
    }
    int count = 0;
    for (int i = 0; i < n; ++i) {
      count += Beyond(last[i], centre, sigma, k) == side ? 1 : 0;
    }
    return count >= m;
  }
  std::array<double, kWindow> points_{};
  int count_ = 0;
};

// Actions are appended here and written in 1 MB pieces.
class Output {
 public:
  explicit Output(const char* path) : file_(std::fopen(path, "wb")) {
    if (file_ == nullptr) {
      Fail("cannot write", path);
    }
    buffer_.reserve(kFlushAt + 4096);
  }
  ~Output() {
    Flush();
    std::fclose(file_);
  }
  Output(const Output&) = delete;
  auto operator=(const Output&) -> Output& = delete;

  void Put(std::string_view text) { buffer_.append(text); }
  void PutInt(int64_t value) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    buffer_.append(digits, end);
  }
  // RFC 3339 UTC, `.mmm` only when the milliseconds are not zero.
  void PutTime(int64_t ms) {
    int64_t days = ms / 86'400'000;
    int64_t rest = ms % 86'400'000;
    if (rest < 0) {
      rest += 86'400'000;
      --days;
    }
    if (days != cached_day_) {
      cached_day_ = days;
      // Howard Hinnant's civil_from_days.
      const int64_t z = days + 719468;
      const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
      const int64_t doe = z - era * 146097;
      const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
      const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
      const int64_t mp = (5 * doy + 2) / 153;
      const int64_t d = doy - (153 * mp + 2) / 5 + 1;
      const int64_t m = mp < 10 ? mp + 3 : mp - 9;
      const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
      std::snprintf(day_text_, sizeof day_text_, "%04lld-%02lld-%02lldT", static_cast<long long>(y),
                    static_cast<long long>(m), static_cast<long long>(d));
    }
    buffer_.append(day_text_, 11);
    const auto second = rest / 1000;
    const auto milli = rest % 1000;
    char clock[13] = {static_cast<char>('0' + second / 36000), static_cast<char>('0' + second / 3600 % 10), ':',
                      static_cast<char>('0' + second % 3600 / 600), static_cast<char>('0' + second % 600 / 60), ':',
                      static_cast<char>('0' + second % 60 / 10), static_cast<char>('0' + second % 10), '.',
                      static_cast<char>('0' + milli / 100), static_cast<char>('0' + milli / 10 % 10),
                      static_cast<char>('0' + milli % 10), 'Z'};
    if (milli == 0) {
      clock[8] = 'Z';
      buffer_.append(clock, 9);
    } else {
      buffer_.append(clock, 13);
    }
  }
  // `{"t":…,"event":N,"action":"` — the head every action shares.
  void Begin(int64_t t, int64_t event) {
    Put("{\"t\":\"");
    PutTime(t);
    Put("\",\"event\":");
    PutInt(event);
    Put(",\"action\":\"");
  }
  void End() {
    buffer_.append("}\n");
    if (buffer_.size() >= kFlushAt) {
      Flush();
    }
  }

 private:
  static constexpr size_t kFlushAt = 1 << 20;
  void Flush() {
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
      Fail("cannot write", "output");
    }
    buffer_.clear();
  }
  std::FILE* file_;
  std::string buffer_;
  int64_t cached_day_ = INT64_MIN;
  char day_text_[64] = {};
};

}  // namespace baseline

#endif  // TAKT_BENCH_BASELINE_BASELINE_H_
