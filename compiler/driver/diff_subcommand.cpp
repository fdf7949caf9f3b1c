#include "compiler/driver/diff_subcommand.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include <fmt/format.h>

#include "compiler/diff/diff.h"
#include "compiler/driver/plant_loader.h"
#include "compiler/driver/subprocess.h"

namespace takt::driver {

void DiffSubcommand::DeclareOptions(ArgParser& parser) {
  parser.SetPositionals("PATHS",
                        "OLD NEW (each a plant directory or `.takt` file); with --git, the working-tree "
                        "paths to compare (default: .)",
                        &paths_);
  parser.AddOption("git", "REV", "compare the working tree's PATHS against their version at git revision REV",
                   &git_rev_);
  parser.AddOption("format", "FORMAT", "output format; `markdown` suits a pull-request comment",
                   &format_, {"text", "json", "markdown"});
  parser.AddRepeated('I', "include", "DIR", "search DIR for library modules (repeatable)", &include_dirs_);
}

// Splits `git` output into lines.
static auto Lines(const std::string& text) -> std::vector<std::string> {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    if (end > start) {
      lines.push_back(text.substr(start, end - start));
    }
    start = end + 1;
  }
  return lines;
}

// Reads REV's version of `paths` into `old_files` under the names `REV:path`, so diagnostics
// about the old version say which revision they are about. False after printing an error.
static auto ReadRevision(DriverEnv& env, const std::string& rev, const std::vector<std::string>& paths,
                         base::InMemoryFileSystem& old_files, std::vector<std::string>& old_paths) -> bool {
  for (const std::string& given : paths) {
    // git reads `REV:./path` and pathspecs relative to the current directory, not absolute.
    std::error_code ignored;
    const std::string path = std::filesystem::path(given).is_absolute()
                                 ? std::filesystem::relative(given, std::filesystem::current_path(ignored), ignored).string()
                                 : given;
    std::vector<std::string> files;
    if (path.ends_with(".takt")) {
      files.push_back(path);
    } else {
      ProcessResult listed =
          RunProcess({"git", "ls-tree", "-r", "--name-only", "--end-of-options", rev, "--", path}, "");
      if (!listed.started || listed.exit_code != 0) {
        ReportCommandError(env, DiagnosticsOptions{}, kExitUsage, diag::GitListFailed, path, rev,
                           FailureText(listed));
        return false;
      }
      for (const std::string& file : Lines(listed.out)) {
        if (file.ends_with(".takt")) {
          files.push_back(file);
        }
      }
    }
    for (const std::string& file : files) {
      // `./` makes git read the path relative to the current directory, as the user gave it.
      std::string spec = rev + ":" + (file.starts_with("./") ? file : "./" + file);
      ProcessResult shown = RunProcess({"git", "show", "--end-of-options", spec}, "");
      if (!shown.started || shown.exit_code != 0) {
        ReportCommandError(env, DiagnosticsOptions{}, kExitUsage, diag::GitShowFailed, file, rev,
                           FailureText(shown));
        return false;
      }
      std::string name = rev + ":" + file;
      old_files.Add(name, std::move(shown.out));
      old_paths.push_back(name);
    }
  }
  if (old_paths.empty()) {
    ReportCommandError(env, DiagnosticsOptions{}, kExitUsage, diag::NoInputFilesAtRevision, rev);
    return false;
  }
  return true;
}

auto DiffSubcommand::Run(DriverEnv& env) -> int {
  std::vector<std::string> old_paths;
  std::vector<std::string> new_paths;
  base::InMemoryFileSystem old_files;
  const bool from_git = !git_rev_.empty();
  if (from_git) {
    // Git would read a REV such as `--output=FILE` as an option (and write FILE): refused here,
    // and every git command line below ends its options before REV as a second guard.
    if (git_rev_.starts_with('-')) {
      diagnostics::Diagnostics error;
      error.Emit(diag::GitRevisionIsOption, source::Span{}, git_rev_)
          .Note("git would read it as an option, not as a revision");
      return ReportUsageError(env, DiagnosticsOptions{}, "takt diff", std::move(error));
    }
    new_paths = paths_.empty() ? std::vector<std::string>{"."} : paths_;
    if (!ReadRevision(env, git_rev_, new_paths, old_files, old_paths)) {
      return kExitUsage;
    }
  } else {
    if (paths_.size() != 2) {
      diagnostics::Diagnostics error;
      error
          .Emit(diag::DiffPathCount, source::Span{},
                fmt::format("{} path{}", paths_.size(), paths_.size() == 1 ? "" : "s"))
          .Help("or compare against a git revision: `takt diff --git HEAD PATHS`");
      return ReportUsageError(env, DiagnosticsOptions{}, "takt diff", std::move(error));
    }
    old_paths = {paths_[0]};
    new_paths = {paths_[1]};
  }
  // Warnings about either version (an unused role) are not what a diff is asked for: the plants
  // are loaded quietly, and a version that does not check is loaded again to show its errors.
  const DiagnosticsOptions diagnostics_options;
  std::ostringstream discarded;
  auto load = [&](DriverEnv& side_env, const std::vector<std::string>& paths, source::SourceManager& sources) {
    DriverEnv quiet{.file_system = side_env.file_system,
                    .out = side_env.out,
                    .err = discarded,
                    .in = side_env.in,
                    .color = false};
    LoadedPlant loaded = LoadCheckedPlant(quiet, paths, include_dirs_, diagnostics_options, "diff", sources);
    if (!loaded.plant) {
      source::SourceManager fresh;
      loaded = LoadCheckedPlant(side_env, paths, include_dirs_, diagnostics_options, "diff", fresh);
    }
    return loaded;
  };
  source::SourceManager old_sources;
  DriverEnv old_env{.file_system = from_git ? static_cast<base::FileSystem&>(old_files) : env.file_system,
                    .out = env.out,
                    .err = env.err,
                    .in = env.in,
                    .color = env.color};
  LoadedPlant before = load(old_env, old_paths, old_sources);
  source::SourceManager new_sources;
  LoadedPlant after = load(env, new_paths, new_sources);
  if (!before.plant || !after.plant) {
    return std::max(before.plant ? kExitOk : before.exit_code, after.plant ? kExitOk : after.exit_code);
  }
  const diff::PlantDiff result = diff::DiffPlants(*before.plant, *after.plant);
  if (format_ == "json") {
    env.out << diff::RenderJson(result);
  } else if (format_ == "markdown") {
    env.out << diff::RenderMarkdown(result);
  } else {
    env.out << diff::RenderText(result);
  }
  return kExitOk;
}

}  // namespace takt::driver
