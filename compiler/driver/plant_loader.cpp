#include "compiler/driver/plant_loader.h"

#include <set>

#include <fmt/format.h>

#include "compiler/check/check.h"
#include "compiler/syntax/parse.h"

namespace takt::driver {

// The offset of the first byte that is not part of a well-formed UTF-8 sequence (no overlong
// forms, no surrogates, nothing above U+10FFFF), or npos.
static auto FindInvalidUtf8(std::string_view text) -> size_t {
  size_t i = 0;
  while (i < text.size()) {
    auto byte = static_cast<unsigned char>(text[i]);
    size_t length = 0;
    uint32_t min = 0;
    uint32_t code_point = 0;
    if (byte < 0x80) {
      ++i;
      continue;
    }
    if ((byte & 0xE0) == 0xC0) {
      length = 2;
      min = 0x80;
      code_point = byte & 0x1F;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3;
      min = 0x800;
      code_point = byte & 0x0F;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4;
      min = 0x10000;
      code_point = byte & 0x07;
    } else {
      return i;
    }
    if (i + length > text.size()) {
      return i;
    }
    for (size_t k = 1; k < length; ++k) {
      auto continuation = static_cast<unsigned char>(text[i + k]);
      if ((continuation & 0xC0) != 0x80) {
        return i;
      }
      code_point = (code_point << 6) | (continuation & 0x3F);
    }
    if (code_point < min || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

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
      std::vector<std::string> found = env.file_system.ListTaktFiles(path);
      if (found.empty()) {
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
    size_t invalid = FindInvalidUtf8(*contents);
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
