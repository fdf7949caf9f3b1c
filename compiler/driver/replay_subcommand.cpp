#include "compiler/driver/replay_subcommand.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

#include "compiler/replay/action_diff.h"
#include "compiler/replay/delivered_log.h"
#include "compiler/driver/event_input.h"
#include "compiler/driver/journal_reading.h"
#include "compiler/driver/plant_executor.h"
#include "takt/journal.h"
#include "takt/timestamp.h"

namespace takt::driver {

void ReplaySubcommand::DeclareOptions(ArgParser& parser) {
  parser.SetPositionals("PLANTS",
                        "OLD NEW with `--events`, NEW with `--journal`: each an executor `.so`, a plant directory or a "
                        "`.takt` file",
                        &paths_, 1, 2);
  parser.AddOption("events", "FILE", "the history: JSONL events, `-` for stdin", &events_);
  parser.AddOption("journal", "FILE", "the history: a `takt serve` journal, compared with the actions it delivered",
                   &journal_);
  parser.AddOption("delivered", "FILE", "with `--journal`: the action log serve delivered, when it is no longer "
                   "at the journal's `-o` path", &delivered_);
  parser.AddOption("from", "TIME", "report differences in actions at or after TIME (RFC 3339)", &from_);
  parser.AddOption("to", "TIME", "report differences in actions before TIME (RFC 3339)", &to_);
  parser.AddOption("format", "FORMAT", "output format; `markdown` suits a pull-request comment", &format_,
                   {"text", "json", "markdown"});
  parser.AddFlag("exit-code", "exit with status 1 when the versions act differently", &exit_code_);
  parser.AddFlag("interp", "run sources on the reference interpreter", &interp_);
  parser.AddRepeated('I', "include", "DIR", "search DIR for library modules (repeatable)", &include_dirs_);
}

auto ReplaySubcommand::Run(DriverEnv& env) -> int {
  if (events_.empty() == journal_.empty()) {
    diagnostics::Diagnostics error;
    error.Emit(diag::MissingOption, source::Span{}, "--events FILE|--journal FILE")
        .Help("pass `--events -` to read stdin; `--journal` replays a serve journal");
    return ReportUsageError(env, diagnostics_options_, "takt replay", std::move(error));
  }
  // With a journal, OLD is what serve delivered.
  if (const size_t expected = journal_.empty() ? 2 : 1; paths_.size() > expected) {
    return ReportUsageError(env, diagnostics_options_, "takt replay", diag::UnexpectedArgument, paths_[expected]);
  } else if (paths_.size() < expected) {
    return ReportUsageError(env, diagnostics_options_, "takt replay", diag::MissingArgument, "NEW");
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
  // Each version is one path: a plant of several files is its directory. The request views them.
  const std::vector<std::string> old_paths{paths_.front()};
  const std::vector<std::string> new_paths{paths_.back()};
  auto request = [&](const std::vector<std::string>& paths) {
    return PlantExecutorRequest{.command = "replay",
                                .paths = paths,
                                .include_dirs = include_dirs_,
                                .interp = interp_,
                                .quiet = true,
                                .diagnostics_options = diagnostics_options_};
  };
  replay::ActionDiff diff(window);
  replay::ReplayTotals totals;
  if (!journal_.empty()) {
    PlantExecutor new_plant;
    if (int status = LoadPlantExecutor(env, request(new_paths), new_plant); status != kExitOk) {
      return status;
    }
    if (int status = ReplayJournal(env, *new_plant.executor, diff, totals); status != kExitOk) {
      return status;
    }
  } else {
    PlantExecutor old_plant;
    if (int status = LoadPlantExecutor(env, request(old_paths), old_plant); status != kExitOk) {
      return status;
    }
    PlantExecutor new_plant;
    if (int status = LoadPlantExecutor(env, request(new_paths), new_plant); status != kExitOk) {
      return status;
    }
    replay::Lockstep lockstep(*old_plant.executor, *new_plant.executor, diff);
    std::string error;
    const bool read_ok = ReadEventChunks(env, events_, [&](std::string_view chunk) { lockstep.Feed(chunk); }, error);
    lockstep.Finish();
    if (!read_ok) {
      return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::EventsNotReadable, events_, error);
    }
    totals.events = lockstep.events();
  }
  if (format_ == "json") {
    env.out << replay::RenderReplayJson(diff, totals);
  } else if (format_ == "markdown") {
    env.out << replay::RenderReplayMarkdown(diff, totals);
  } else {
    env.out << replay::RenderReplayText(diff, totals);
  }
  return exit_code_ && !diff.empty() ? kExitErrors : kExitOk;
}

// OLD is what serve delivered: its action log up to the journal's watermark, the actions of the
// lines up to `output_seq`. Those lines are the history NEW runs over.
auto ReplaySubcommand::ReplayJournal(DriverEnv& env, const takt_executor& new_executor, replay::ActionDiff& diff,
                                     replay::ReplayTotals& totals) -> int {
  auto refuse = [&](const std::string& message) {
    return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::JournalRefused, journal_, message);
  };
  std::string error;
  std::unique_ptr<runtime::Journal> journal = OpenPlantJournal(journal_, new_executor.plant_name, error);
  if (!journal) {
    return refuse(error);
  }
  // NEW runs over the whole history, which a journal with a base lacks.
  if (const std::string missing = MissingLinesReason(*journal); !missing.empty()) {
    return refuse(fmt::format("{}: a replay needs every event", missing));
  }
  const runtime::JournalPositions& positions = journal->positions();
  const std::string log_path = delivered_.empty() ? positions.output_path : delivered_;
  if (log_path.empty()) {
    return refuse("its actions went to standard output, which keeps no record of what was delivered: replay "
                  "`takt journal --events` with `takt replay --events - OLD NEW`");
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> log(std::fopen(log_path.c_str(), "rb"), &std::fclose);
  if (!log) {
    return refuse(fmt::format("the action log `{}`: {}", log_path, std::strerror(errno)));
  }
  replay::DeliveredLog delivered(log.get(), positions.output_bytes);
  replay::DeliveredLockstep lockstep(new_executor, delivered, diff);
  bool compared = true;
  const bool read = journal->ForEachLine(1, [&](uint64_t seq, runtime::LineOrigin, std::string_view line) {
    compared = seq <= positions.output_seq && lockstep.Line(seq, line);
    return compared;
  });
  if (!read) {
    return refuse(journal->error());
  }
  // Lines past the watermark (serve still running, or killed) were not all delivered yet.
  if (!lockstep.Finish() || !delivered.Finish(positions.last_action)) {
    return refuse(fmt::format("the action log `{}` is not what it delivered: {}", log_path, delivered.error()));
  }
  totals.events = lockstep.events();
  return kExitOk;
}

}  // namespace takt::driver
