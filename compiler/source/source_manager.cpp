#include "compiler/source/source_manager.h"

#include <algorithm>

#include <fmt/format.h>

#include "compiler/base/utf8.h"

namespace takt::source {

auto Cover(Span first, Span last) -> Span {
  if (!first.is_valid()) {
    return last;
  }
  if (!last.is_valid() || last.file != first.file) {
    return first;
  }
  return Span{.file = first.file,
              .begin = std::min(first.begin, last.begin),
              .end = std::max(first.end, last.end)};
}

auto SourceManager::AddFile(std::string path, std::string contents, bool is_stdlib) -> FileId {
  auto file = std::make_unique<File>();
  file->path = std::move(path);
  file->contents = std::move(contents);
  file->is_stdlib = is_stdlib;
  file->line_starts.push_back(0);
  const std::string& text = file->contents;
  uint32_t code_points = 0;
  for (uint32_t i = 0; i < text.size(); ++i) {
    if (i % kCodePointStride == 0) {
      file->code_points_before.push_back(code_points);
    }
    code_points += base::IsUtf8Continuation(text[i]) ? 0 : 1;
    if (text[i] == '\n') {
      file->line_starts.push_back(i + 1);
    }
  }
  if (text.size() % kCodePointStride == 0) {
    // So that the end of the file, too, has its block.
    file->code_points_before.push_back(code_points);
  }
  files_.push_back(std::move(file));
  return FileId{static_cast<uint32_t>(files_.size() - 1)};
}

auto SourceManager::CodePointsBefore(const File& file, uint32_t offset) -> uint32_t {
  uint32_t block = offset / kCodePointStride;
  uint32_t block_start = block * kCodePointStride;
  return file.code_points_before[block] +
         static_cast<uint32_t>(base::CountCodePoints(
             std::string_view(file.contents).substr(block_start, offset - block_start)));
}

auto SourceManager::GetLineCol(FileId file, uint32_t offset) const -> LineCol {
  const File& f = *files_[file.index];
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(f.contents.size()));
  auto it = std::upper_bound(f.line_starts.begin(), f.line_starts.end(), offset);
  auto line_index = static_cast<uint32_t>(it - f.line_starts.begin() - 1);
  const uint32_t line_start = f.line_starts[line_index];
  const uint32_t before = CodePointsBefore(f, offset) - CodePointsBefore(f, line_start);
  return LineCol{.line = line_index + 1, .column = before + 1};
}

auto SourceManager::line_count(FileId file) const -> uint32_t {
  return static_cast<uint32_t>(files_[file.index]->line_starts.size());
}

auto SourceManager::GetLineText(FileId file, uint32_t line) const -> std::string_view {
  const File& f = *files_[file.index];
  if (line == 0 || line > f.line_starts.size()) {
    return {};
  }
  uint32_t begin = f.line_starts[line - 1];
  uint32_t end = line < f.line_starts.size() ? f.line_starts[line] : f.contents.size();
  std::string_view text(f.contents.data() + begin, end - begin);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

auto SourceManager::FormatLocation(Span span) const -> std::string {
  if (!span.is_valid()) {
    return "<unknown>";
  }
  LineCol lc = GetLineCol(span.file, span.begin);
  return fmt::format("{}:{}:{}", path(span.file), lc.line, lc.column);
}

}  // namespace takt::source
