#include "compiler/driver/plant_loader.h"

#include <algorithm>
#include <filesystem>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "compiler/base/utf8.h"
#include "compiler/check/check.h"
#include "compiler/syntax/parse.h"

namespace takt::driver {

static auto LineAndByteColumn(std::string_view text, size_t offset) -> std::pair<size_t, size_t> {
  size_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, offset - line_start + 1};
}

auto CheckUtf8(std::string_view path, std::string_view contents, diagnostics::Diagnostics& diagnostics) -> bool {
  const size_t invalid = base::FindInvalidUtf8(contents);
  if (invalid == std::string_view::npos) {
    return true;
  }
  auto [line, column] = LineAndByteColumn(contents, invalid);
  diagnostics.Emit(diag::NotUtf8, source::Span{}, std::string(path))
      .Note(fmt::format("the first invalid byte is 0x{:02X} at line {}, byte {} of the line",
                        static_cast<unsigned char>(contents[invalid]), line, column))
      .Help("save the file as UTF-8");
  return false;
}

auto LoadPlantFiles(DriverEnv& env, std::span<const std::string> paths,
                    source::SourceManager& sources, std::vector<source::FileId>& files,
                    diagnostics::Diagnostics& diagnostics) -> bool {
  bool ok = true;
  std::vector<std::string> file_paths;
  for (const std::string& path : paths) {
    if (env.file_system.IsDirectory(path)) {
      std::vector<base::PathError> unreadable;
      std::vector<std::string> found = env.file_system.ListTaktFiles(path, unreadable);
      for (const base::PathError& entry : unreadable) {
        diagnostics.Emit(diag::FileNotReadable, source::Span{}, entry.path, entry.reason);
        ok = false;
      }
      if (found.empty() && unreadable.empty()) {
        diagnostics.Emit(diag::NoInputFiles, source::Span{}, path);
        ok = false;
      }
      file_paths.insert(file_paths.end(), found.begin(), found.end());
    } else {
      file_paths.push_back(path);
    }
  }
  // The plant is the set of its files, whatever order they were named in: sorted by their
  // lexically normal path, the model, the executor and the order of simultaneous actions are
  // the same for `takt build a.takt b.takt` and `takt build b.takt a.takt`. A file named twice
  // (`takt check plant.takt .`) is one file of the plant, not a duplicate declaration of
  // everything in it.
  std::vector<std::pair<std::string, std::string>> by_normal;
  by_normal.reserve(file_paths.size());
  for (std::string& path : file_paths) {
    by_normal.emplace_back(std::filesystem::path(path).lexically_normal().generic_string(), std::move(path));
  }
  // Of the spellings of one file, the shortest is shown (`a.takt` rather than `./a.takt`).
  std::sort(by_normal.begin(), by_normal.end(), [](const auto& a, const auto& b) {
    return std::tuple(a.first, a.second.size(), a.second) < std::tuple(b.first, b.second.size(), b.second);
  });
  by_normal.erase(std::unique(by_normal.begin(), by_normal.end(),
                              [](const auto& a, const auto& b) { return a.first == b.first; }),
                  by_normal.end());
  for (const auto& [normal, path] : by_normal) {
    std::string error;
    std::optional<std::string> contents = env.file_system.ReadFile(path, error);
    if (!contents.has_value()) {
      diagnostics.Emit(diag::FileNotReadable, source::Span{}, path, error);
      ok = false;
      continue;
    }
    if (!CheckUtf8(path, *contents, diagnostics)) {
      ok = false;
      continue;
    }
    files.push_back(sources.AddFile(path, std::move(*contents)));
  }
  return ok;
}

auto LoadCheckedPlant(DriverEnv& env, std::span<const std::string> paths, const std::vector<std::string>& include_dirs,
                      const DiagnosticsOptions& options, std::string_view action, source::SourceManager& sources)
    -> LoadedPlant {
  LoadedPlant loaded;
  diagnostics::Diagnostics diagnostics;
  std::vector<source::FileId> files;
  if (!LoadPlantFiles(env, paths, sources, files, diagnostics)) {
    ReportDiagnostics(env, options, sources, diagnostics, action);
    loaded.exit_code = kExitUsage;
    return loaded;
  }
  std::vector<ast::File> asts;
  asts.reserve(files.size());
  for (source::FileId file : files) {
    asts.push_back(syntax::Parse(sources, file, diagnostics));
  }
  // A plant with a syntax error is not checked: one mistake, one diagnostic.
  if (!diagnostics.has_errors()) {
    loaded.plant =
        check::CheckPlant(sources, env.file_system, asts, check::Options{.include_dirs = include_dirs}, diagnostics);
  }
  ReportDiagnostics(env, options, sources, diagnostics, action);
  if (diagnostics.has_errors() || !loaded.plant) {
    loaded.plant.reset();
    loaded.exit_code = kExitErrors;
  }
  return loaded;
}

}  // namespace takt::driver
