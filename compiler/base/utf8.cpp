#include "compiler/base/utf8.h"

#include <algorithm>

namespace takt::base {

auto DecodeUtf8(std::string_view text, size_t at) -> DecodedCodePoint {
  if (at >= text.size()) {
    return {.code_point = kUtf8End, .length = 0};
  }
  const auto lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80) {
    return {.code_point = lead, .length = 1};
  }
  constexpr DecodedCodePoint kInvalid{.code_point = kReplacementCharacter, .length = 1};
  size_t extra = 0;
  char32_t value = 0;
  char32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    extra = 1;
    value = lead & 0x1F;
    minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2;
    value = lead & 0x0F;
    minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3;
    value = lead & 0x07;
    minimum = 0x10000;
  }
  // The sequence must fit in the text: its last byte is at `at + extra`.
  if (extra == 0 || at + extra >= text.size()) {
    return kInvalid;
  }
  for (size_t k = 1; k <= extra; ++k) {
    const auto next = static_cast<unsigned char>(text[at + k]);
    if ((next & 0xC0) != 0x80) {
      return kInvalid;
    }
    value = (value << 6) | (next & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return kInvalid;
  }
  return {.code_point = value, .length = extra + 1};
}

auto FindInvalidUtf8(std::string_view text) -> size_t {
  size_t at = 0;
  while (at < text.size()) {
    const DecodedCodePoint decoded = DecodeUtf8(text, at);
    // A well-formed U+FFFD is three bytes long; one byte decoded as U+FFFD is an error.
    if (decoded.code_point == kReplacementCharacter && decoded.length == 1) {
      return at;
    }
    at += decoded.length;
  }
  return std::string_view::npos;
}

auto CountCodePoints(std::string_view text) -> size_t {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) { return !IsUtf8Continuation(c); }));
}

}  // namespace takt::base
