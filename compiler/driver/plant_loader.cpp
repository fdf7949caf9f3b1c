#include "compiler/driver/plant_loader.h"

#include <set>

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
  // A file named twice (`takt check plant.takt .`) is one file of the plant, not a duplicate
  // declaration of everything in it.
  std::set<std::string> seen;
  for (const std::string& path : file_paths) {
    std::string normalized = path.starts_with("./") ? path.substr(2) : path;
    if (!seen.insert(normalized).second) {
      continue;
    }
    std::string error;
    std::optional<std::string> contents = env.file_system.ReadFile(path, error);
    if (!contents.has_value()) {
      diagnostics.Emit(diag::FileNotReadable, source::Span{}, path, error);
      ok = false;
      continue;
    }
    size_t invalid = base::FindInvalidUtf8(*contents);
    if (invalid != std::string_view::npos) {
      auto [line, column] = LineAndByteColumn(*contents, invalid);
      diagnostics.Emit(diag::NotUtf8, source::Span{}, path)
          .Note(fmt::format("the first invalid byte is 0x{:02X} at line {}, byte {} of the line",
                            static_cast<unsigned char>((*contents)[invalid]), line, column))
          .Help("save the file as UTF-8");
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
