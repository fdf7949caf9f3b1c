#include "compiler/lsp/workspace.h"

#include <algorithm>

#include "compiler/base/utf8.h"
#include "compiler/check/check.h"
#include "compiler/syntax/parse.h"

namespace takt::lsp {

// A document is below `dir` when its path continues `dir` with a `/`.
static auto IsBelow(const std::string& path, const std::string& dir) -> bool {
  return dir.empty() || (path.size() > dir.size() && path.starts_with(dir) &&
                         (dir.back() == '/' || path[dir.size()] == '/'));
}

auto OverlayFileSystem::ReadFile(const std::string& path, std::string& error) -> std::optional<std::string> {
  if (auto it = documents_.find(path); it != documents_.end()) {
    return it->second.text;
  }
  return disk_.ReadFile(path, error);
}

auto OverlayFileSystem::OpenOutput(const std::string& /*path*/, std::string& error)
    -> std::unique_ptr<base::OutputFile> {
  error = "the language server writes no files";
  return nullptr;
}

auto OverlayFileSystem::IsSameFile(const std::string& output, const std::string& input) -> bool {
  return output == input || disk_.IsSameFile(output, input);
}

auto OverlayFileSystem::IsDirectory(const std::string& path) -> bool {
  return disk_.IsDirectory(path) ||
         std::any_of(documents_.begin(), documents_.end(), [&](const auto& entry) { return IsBelow(entry.first, path); });
}

auto OverlayFileSystem::Exists(const std::string& path) -> bool {
  return documents_.contains(path) || disk_.Exists(path);
}

auto OverlayFileSystem::ListTaktFiles(const std::string& dir, std::vector<base::PathError>& unreadable)
    -> std::vector<std::string> {
  std::vector<std::string> files = disk_.IsDirectory(dir) ? disk_.ListTaktFiles(dir, unreadable) : std::vector<std::string>{};
  for (const auto& [path, document] : documents_) {
    if (IsBelow(path, dir) && path.ends_with(".takt")) {
      files.push_back(path);
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

auto Analysis::FileOf(const std::string& path) const -> std::optional<source::FileId> {
  auto it = file_ids.find(path);
  if (it == file_ids.end()) {
    return std::nullopt;
  }
  return it->second;
}

auto Analysis::LinesOf(source::FileId file) const -> const LineIndex& {
  if (lines_.size() <= file.index) {
    lines_.resize(file.index + 1);
  }
  if (!lines_[file.index]) {
    lines_[file.index] = std::make_unique<LineIndex>(sources.contents(file));
  }
  return *lines_[file.index];
}

void Workspace::SetRoot(std::string root) {
  while (root.size() > 1 && root.back() == '/') {
    root.pop_back();
  }
  root_ = std::move(root);
  Invalidate();
}

void Workspace::Open(const std::string& path, std::string text, int64_t version) {
  documents_[path] = Document{.text = std::move(text), .version = version};
  Invalidate();
}

auto Workspace::Find(const std::string& path) -> Document* {
  auto it = documents_.find(path);
  return it == documents_.end() ? nullptr : &it->second;
}

void Workspace::Close(const std::string& path) {
  documents_.erase(path);
  Invalidate();
}

auto Workspace::Current() -> const Analysis& {
  if (!analysis_) {
    analysis_ = Analyze();
  }
  return *analysis_;
}

auto Workspace::Analyze() -> std::unique_ptr<Analysis> {
  auto analysis = std::make_unique<Analysis>();
  OverlayFileSystem files(disk_, documents_);
  std::vector<base::PathError> unreadable;
  // Without a root (a client that opened a single file), the plant is the open documents.
  std::vector<std::string> paths = files.ListTaktFiles(root_, unreadable);
  for (const base::PathError& entry : unreadable) {
    analysis->diagnostics.Emit(diag::FileNotReadable, source::Span{}, entry.path, entry.reason);
  }
  for (const std::string& path : paths) {
    std::string error;
    std::optional<std::string> contents = files.ReadFile(path, error);
    if (!contents.has_value()) {
      analysis->diagnostics.Emit(diag::FileNotReadable, source::Span{}, path, error);
      continue;
    }
    if (base::FindInvalidUtf8(*contents) != std::string_view::npos) {
      analysis->diagnostics.Emit(diag::NotUtf8, source::Span{}, path);
      continue;
    }
    const source::FileId file = analysis->sources.AddFile(path, std::move(*contents));
    analysis->file_ids[path] = file;
    analysis->files.push_back(syntax::Parse(analysis->sources, file, analysis->diagnostics));
  }
  // As `takt check`: a plant with a syntax error is not checked, one mistake, one diagnostic.
  if (!analysis->diagnostics.has_errors() && !analysis->files.empty()) {
    analysis->plant = check::CheckPlant(analysis->sources, files, analysis->files,
                                        check::Options{.include_dirs = include_dirs_}, analysis->diagnostics);
  }
  analysis->diagnostics.SortByLocation();
  analysis->index = std::make_unique<Index>(analysis->files);
  if (analysis->plant) {
    known_reasons_.clear();
    for (const model::Reason& reason : analysis->plant->reasons) {
      known_reasons_.push_back(reason.name);
    }
  }
  return analysis;
}

}  // namespace takt::lsp
