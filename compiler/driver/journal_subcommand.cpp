#include "compiler/driver/journal_subcommand.h"

#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "compiler/driver/journal_reading.h"
#include "compiler/driver/plant_executor.h"
#include "compiler/driver/stream_sink.h"
#include "takt/journal.h"

namespace takt::driver {

void JournalSubcommand::DeclareOptions(ArgParser& parser) {
  parser.SetPositionals("JOURNAL [PLANT]", "the journal, then for `--actions` the plant (`.so` or `.takt` sources)",
                        &paths_, 1);
  parser.AddFlag("events", "print the journaled lines, in order, as JSON Lines", &events_);
  parser.AddFlag("actions", "re-derive the actions by replaying the journal through PLANT", &actions_);
  parser.AddFlag("stats", "print counts, segments and positions as JSON", &stats_);
  parser.AddFlag("interp", "with `--actions`: run the plant's sources on the reference interpreter", &interp_);
  parser.AddRepeated('I', "include", "DIR", "search DIR for library modules (repeatable)", &include_dirs_);
  AddDiagnosticsOptions(parser, &diagnostics_options_);
}

namespace {

auto StatsJson(const std::string& path, runtime::Journal& journal, const runtime::JournalStats& stats,
               const std::vector<runtime::JournalSnapshot>& snapshots) -> nlohmann::ordered_json {
  nlohmann::ordered_json json;
  json["journal"] = path;
  json["lines"] = journal.last_seq();
  json["input_lines"] = stats.input_lines;
  json["clock_lines"] = stats.clock_lines;
  json["line_bytes"] = stats.line_bytes;
  json["file_bytes"] = stats.file_bytes;
  json["file_bytes_per_line"] = journal.last_seq() == 0 ? 0.0 : double(stats.file_bytes) / double(journal.last_seq());
  nlohmann::ordered_json segments = nlohmann::ordered_json::array();
  for (const runtime::JournalSegment& segment : journal.segments()) {
    segments.push_back({{"first_seq", segment.first_seq},
                        {"plant", segment.executor.plant},
                        {"source_sha256", segment.executor.source_sha256},
                        {"executor_sha256", segment.executor.executor_sha256},
                        {"started", segment.started}});
  }
  json["segments"] = segments;
  json["bases"] = journal.bases();
  const runtime::JournalPositions& positions = journal.positions();
  json["input"] = {{"path", positions.input_path},
                   {"offset", positions.input_offset},
                   {"device", positions.input_device},
                   {"inode", positions.input_inode}};
  json["output"] = {{"path", positions.output_path},
                    {"bytes", positions.output_bytes},
                    {"last_action", positions.last_action},
                    {"seq", positions.output_seq}};
  nlohmann::ordered_json snapshot_list = nlohmann::ordered_json::array();
  for (const runtime::JournalSnapshot& snapshot : snapshots) {
    snapshot_list.push_back({{"seq", snapshot.seq},
                             {"made", snapshot.made},
                             {"executor_sha256", snapshot.executor.executor_sha256},
                             {"output_bytes", snapshot.output_bytes},
                             {"bytes", snapshot.state_bytes}});
  }
  json["snapshots"] = snapshot_list;
  return json;
}

}  // namespace

auto JournalSubcommand::Run(DriverEnv& env) -> int {
  const std::string command = "takt journal";
  if (int(events_) + int(actions_) + int(stats_) != 1) {
    return ReportUsageError(env, diagnostics_options_, command, diag::MissingOption, "--events|--actions|--stats");
  }
  const std::string& path = paths_[0];
  const std::vector<std::string> plant_paths(paths_.begin() + 1, paths_.end());
  if (actions_ && plant_paths.empty()) {
    return ReportUsageError(env, diagnostics_options_, command, diag::MissingOption, "PLANT");
  }
  auto refuse = [&](const std::string& message) {
    return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::JournalRefused, path, message);
  };
  std::string error;
  std::unique_ptr<runtime::Journal> journal = runtime::Journal::Open(path, runtime::Journal::Mode::kRead, error);
  if (!journal) {
    return refuse(error);
  }
  if (stats_) {
    runtime::JournalStats stats;
    std::vector<runtime::JournalSnapshot> snapshots;
    if (!journal->Stats(stats) || !journal->Snapshots(snapshots)) {
      return refuse(journal->error());
    }
    env.stdout_carries_output = true;
    env.out << StatsJson(path, *journal, stats, snapshots).dump(2) << "\n";
    return kExitOk;
  }
  if (events_) {
    if (const std::string missing = MissingLinesReason(*journal); !missing.empty()) {
      return refuse(fmt::format("{}: `--events` would export a history that lacks them", missing));
    }
    env.stdout_carries_output = true;
    const bool read = journal->ForEachLine(1, [&](uint64_t, runtime::LineOrigin, std::string_view line) {
      env.out << line << '\n';
      return true;
    });
    return read ? kExitOk : refuse(journal->error());
  }
  // Actions are re-derived, never stored: the same replay `takt serve` does on a restart.
  PlantExecutor plant;
  const PlantExecutorRequest request{.command = "journal",
                                     .paths = plant_paths,
                                     .include_dirs = include_dirs_,
                                     .interp = interp_,
                                     .quiet = true,
                                     .diagnostics_options = diagnostics_options_};
  if (int status = LoadPlantExecutor(env, request, plant); status != kExitOk) {
    return status;
  }
  if (!CheckJournalPlant(*journal, plant.executor->plant_name, error)) {
    return refuse(error);
  }
  env.stdout_carries_output = true;
  StreamSink out(env.out);
  return ReplayDelivered(*journal, *plant.executor, plant.executor_sha256, out, error) ? kExitOk : refuse(error);
}

}  // namespace takt::driver
