#include "compiler/driver/replay_subcommand.h"

#include <optional>

#include "compiler/replay/action_diff.h"
#include "compiler/driver/event_input.h"
#include "compiler/driver/plant_executor.h"
#include "takt/session.h"
#include "takt/timestamp.h"

namespace takt::driver {

void ReplaySubcommand::DeclareOptions(ArgParser& parser) {
  parser.SetPositionals("PLANTS",
                        "OLD NEW: each an executor `.so`, a plant directory or a `.takt` file", &paths_, 2, 2);
  parser.AddOption("events", "FILE", "the history: JSONL events, `-` for stdin (required)", &events_);
  parser.AddOption("from", "TIME", "report differences in actions at or after TIME (RFC 3339)", &from_);
  parser.AddOption("to", "TIME", "report differences in actions before TIME (RFC 3339)", &to_);
  parser.AddOption("format", "FORMAT", "output format; `markdown` suits a pull-request comment", &format_,
                   {"text", "json", "markdown"});
  parser.AddFlag("exit-code", "exit with status 1 when the versions act differently", &exit_code_);
  parser.AddFlag("interp", "run sources on the reference interpreter", &interp_);
  parser.AddRepeated('I', "include", "DIR", "search DIR for library modules (repeatable)", &include_dirs_);
}

auto ReplaySubcommand::Run(DriverEnv& env) -> int {
  if (events_.empty()) {
    diagnostics::Diagnostics error;
    error.Emit(diag::MissingOption, source::Span{}, "--events FILE").Help("pass `--events -` to read stdin");
    return ReportUsageError(env, diagnostics_options_, "takt replay", std::move(error));
  }
  replay::ActionDiffWindow window;
  for (auto [option, text, bound] : {std::tuple{"--from", &from_, &window.from_ms}, {"--to", &to_, &window.to_ms}}) {
    if (text->empty()) {
      continue;
    }
    *bound = runtime::ParseTimestamp(*text);
    if (!*bound) {
      return ReportUsageError(env, diagnostics_options_, "takt replay", diag::OptionNotTimestamp, option, *text);
    }
  }
  // Each version is one path: a plant of several files is its directory.
  const std::vector<std::string> old_paths{paths_[0]};
  const std::vector<std::string> new_paths{paths_[1]};
  auto request = [&](const std::vector<std::string>& paths) {
    return PlantExecutorRequest{.command = "replay",
                                .paths = paths,
                                .include_dirs = include_dirs_,
                                .interp = interp_,
                                .quiet = true,
                                .diagnostics_options = diagnostics_options_};
  };
  PlantExecutor old_plant;
  if (int status = LoadPlantExecutor(env, request(old_paths), old_plant); status != kExitOk) {
    return status;
  }
  PlantExecutor new_plant;
  if (int status = LoadPlantExecutor(env, request(new_paths), new_plant); status != kExitOk) {
    return status;
  }
  replay::ActionDiff diff(window);
  replay::Lockstep lockstep(*old_plant.executor, *new_plant.executor, diff);
  std::string error;
  const bool read_ok = ReadEventChunks(env, events_, [&](std::string_view chunk) { lockstep.Feed(chunk); }, error);
  lockstep.Finish();
  if (!read_ok) {
    return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::EventsNotReadable, events_, error);
  }
  const replay::ReplayTotals totals{.events = lockstep.events()};
  if (format_ == "json") {
    env.out << replay::RenderReplayJson(diff, totals);
  } else if (format_ == "markdown") {
    env.out << replay::RenderReplayMarkdown(diff, totals);
  } else {
    env.out << replay::RenderReplayText(diff, totals);
  }
  return exit_code_ && !diff.empty() ? kExitErrors : kExitOk;
}

}  // namespace takt::driver
