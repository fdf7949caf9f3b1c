#include "compiler/driver/run_subcommand.h"

#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <ostream>

#include "compiler/driver/executor_metadata.h"
#include "compiler/driver/native_executor.h"
#include "compiler/driver/outputs.h"
#include "compiler/driver/plant_loader.h"
#include "compiler/interp/interp.h"
#include "takt/loader.h"
#include "takt/names.h"
#include "takt/session.h"
#include "takt/sha256.h"

namespace takt::driver {

void RunSubcommand::DeclareOptions(ArgParser& parser) {
  parser.SetPositionals("PLANT", "an executor `.so`, or the plant's `.takt` files or directories", &paths_, 1);
  parser.AddOption("events", "FILE", "JSONL events to run, `-` for stdin (required)", &events_);
  parser.AddFlag("interp", "run the plant's sources on the reference interpreter", &interp_);
  parser.AddRepeated('o', "output", "FILE", "write the actions to FILE instead of stdout", &outputs_);
  parser.AddRepeated('I', "include", "DIR", "search DIR for library modules (repeatable)", &include_dirs_);
  parser.AddFlag("quiet", "print no summary (events, actions by kind, rejects, timers) to stderr", &quiet_);
  AddDiagnosticsOptions(parser, &diagnostics_options_);
}

namespace {

// Actions to an ostream (stdout of the driver environment).
class StreamSink final : public runtime::ActionSink {
 public:
  explicit StreamSink(std::ostream& out) : out_(out) {}
  void Write(std::string_view lines) override { out_.write(lines.data(), static_cast<std::streamsize>(lines.size())); }

 private:
  std::ostream& out_;
};

// Actions to `-o FILE` as they come; they appear under the file's name only when the run is
// committed, so a failed or killed run leaves the previous file as it was.
class OutputSink final : public runtime::ActionSink {
 public:
  explicit OutputSink(base::OutputFile& file) : file_(file) {}
  void Write(std::string_view lines) override { file_.Write(lines); }

 private:
  base::OutputFile& file_;
};

}  // namespace

// `porto: 59 events, 21 actions (open_case 3, notify 9, …), 2 rejects, 14 timers fired, 3 pending`:
// the counts a reviewer checks first, on stderr so stdout stays pure JSON Lines.
static auto RenderSummary(std::string_view plant, const runtime::Summary& summary) -> std::string {
  std::string kinds;
  for (size_t kind = 0; kind < summary.actions_by_kind.size(); ++kind) {
    if (summary.actions_by_kind[kind] != 0) {
      kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", runtime::kActionKindNames[kind],
                           summary.actions_by_kind[kind]);
    }
  }
  return fmt::format("{}: {} events, {} actions{}, {} rejects, {} timers fired, {} pending\n", plant, summary.events,
                     summary.actions, kinds.empty() ? "" : fmt::format(" ({})", kinds), summary.rejects,
                     summary.timers_fired, summary.timers_pending);
}

static auto IsExecutorPath(std::string_view path) -> bool {
  return path.ends_with(".so") || path.find(".so.") != std::string_view::npos;
}

// A corrupted executor (a flipped byte, a truncated copy) could crash or, worse, act differently:
// when `takt build` left its metadata beside it, the library must hash to what the metadata
// records before it is loaded. Without metadata there is nothing to check against, which is
// said (a note, not an error: an executor may be deployed alone). Returns kExitOk or the error.
static auto VerifyExecutor(DriverEnv& env, const std::string& path, bool quiet, const DiagnosticsOptions& options)
    -> int {
  const std::string metadata_path = MetadataPath(path);
  // A missing executor is the loader's error to report, without a note about its metadata.
  if (!env.file_system.Exists(path)) {
    return kExitOk;
  }
  if (!env.file_system.Exists(metadata_path)) {
    if (!quiet) {
      env.err << fmt::format("note: no metadata `{}` beside the executor: its SHA-256 is not verified\n",
                             metadata_path);
    }
    return kExitOk;
  }
  std::string error;
  const std::optional<std::string> metadata = env.file_system.ReadFile(metadata_path, error);
  if (!metadata) {
    return ReportCommandError(env, options, kExitUsage, diag::FileNotReadable, metadata_path, error);
  }
  const std::optional<std::string> bytes = env.file_system.ReadFile(path, error);
  if (!bytes) {
    return ReportCommandError(env, options, kExitUsage, diag::FileNotReadable, path, error);
  }
  const std::optional<std::string> recorded = RecordedExecutorSha256(*metadata, error);
  if (!recorded) {
    return ReportCommandError(env, options, kExitUsage, diag::ExecutorNotVerified, path, metadata_path, error);
  }
  const std::string actual = runtime::Sha256Hex(*bytes);
  if (actual != *recorded) {
    return ReportCommandError(env, options, kExitUsage, diag::ExecutorNotVerified, path, metadata_path,
                              fmt::format("its SHA-256 is {}, the metadata records {}", actual, *recorded));
  }
  return kExitOk;
}

