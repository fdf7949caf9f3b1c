#include "compiler/driver/run_subcommand.h"

#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <ostream>

#include "compiler/driver/event_input.h"
#include "compiler/driver/outputs.h"
#include "compiler/driver/plant_executor.h"
#include "compiler/driver/stream_sink.h"
#include "takt/names.h"
#include "takt/session.h"

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

auto RunSubcommand::Run(DriverEnv& env) -> int {
  if (events_.empty()) {
    diagnostics::Diagnostics error;
    error.Emit(diag::MissingOption, source::Span{}, "--events FILE").Help("pass `--events -` to read stdin");
    return ReportUsageError(env, diagnostics_options_, "takt run", std::move(error));
  }
  if (outputs_.size() > 1) {
    return ReportUsageError(env, diagnostics_options_, "takt run", diag::OptionRepeated, "-o");
  }
  PlantExecutor plant_executor;
  const PlantExecutorRequest request{.command = "run",
                                     .paths = paths_,
                                     .include_dirs = include_dirs_,
                                     .interp = interp_,
                                     .quiet = quiet_,
                                     .diagnostics_options = diagnostics_options_};
  if (int status = LoadPlantExecutor(env, request, plant_executor); status != kExitOk) {
    return status;
  }
  const takt_executor* executor = plant_executor.executor;
  std::string error;

  const bool to_stdout = outputs_.empty() || outputs_[0] == "-";
  if (!to_stdout) {
    std::vector<std::string> inputs = plant_executor.InputPaths();
    inputs.push_back(events_);
    if (!CheckOutputIsNotInput(env, diagnostics_options_, outputs_[0], inputs)) {
      return kExitUsage;
    }
  }
  std::unique_ptr<base::OutputFile> output_file;
  std::unique_ptr<runtime::ActionSink> sink;
  if (to_stdout) {
    env.stdout_carries_output = true;
    sink = std::make_unique<StreamSink>(env.out);
  } else {
    output_file = env.file_system.OpenOutput(outputs_[0], error);
    if (!output_file) {
      return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::CannotWrite, outputs_[0], error);
    }
    sink = std::make_unique<OutputSink>(*output_file);
  }
  runtime::Session session(*executor, *sink);
  const bool read_ok =
      ReadEventChunks(env, events_, [&](std::string_view chunk) { session.Feed(chunk); }, error);
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
  if (!quiet_ && diagnostics_options_.human()) {
    env.err << RenderSummary(executor->plant_name, session.summary());
  }
  return kExitOk;
}

}  // namespace takt::driver
