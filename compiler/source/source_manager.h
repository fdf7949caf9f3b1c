// Owns every source buffer of a compilation and maps byte offsets to line and column.
// Everything upstream of rendering speaks in `Span`s (file id + byte range); line/column are
// computed only when a diagnostic or an action's `src` is rendered, as clang's SourceManager does.
#ifndef TAKT_COMPILER_SOURCE_SOURCE_MANAGER_H_
#define TAKT_COMPILER_SOURCE_SOURCE_MANAGER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace takt::source {

struct FileId {
  uint32_t index = UINT32_MAX;
  auto is_valid() const -> bool { return index != UINT32_MAX; }
  friend auto operator==(FileId, FileId) -> bool = default;
  friend auto operator<=>(FileId, FileId) = default;
};

// A half-open byte range [begin, end) in one file.
struct Span {
  FileId file;
  uint32_t begin = 0;
  uint32_t end = 0;
  auto is_valid() const -> bool { return file.is_valid(); }
  friend auto operator==(const Span&, const Span&) -> bool = default;
  friend auto operator<=>(const Span&, const Span&) = default;
};

// Joins two spans of one file into the smallest span covering both.
auto Cover(Span first, Span last) -> Span;

// How an embedded standard-library file's path starts when shown: `<stdlib>/std/losses.takt`.
inline constexpr std::string_view kStdlibPathPrefix = "<stdlib>/";

// 1-based line and column; columns count Unicode code points, so carets line up under `±`.
struct LineCol {
  uint32_t line = 0;
  uint32_t column = 0;
};

class SourceManager {
 public:
  // `path` is how the file is shown to users (relative when the user gave it so); `stdlib`
  // marks embedded standard-library files, whose paths read `<stdlib>/std/losses.takt`.
  auto AddFile(std::string path, std::string contents, bool is_stdlib = false) -> FileId;

  auto path(FileId file) const -> const std::string& { return files_[file.index]->path; }
  auto contents(FileId file) const -> std::string_view { return files_[file.index]->contents; }
  auto is_stdlib(FileId file) const -> bool { return files_[file.index]->is_stdlib; }
  auto file_count() const -> uint32_t { return static_cast<uint32_t>(files_.size()); }

  auto GetLineCol(FileId file, uint32_t offset) const -> LineCol;
  // The text of the 1-based line, without its line terminator.
  auto GetLineText(FileId file, uint32_t line) const -> std::string_view;
  auto line_count(FileId file) const -> uint32_t;
  // `path:line:col` of the span's start, the form of an action's `src`.
  auto FormatLocation(Span span) const -> std::string;

 private:
  struct File {
    std::string path;
    std::string contents;
    bool is_stdlib = false;
    // Byte offset of the start of each line.
    std::vector<uint32_t> line_starts;
    // Code points in the first k * kCodePointStride bytes, so a column costs at most one
    // stride of counting however long its line (many diagnostics on one long line stay linear).
    std::vector<uint32_t> code_points_before;
  };
  static constexpr uint32_t kCodePointStride = 256;
  // Code points in the first `offset` bytes of `file`.
  static auto CodePointsBefore(const File& file, uint32_t offset) -> uint32_t;
  // Stable addresses: string_views into contents outlive later AddFile calls.
  std::vector<std::unique_ptr<File>> files_;
};

}  // namespace takt::source

#endif  // TAKT_COMPILER_SOURCE_SOURCE_MANAGER_H_
