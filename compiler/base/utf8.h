// The one UTF-8 decoder of the compiler: the lexer (syntax/tokens.cpp), the loader's validity
// check (driver/plant_loader.cpp) and column computation (source/source_manager.cpp) use it, so
// they agree on what a code point is.
#ifndef TAKT_COMPILER_BASE_UTF8_H_
#define TAKT_COMPILER_BASE_UTF8_H_

#include <cstddef>
#include <string_view>

namespace takt::base {

struct DecodedCodePoint {
  // Past the end of the text: kUtf8End, with length 0.
  char32_t code_point;
  size_t length;
};

inline constexpr char32_t kUtf8End = 0xFFFFFFFF;
inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// The code point at byte `at` and its length in bytes. A byte that does not start a well-formed
// sequence (overlong, surrogate, above U+10FFFF, truncated, stray continuation) is U+FFFD on its
// own, with length 1: decoding never fails and always moves on.
auto DecodeUtf8(std::string_view text, size_t at) -> DecodedCodePoint;

// The offset of the first byte that is not part of a well-formed sequence, or npos.
auto FindInvalidUtf8(std::string_view text) -> size_t;

constexpr auto IsUtf8Continuation(char c) -> bool {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The code points of well-formed `text`: the bytes that are not continuation bytes.
auto CountCodePoints(std::string_view text) -> size_t;

}  // namespace takt::base

#endif  // TAKT_COMPILER_BASE_UTF8_H_