auto RunSubcommand::Run(DriverEnv& env) -> int {
  if (events_.empty()) {
    diagnostics::Diagnostics error;
    error.Emit(diag::MissingOption, source::Span{}, "--events FILE").Help("pass `--events -` to read stdin");
    return ReportUsageError(env, diagnostics_options_, "takt run", std::move(error));
  }
  if (outputs_.size() > 1) {
    return ReportUsageError(env, diagnostics_options_, "takt run", diag::OptionRepeated, "-o");
  }
  // Either a native executor, or sources checked into a model for the interpreter.
  std::unique_ptr<runtime::LoadedExecutor> loaded;
  source::SourceManager sources;
  std::unique_ptr<const model::Plant> plant;
  std::unique_ptr<interp::Interpreter> interpreter;
  const takt_executor* executor = nullptr;
  const bool from_executor = paths_.size() == 1 && IsExecutorPath(paths_[0]);
  if (from_executor) {
    if (interp_) {
      return ReportUsageError(env, diagnostics_options_, "takt run", diag::InterpWithExecutor);
    }
    if (int status = VerifyExecutor(env, paths_[0], quiet_, diagnostics_options_); status != kExitOk) {
      return status;
    }
    std::string error;
    loaded = runtime::LoadedExecutor::Load(paths_[0], error);
    if (!loaded) {
      return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::ExecutorNotLoadable, error);
    }
    executor = &loaded->descriptor();
  } else {
    LoadedPlant checked = LoadCheckedPlant(env, paths_, include_dirs_, diagnostics_options_, "run", sources);
    if (!checked.plant) {
      return checked.exit_code;
    }
    plant = std::move(checked.plant);
#if TAKT_WITH_LLVM
    if (!interp_) {
      // The native road: compile the plant in-process and load it (driver/native_executor.h).
      diagnostics::Diagnostics build_errors;
      loaded = BuildNativeExecutor(*plant, sources, build_errors);
      if (!loaded) {
        diagnostics::DiagnosticBuilder(build_errors, 0)
            .Help("`--interp` runs the plant on the reference interpreter instead");
        return ReportCommandError(env, diagnostics_options_, build_errors, kExitErrors);
      }
      executor = &loaded->descriptor();
    }
#else
    if (!interp_) {
      env.err << "note: this takt was built without LLVM; running the reference interpreter\n";
    }
#endif
    if (executor == nullptr) {
      interpreter = std::make_unique<interp::Interpreter>(*plant, sources);
      executor = &interpreter->descriptor();
    }
  }
  std::string error;
  if (!runtime::ValidateExecutor(*executor, error)) {
    return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::ExecutorNotLoadable, error);
  }

  const bool to_stdout = outputs_.empty() || outputs_[0] == "-";
  if (!to_stdout) {
    std::vector<std::string> inputs = from_executor ? std::vector<std::string>{paths_[0]} : SourcePaths(sources);
    inputs.push_back(events_);
    if (!CheckOutputIsNotInput(env, diagnostics_options_, outputs_[0], inputs)) {
      return kExitUsage;
    }
  }
  std::unique_ptr<base::OutputFile> output_file;
  std::unique_ptr<runtime::ActionSink> sink;
  if (to_stdout) {
    sink = std::make_unique<StreamSink>(env.out);
  } else {
    output_file = env.file_system.OpenOutput(outputs_[0], error);
    if (!output_file) {
      return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::CannotWrite, outputs_[0], error);
    }
    sink = std::make_unique<OutputSink>(*output_file);
  }
  const bool real_fs = dynamic_cast<base::RealFileSystem*>(&env.file_system) != nullptr;

  runtime::Session session(*executor, *sink);
  bool read_ok = true;
  if (events_ == "-") {
    std::string chunk(1 << 20, '\0');
    while (env.in) {
      env.in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      const auto got = static_cast<size_t>(env.in.gcount());
      if (got == 0) {
        break;
      }
      session.Feed(std::string_view(chunk.data(), got));
    }
  } else if (real_fs) {
    std::FILE* in = std::fopen(events_.c_str(), "rb");
    if (in == nullptr) {
      error = std::strerror(errno);
      read_ok = false;
    } else {
      read_ok = session.FeedFile(in, error);
      std::fclose(in);
    }
  } else {
    std::optional<std::string> text = env.file_system.ReadFile(events_, error);
    read_ok = text.has_value();
    if (read_ok) {
      session.Feed(*text);
    }
  }
  session.Finish();
  if (!read_ok) {
    return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::EventsNotReadable, events_, error);
  }
  if (output_file && !output_file->Commit(error)) {
    return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::CannotWrite, outputs_[0], error);
  }
  // A lost stdout is reported by the driver (FinishStdout); no summary claims its actions.
  if (!env.out.flush()) {
    return kExitOk;
  }
  if (!quiet_) {
    env.err << RenderSummary(executor->plant_name, session.summary());
  }
  return kExitOk;
}

}  // namespace takt::driver
