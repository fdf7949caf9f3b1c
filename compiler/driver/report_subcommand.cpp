#include "compiler/driver/report_subcommand.h"

#include <fmt/format.h>

#include <memory>
#include <tuple>

#include "compiler/driver/event_input.h"
#include "compiler/driver/journal_reading.h"
#include "compiler/driver/outputs.h"
#include "compiler/driver/plant_executor.h"
#include "compiler/driver/plant_loader.h"
#include "takt/journal.h"
#include "takt/session.h"
#include "takt/timestamp.h"

namespace takt::driver {

namespace {

auto SplitLines(std::string_view text) -> std::vector<std::string> {
  std::vector<std::string> lines;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    if (!line.empty()) {
      lines.emplace_back(line);
    }
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  return lines;
}

}  // namespace

void ReportSubcommand::DeclareOptions(ArgParser& parser) {
  parser.SetPositionals("PLANT",
                        "the plant's `.takt` files or directories, or an executor `.so` followed by the sources it "
                        "was built from (the report reads limits, SPC and loss classes from them)",
                        &paths_, 1);
  parser.AddOption("events", "FILE", "the history: JSONL events, `-` for stdin", &events_);
  parser.AddOption("journal", "FILE", "the history: a `takt serve` journal", &journal_);
  parser.AddOption("from", "TIME", "report events and actions at or after TIME (RFC 3339)", &from_);
  parser.AddOption("to", "TIME", "report events and actions before TIME (RFC 3339)", &to_);
  parser.AddRepeated('o', "output", "FILE", "write the HTML page to FILE (required)", &outputs_);
  parser.AddOption("data", "FILE", "also write the data behind the charts to FILE as JSON", &data_);
  parser.AddFlag("interp", "run the plant's sources on the reference interpreter", &interp_);
  parser.AddRepeated('I', "include", "DIR", "search DIR for library modules (repeatable)", &include_dirs_);
  AddDiagnosticsOptions(parser, &diagnostics_options_);
}

auto ReportSubcommand::Run(DriverEnv& env) -> int {
  const std::string command = "takt report";
  if (events_.empty() == journal_.empty()) {
    diagnostics::Diagnostics error;
    error.Emit(diag::MissingOption, source::Span{}, "--events FILE|--journal FILE")
        .Help("pass `--events -` to read stdin; `--journal` reads a serve journal");
    return ReportUsageError(env, diagnostics_options_, command, std::move(error));
  }
  if (outputs_.size() > 1) {
    return ReportUsageError(env, diagnostics_options_, command, diag::OptionRepeated, "-o");
  }
  if (outputs_.empty()) {
    return ReportUsageError(env, diagnostics_options_, command, diag::MissingOption, "-o FILE");
  }
  report::Window window;
  for (auto [option, text, bound] : {std::tuple{"--from", &from_, &window.from_ms}, {"--to", &to_, &window.to_ms}}) {
    if (text->empty()) {
      continue;
    }
    *bound = runtime::ParseTimestamp(*text);
    if (!*bound) {
      return ReportUsageError(env, diagnostics_options_, command, diag::OptionNotTimestamp, option, *text);
    }
  }
  if (window.from_ms && window.to_ms && *window.from_ms >= *window.to_ms) {
    diagnostics::Diagnostics error;
    error.Emit(diag::EmptyPeriod, source::Span{}, from_, to_)
        .Help("`--to` must be after `--from`; swap them, or leave one open");
    return ReportUsageError(env, diagnostics_options_, command, std::move(error));
  }
  // The executor runs the history; the model holds what the charts need beyond the actions. With
  // sources they are one plant; an executor `.so` needs the sources it was built from beside it.
  const bool from_executor = IsExecutorPath(paths_[0]);
  const std::vector<std::string> executor_paths =
      from_executor ? std::vector<std::string>{paths_[0]} : paths_;
  const std::vector<std::string> source_paths(paths_.begin() + 1, paths_.end());
  if (from_executor && source_paths.empty()) {
    return ReportUsageError(env, diagnostics_options_, command, diag::MissingArgument,
                            "PLANT sources after the executor: the report reads limits, SPC and loss classes from them");
  }
  PlantExecutor plant;
  const PlantExecutorRequest request{.command = "report",
                                     .paths = executor_paths,
                                     .include_dirs = include_dirs_,
                                     .interp = interp_,
                                     .quiet = true,
                                     .diagnostics_options = diagnostics_options_};
  if (int status = LoadPlantExecutor(env, request, plant); status != kExitOk) {
    return status;
  }
  source::SourceManager model_sources;
  std::unique_ptr<const model::Plant> model_of_executor;
  if (from_executor) {
    LoadedPlant loaded =
        LoadCheckedPlant(env, source_paths, include_dirs_, diagnostics_options_, "report", model_sources);
    if (!loaded.plant) {
      return loaded.exit_code;
    }
    model_of_executor = std::move(loaded.plant);
    if (model_of_executor->name != plant.executor->plant_name) {
      return ReportUsageError(env, diagnostics_options_, command, diag::UnexpectedArgument,
                              fmt::format("{}` (the sources of plant `{}`, the executor runs `{}`)", source_paths[0],
                                          model_of_executor->name, plant.executor->plant_name));
    }
  }
  const model::Plant& model = from_executor ? *model_of_executor : *plant.plant;
  std::vector<std::string> inputs = plant.InputPaths();
  for (const std::string& path : SourcePaths(model_sources)) {
    inputs.push_back(path);
  }
  inputs.push_back(events_.empty() ? journal_ : events_);
  std::vector<std::pair<std::string, std::string>> outputs{{outputs_[0], ""}};
  if (!data_.empty()) {
    outputs.emplace_back(data_, "");
  }
  for (const auto& [path, text] : outputs) {
    if (!CheckOutputIsNotInput(env, diagnostics_options_, path, inputs)) {
      return kExitUsage;
    }
  }
  report::History history;
  if (int status = ReadHistory(env, *plant.executor, history); status != kExitOk) {
    return status;
  }
  const report::Json data = report::ReportData(model, history, window);
  outputs[0].second = report::ReportHtml(data);
  if (!data_.empty()) {
    outputs[1].second = data.dump(2) + "\n";
  }
  return WriteOutputs(env, outputs);
}

auto ReportSubcommand::ReadHistory(DriverEnv& env, const takt_executor& executor, report::History& history) -> int {
  runtime::StringSink actions;
  std::string error;
  if (!events_.empty()) {
    std::string events;
    runtime::Session session(executor, actions);
    const bool read_ok = ReadEventChunks(
        env, events_,
        [&](std::string_view chunk) {
          events.append(chunk);
          session.Feed(chunk);
        },
        error);
    session.Finish();
    if (!read_ok) {
      return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::EventsNotReadable, events_, error);
    }
    history.events = SplitLines(events);
    history.actions = SplitLines(actions.text());
    return kExitOk;
  }
  auto refuse = [&](const std::string& message) {
    return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::JournalRefused, journal_, message);
  };
  std::unique_ptr<runtime::Journal> journal = OpenPlantJournal(journal_, executor.plant_name, error);
  if (!journal) {
    return refuse(error);
  }
  // A report counts the whole history: a journal that lacks its first lines would undercount.
  if (const std::string missing = MissingLinesReason(*journal); !missing.empty()) {
    return refuse(fmt::format("{}: a report needs every event", missing));
  }
  // The same replay as `takt journal --actions`: the actions serve delivered, with their ids.
  if (!ReplayDelivered(*journal, executor, "", actions, error,
                       [&](std::string_view line) { history.events.emplace_back(line); })) {
    return refuse(error);
  }
  history.actions = SplitLines(actions.text());
  return kExitOk;
}

// Both files are written to temporary files before either is renamed into place, so a failure
// leaves the previous report and data whole.
auto ReportSubcommand::WriteOutputs(DriverEnv& env, const std::vector<std::pair<std::string, std::string>>& outputs)
    -> int {
  std::string error;
  std::vector<std::unique_ptr<base::OutputFile>> files;
  for (const auto& [path, text] : outputs) {
    files.push_back(env.file_system.OpenOutput(path, error));
    if (!files.back()) {
      return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::CannotWrite, path, error);
    }
    files.back()->Write(text);
  }
  for (size_t i = 0; i < files.size(); ++i) {
    if (!files[i]->Commit(error)) {
      return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::CannotWrite, outputs[i].first, error);
    }
  }
  return kExitOk;
}

}  // namespace takt::driver
