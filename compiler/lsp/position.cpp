#include "compiler/lsp/position.h"

#include <algorithm>

namespace takt::lsp {

// The length in bytes of the UTF-8 sequence its lead byte starts; a stray continuation byte or
// an invalid lead counts as one byte, as a decoder replacing it by U+FFFD would.
static auto SequenceLength(unsigned char lead) -> uint32_t {
  if (lead >= 0xF0 && lead <= 0xF4) {
    return 4;
  }
  if (lead >= 0xE0) {
    return lead <= 0xEF ? 3 : 1;
  }
  if (lead >= 0xC2) {
    return 2;
  }
  return 1;
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      line_starts_.push_back(i + 1);
    }
  }
}

auto LineIndex::LineEnd(uint32_t line) const -> uint32_t {
  uint32_t end = line + 1 < line_count() ? line_starts_[line + 1] - 1 : static_cast<uint32_t>(text_.size());
  if (end > line_starts_[line] && text_[end - 1] == '\r') {
    --end;
  }
  return end;
}

auto LineIndex::Offset(Position position) const -> uint32_t {
  if (position.line >= line_count()) {
    return static_cast<uint32_t>(text_.size());
  }
  uint32_t offset = line_starts_[position.line];
  const uint32_t end = LineEnd(position.line);
  uint32_t units = 0;
  while (offset < end) {
    const uint32_t length = std::min(SequenceLength(static_cast<unsigned char>(text_[offset])), end - offset);
    const uint32_t width = length == 4 ? 2 : 1;
    if (units + width > position.character) {
      break;
    }
    units += width;
    offset += length;
  }
  return offset;
}

auto LineIndex::PositionOf(uint32_t offset) const -> Position {
  offset = std::min(offset, static_cast<uint32_t>(text_.size()));
  const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line = static_cast<uint32_t>(after - line_starts_.begin() - 1);
  uint32_t units = 0;
  for (uint32_t i = line_starts_[line]; i < offset;) {
    const uint32_t length = SequenceLength(static_cast<unsigned char>(text_[i]));
    if (i + length > offset) {
      break;
    }
    units += length == 4 ? 2 : 1;
    i += length;
  }
  return {line, units};
}

void ApplyEdit(std::string& text, const Range& range, std::string_view replacement) {
  const LineIndex index(text);
  const uint32_t begin = index.Offset(range.start);
  const uint32_t end = std::max(begin, index.Offset(range.end));
  text.replace(begin, end - begin, replacement);
}

}  // namespace takt::lsp
