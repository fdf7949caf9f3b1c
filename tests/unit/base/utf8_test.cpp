#include "compiler/base/utf8.h"

#include <doctest/doctest.h>

#include <string_view>

namespace takt::base {
namespace {

TEST_CASE("DecodeUtf8 takes well-formed sequences whole and an invalid byte alone as U+FFFD") {
  struct Case {
    std::string_view text;
    char32_t code_point;
    size_t length;
  };
  const Case cases[] = {
      {"a", 'a', 1},
      {"\xC2\xB1", 0xB1, 2},
      {"\xE2\x84\xA6", 0x2126, 3},
      {"\xF0\x9F\x98\x80", 0x1F600, 4},
      {"\xEF\xBF\xBD", 0xFFFD, 3},
      {"\x80", 0xFFFD, 1},          // stray continuation
      {"\xC0\xAF", 0xFFFD, 1},      // overlong
      {"\xED\xA0\x80", 0xFFFD, 1},  // surrogate
      {"\xE2\x82", 0xFFFD, 1},      // truncated
      {"\xF4\x90\x80\x80", 0xFFFD, 1},  // above U+10FFFF
      {"\xFF", 0xFFFD, 1},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const DecodedCodePoint decoded = DecodeUtf8(c.text, 0);
    CHECK(decoded.code_point == c.code_point);
    CHECK(decoded.length == c.length);
  }
  CHECK(DecodeUtf8("a", 1).code_point == kUtf8End);
  CHECK(DecodeUtf8("a", 1).length == 0);
}

TEST_CASE("FindInvalidUtf8 and CountCodePoints") {
  CHECK(FindInvalidUtf8("plant \xC2\xB5m \xEF\xBF\xBD") == std::string_view::npos);
  CHECK(FindInvalidUtf8("ab\xC0\xAF") == 2);
  CHECK(FindInvalidUtf8("a\xE2\x82") == 1);
  CHECK(CountCodePoints("N\xC2\xB7m") == 3);
  CHECK(CountCodePoints("") == 0);
}

}  // namespace
}  // namespace takt::base
