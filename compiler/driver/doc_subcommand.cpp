#include "compiler/driver/doc_subcommand.h"

#include <filesystem>
#include <memory>

#include "compiler/doc/doc.h"
#include "compiler/driver/outputs.h"
#include "compiler/driver/plant_loader.h"
#include "compiler/driver/svg_renderer.h"

namespace takt::driver {

namespace {

// What the site directory must not be: a plant path given on the command line, or the directory
// of one of the plant's files (writing the site among the sources mixes product and input).
auto InputDirectories(std::span<const std::string> paths, std::span<const std::string> files)
    -> std::vector<std::string> {
  std::vector<std::string> inputs(paths.begin(), paths.end());
  for (const std::string& file : files) {
    const std::string parent = std::filesystem::path(file).parent_path().string();
    inputs.push_back(parent.empty() ? "." : parent);
  }
  return inputs;
}

}  // namespace

void DocSubcommand::DeclareOptions(ArgParser& parser) {
  parser.SetPositionals("PLANT", "the plant's `.takt` files or directories, searched recursively (default: .)",
                        &paths_);
  parser.AddRepeated('o', "output", "DIR", "write the site into DIR (created if missing; required)", &outputs_);
  parser.AddOption("graphs", "HOW",
                   "draw graphs as SVG with graphviz (`svg`), show their DOT text (`dot`), or SVG when graphviz "
                   "is installed (`auto`)",
                   &graphs_, {"auto", "svg", "dot"});
  parser.AddRepeated('I', "include", "DIR", "search DIR for library modules (repeatable)", &include_dirs_);
}

auto DocSubcommand::Run(DriverEnv& env) -> int {
  if (outputs_.size() > 1) {
    return ReportUsageError(env, DiagnosticsOptions{}, "takt doc", diag::OptionRepeated, "-o");
  }
  if (outputs_.empty()) {
    return ReportUsageError(env, DiagnosticsOptions{}, "takt doc", diag::MissingOption, "-o DIR");
  }
  if (paths_.empty()) {
    paths_.push_back(".");
  }
  const std::string& dir = outputs_[0];
  source::SourceManager sources;
  LoadedPlant loaded = LoadCheckedPlant(env, paths_, include_dirs_, DiagnosticsOptions{}, "document", sources);
  if (!loaded.plant) {
    return loaded.exit_code;
  }
  if (!CheckOutputIsNotInput(env, DiagnosticsOptions{}, dir, InputDirectories(paths_, SourcePaths(sources)))) {
    return kExitUsage;
  }
  // The first graphviz failure; with `auto`, a missing graphviz is none: the pages show DOT.
  SvgDrawing failure;
  doc::SvgRenderer render_svg;
  if (graphs_ != "dot") {
    render_svg = [&](const std::string& dot) -> std::optional<std::string> {
      SvgDrawing drawing = RenderSvg(dot);
      if (drawing.exit_code == kExitOk) {
        return std::move(drawing.svg);
      }
      if (failure.exit_code == kExitOk && !(graphs_ == "auto" && drawing.exit_code == kExitUsage)) {
        failure = std::move(drawing);
      }
      return std::nullopt;
    };
  }
  std::vector<doc::SiteFile> site = doc::RenderSite(*loaded.plant, render_svg);
  if (failure.exit_code != kExitOk) {
    return ReportCommandError(env, DiagnosticsOptions{}, failure.error, failure.exit_code);
  }
  std::string error;
  if (!env.file_system.CreateDirectories(dir, error)) {
    return ReportCommandError(env, DiagnosticsOptions{}, kExitUsage, diag::CannotWrite, dir, error);
  }
  // Every page is written to its temporary file before the first is committed, so the pages
  // are renamed in one short run at the end; a full disk fails the first commit and leaves the
  // previous site whole.
  std::vector<std::unique_ptr<base::OutputFile>> files;
  for (const doc::SiteFile& page : site) {
    const std::string path = (std::filesystem::path(dir) / page.name).string();
    files.push_back(env.file_system.OpenOutput(path, error));
    if (!files.back()) {
      return ReportCommandError(env, DiagnosticsOptions{}, kExitUsage, diag::CannotWrite, path, error);
    }
    files.back()->Write(page.html);
  }
  for (size_t i = 0; i < files.size(); ++i) {
    if (!files[i]->Commit(error)) {
      return ReportCommandError(env, DiagnosticsOptions{}, kExitUsage, diag::CannotWrite,
                                (std::filesystem::path(dir) / site[i].name).string(), error);
    }
  }
  return kExitOk;
}

}  // namespace takt::driver
