// Positions as LSP speaks them and as the compiler does. LSP 3.17 counts a position's character
// in UTF-16 code units (the default `positionEncoding`, the only one every client supports); the
// compiler's spans are byte offsets into UTF-8. `µm`, `°C` and `±` are one UTF-16 unit but two
// bytes, and a character beyond the Basic Multilingual Plane is two units and four bytes, so
// every conversion goes through a LineIndex of the text it speaks about.
#ifndef TAKT_COMPILER_LSP_POSITION_H_
#define TAKT_COMPILER_LSP_POSITION_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace takt::lsp {

// 0-based line and UTF-16 column.
struct Position {
  uint32_t line = 0;
  uint32_t character = 0;
  friend auto operator==(const Position&, const Position&) -> bool = default;
};

struct Range {
  Position start;
  Position end;
  friend auto operator==(const Range&, const Range&) -> bool = default;
};

// The line starts of one text. Lines end at `\n`; a `\r` before it belongs to no column a client
// can address, so positions past the end of a line clamp to before its terminator.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  // The byte offset of `position`; a line past the end clamps to the end of the text, a
  // character past the end of its line to the line's end, and a character inside a surrogate
  // pair to the start of its code point.
  auto Offset(Position position) const -> uint32_t;
  // The position of byte `offset`, which is clamped to the text; an offset inside a multi-byte
  // character counts from the character's start.
  auto PositionOf(uint32_t offset) const -> Position;
  auto RangeOf(uint32_t begin, uint32_t end) const -> Range { return {PositionOf(begin), PositionOf(end)}; }
  auto line_count() const -> uint32_t { return static_cast<uint32_t>(line_starts_.size()); }

 private:
  // The end of line `line`'s content: its `\n` (and a `\r` before it) excluded.
  auto LineEnd(uint32_t line) const -> uint32_t;

  std::string_view text_;
  std::vector<uint32_t> line_starts_;
};

// Replaces `range` of `text` (positions in UTF-16, as in a `textDocument/didChange` content
// change) with `replacement`.
void ApplyEdit(std::string& text, const Range& range, std::string_view replacement);

}  // namespace takt::lsp

#endif  // TAKT_COMPILER_LSP_POSITION_H_
