#include "compiler/lsp/position.h"

#include <doctest/doctest.h>

namespace takt::lsp {
namespace {

TEST_CASE("UTF-16 positions and byte offsets agree on multi-byte characters") {
  // `µ`, `°` and `±` are two bytes and one UTF-16 unit; `𝜎` (U+1D70E) is four bytes and two units.
  const std::string text = "spec 8 ± 0.5 µm\nmax 60 °C\n𝜎 x\n";
  const LineIndex index(text);
  CHECK(index.Offset({0, 7}) == 7);    // `±`
  CHECK(index.Offset({0, 8}) == 9);    // the space after it
  CHECK(index.Offset({0, 13}) == 14);  // `µ`
  CHECK(index.Offset({0, 14}) == 16);  // `m`
  CHECK(index.Offset({1, 7}) == 25);   // `°`
  CHECK(index.Offset({1, 8}) == 27);   // `C`
  CHECK(index.Offset({2, 2}) == 33);   // after the surrogate pair
  CHECK(index.Offset({2, 1}) == 29);   // inside it: the pair's start
  CHECK(index.PositionOf(9) == Position{0, 8});
  CHECK(index.PositionOf(16) == Position{0, 14});
  CHECK(index.PositionOf(27) == Position{1, 8});
  CHECK(index.PositionOf(33) == Position{2, 2});
  CHECK(index.PositionOf(31) == Position{2, 0});  // inside `𝜎`: counts from its start
  for (uint32_t offset : {0u, 7u, 9u, 14u, 16u, 17u, 25u, 27u, 29u, 33u, 35u}) {
    CAPTURE(offset);
    CHECK(index.Offset(index.PositionOf(offset)) == offset);
  }
}

TEST_CASE("positions past a line or the text clamp") {
  const std::string text = "ab\r\ncd";
  const LineIndex index(text);
  CHECK(index.line_count() == 2);
  CHECK(index.Offset({0, 99}) == 2);  // before `\r\n`
  CHECK(index.Offset({1, 99}) == 6);
  CHECK(index.Offset({7, 0}) == 6);
  CHECK(index.PositionOf(99) == Position{1, 2});
}

TEST_CASE("incremental edits replace UTF-16 ranges") {
  std::string text = "  spec 8.00 ± 0.05\n  measure d in mm\n";
  ApplyEdit(text, {{0, 14}, {0, 18}}, "0.06");
  CHECK(text == "  spec 8.00 ± 0.06\n  measure d in mm\n");
  ApplyEdit(text, {{1, 16}, {1, 16}}, "\xC2\xB5");  // insert `µ` before `m`
  CHECK(text == "  spec 8.00 ± 0.06\n  measure d in mµm\n");
  ApplyEdit(text, {{1, 17}, {1, 18}}, "");  // the `m` after `µ`
  CHECK(text == "  spec 8.00 ± 0.06\n  measure d in mµ\n");
  ApplyEdit(text, {{0, 2}, {1, 2}}, "");  // across a line break
  CHECK(text == "  measure d in mµ\n");
  ApplyEdit(text, {{1, 0}, {1, 0}}, "  class SC\n");  // at the end
  CHECK(text == "  measure d in mµ\n  class SC\n");
  ApplyEdit(text, {{1, 5}, {0, 3}}, "X");  // a reversed range inserts at its start
  CHECK(text == "  measure d in mµ\n  claXss SC\n");
}

}  // namespace
}  // namespace takt::lsp
