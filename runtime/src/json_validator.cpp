#include "runtime/src/json_validator.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "runtime/src/ascii.h"

namespace takt::runtime {

namespace {

auto IsSpace(char c) -> bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

auto HexValue(char c) -> int {
  if (IsAsciiDigit(c)) {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

class Validator {
 public:
  explicit Validator(std::string_view text) : text_(text) {}

  auto Run(std::string& error) -> bool {
    // Expect a value; after it, a separator or the end of its container.
    SkipSpace();
    if (!Value()) {
      return Fail(error);
    }
    while (true) {
      SkipSpace();
      if (open_.empty()) {
        if (pos_ != text_.size()) {
          problem_ = "trailing content after the value";
          return Fail(error);
        }
        return true;
      }
      const char close = open_.back() == '{' ? '}' : ']';
      if (pos_ < text_.size() && text_[pos_] == close) {
        ++pos_;
        open_.pop_back();
        continue;
      }
      if (pos_ >= text_.size() || text_[pos_] != ',') {
        problem_ = fmt::format("expected `,` or `{}`", close);
        return Fail(error);
      }
      ++pos_;
      SkipSpace();
      if (open_.back() == '{' && !Member()) {
        return Fail(error);
      }
      if (!Value()) {
        return Fail(error);
      }
    }
  }

 private:
  auto Fail(std::string& error) const -> bool {
    const std::string_view prefix = out_of_range_ ? "" : "invalid JSON: ";
    error = pos_ < text_.size() ? fmt::format("{}{} at byte {}", prefix, problem_, pos_ + 1)
                                : fmt::format("{}{} at the end of the line", prefix, problem_);
    return false;
  }

  void SkipSpace() {
    while (pos_ < text_.size() && IsSpace(text_[pos_])) {
      ++pos_;
    }
  }

  // A key and its colon, then whitespace.
  auto Member() -> bool {
    if (pos_ >= text_.size() || text_[pos_] != '"') {
      problem_ = "expected a string key";
      return false;
    }
    if (!String()) {
      return false;
    }
    SkipSpace();
    if (pos_ >= text_.size() || text_[pos_] != ':') {
      problem_ = "expected `:` after a key";
      return false;
    }
    ++pos_;
    SkipSpace();
    return true;
  }

  // One value. A non-empty container is opened and left on the stack, and its first element is
  // read in the same loop: no recursion, whatever the nesting.
  auto Value() -> bool {
    while (true) {
      if (pos_ >= text_.size()) {
        problem_ = "expected a value";
        return false;
      }
      const char c = text_[pos_];
      if (c != '{' && c != '[') {
        return Scalar(c);
      }
      ++pos_;
      SkipSpace();
      if (pos_ < text_.size() && text_[pos_] == (c == '{' ? '}' : ']')) {
        ++pos_;
        return true;
      }
      open_.push_back(c);
      if (c == '{' && !Member()) {
        return false;
      }
    }
  }

  auto Scalar(char c) -> bool {
    if (c == '"') {
      return String();
    }
    if (c == '-' || IsAsciiDigit(c)) {
      size_t end = pos_;
      while (end < text_.size() && (IsAsciiDigit(text_[end]) || text_[end] == '-' || text_[end] == '+' ||
                                    text_[end] == '.' || text_[end] == 'e' || text_[end] == 'E')) {
        ++end;
      }
      const std::string_view token = text_.substr(pos_, end - pos_);
      if (ClassifyNumber(token) == NumberSyntax::Invalid) {
        problem_ = fmt::format("malformed number `{}`", token);
        return false;
      }
      // RFC 8259 lets a parser limit numbers; the runtime's limit is a finite double, as for
      // the numbers it reads (and as common parsers, nlohmann's among them, do).
      if (std::isinf(std::strtod(std::string(token).c_str(), nullptr))) {
        out_of_range_ = true;
        problem_ = fmt::format("number `{}` is out of range", token);
        return false;
      }
      pos_ = end;
      return true;
    }
    for (std::string_view literal : {"true", "false", "null"}) {
      if (text_.substr(pos_, literal.size()) == literal) {
        pos_ += literal.size();
        return true;
      }
    }
    problem_ = "expected a value";
    return false;
  }

  // Reads four hex digits after `\u` at pos_ (which points at the `u`).
  auto CodeUnit(uint32_t& unit) -> bool {
    if (pos_ + 5 > text_.size()) {
      problem_ = "incomplete `\\u` escape";
      return false;
    }
    unit = 0;
    for (size_t i = 1; i <= 4; ++i) {
      const int digit = HexValue(text_[pos_ + i]);
      if (digit < 0) {
        problem_ = "`\\u` escape without four hex digits";
        return false;
      }
      unit = unit * 16 + static_cast<uint32_t>(digit);
    }
    pos_ += 5;
    return true;
  }

  auto String() -> bool {
    ++pos_;
    size_t escape_begin = 0;
    while (pos_ < text_.size()) {
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) {
        problem_ = "unescaped control character in a string";
        return false;
      }
      if (c != '\\') {
        ++pos_;
        continue;
      }
      ++pos_;
      if (pos_ >= text_.size()) {
        break;
      }
      escape_begin = pos_ - 1;
      const char escape = text_[pos_];
      if (escape != 'u') {
        if (std::string_view("\"\\/bfnrt").find(escape) == std::string_view::npos) {
          problem_ = fmt::format("invalid escape `\\{}`", escape);
          --pos_;
          return false;
        }
        ++pos_;
        continue;
      }
      uint32_t unit = 0;
      if (!CodeUnit(unit)) {
        return false;
      }
      if (unit >= 0xdc00 && unit <= 0xdfff) {
        problem_ = "lone low surrogate in a `\\u` escape";
        pos_ = escape_begin;
        return false;
      }
      if (unit >= 0xd800 && unit <= 0xdbff) {
        uint32_t low = 0;
        if (text_.substr(pos_, 2) != "\\u" || (++pos_, !CodeUnit(low)) || low < 0xdc00 || low > 0xdfff) {
          problem_ = "lone high surrogate in a `\\u` escape";
          pos_ = escape_begin;
          return false;
        }
      }
    }
    problem_ = "unterminated string";
    return false;
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::vector<char> open_;  // `{` and `[` of the containers not closed yet.
  std::string problem_;
  bool out_of_range_ = false;  // Valid JSON, past the runtime's limit for numbers.
};

}  // namespace

auto ClassifyNumber(std::string_view token) -> NumberSyntax {
  size_t pos = 0;
  auto digits = [&] {
    const size_t begin = pos;
    while (pos < token.size() && IsAsciiDigit(token[pos])) {
      ++pos;
    }
    return pos > begin;
  };
  if (pos < token.size() && token[pos] == '-') {
    ++pos;
  }
  if (pos < token.size() && token[pos] == '0') {
    ++pos;
  } else if (!digits()) {
    return NumberSyntax::Invalid;
  }
  bool real = false;
  if (pos < token.size() && token[pos] == '.') {
    ++pos;
    if (!digits()) {
      return NumberSyntax::Invalid;
    }
    real = true;
  }
  if (pos < token.size() && (token[pos] == 'e' || token[pos] == 'E')) {
    ++pos;
    if (pos < token.size() && (token[pos] == '+' || token[pos] == '-')) {
      ++pos;
    }
    if (!digits()) {
      return NumberSyntax::Invalid;
    }
    real = true;
  }
  if (pos != token.size()) {
    return NumberSyntax::Invalid;
  }
  return real ? NumberSyntax::Real : NumberSyntax::Integer;
}

auto ValidateJson(std::string_view text, std::string& error) -> bool {
  Validator validator(text);
  return validator.Run(error);
}

}  // namespace takt::runtime
