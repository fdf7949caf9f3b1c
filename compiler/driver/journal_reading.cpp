#include "compiler/driver/journal_reading.h"

#include <fmt/format.h>

#include <optional>
#include <vector>

#include "takt/session.h"

namespace takt::driver {

auto CheckJournalPlant(const runtime::Journal& journal, std::string_view plant_name, std::string& error) -> bool {
  if (!journal.segments().empty() && journal.segments().back().executor.plant != plant_name) {
    error = fmt::format("it is the journal of plant `{}`, not of `{}`", journal.segments().back().executor.plant,
                        plant_name);
    return false;
  }
  return true;
}

auto OpenPlantJournal(const std::string& path, std::string_view plant_name, std::string& error)
    -> std::unique_ptr<runtime::Journal> {
  std::unique_ptr<runtime::Journal> journal = runtime::Journal::Open(path, runtime::Journal::Mode::kRead, error);
  if (journal && !CheckJournalPlant(*journal, plant_name, error)) {
    return nullptr;
  }
  return journal;
}

namespace {

// Makes `session` (which has processed nothing) the state of the journal's snapshot at `base`;
// `last_action` is the id of the last action delivered before it.
auto RestoreBase(runtime::Journal& journal, runtime::Session& session, std::string_view executor_sha256, uint64_t base,
                 std::string& last_action, std::string& error) -> bool {
  std::vector<runtime::JournalSnapshot> snapshots;
  std::string state;
  if (!journal.Snapshots(snapshots) || !journal.LoadSnapshotState(base, state)) {
    error = journal.error();
    return false;
  }
  if (!session.RestoreSnapshot(executor_sha256, state, error)) {
    error = fmt::format("the journal goes on after line {} from a snapshot this executor cannot restore: {}", base,
                        error);
    return false;
  }
  for (const runtime::JournalSnapshot& snapshot : snapshots) {
    if (snapshot.seq == base) {
      last_action = snapshot.last_action;
    }
  }
  return true;
}

}  // namespace

auto ReplayDelivered(runtime::Journal& journal, const takt_executor& executor, std::string_view executor_sha256,
                     runtime::ActionSink& out, std::string& error,
                     const std::function<void(std::string_view line)>& on_line) -> bool {
  runtime::IdentifyingSink identify(out);
  std::optional<runtime::Session> session(std::in_place, executor, identify);
  auto next_base = journal.bases().begin();
  bool restored = true;
  const bool read = journal.ForEachLine(1, [&](uint64_t seq, runtime::LineOrigin, std::string_view line) {
    if (next_base != journal.bases().end() && seq > *next_base) {
      std::string last_action;
      session.emplace(executor, identify);
      restored = RestoreBase(journal, *session, executor_sha256, *next_base++, last_action, error);
      identify.Resume(std::move(last_action));
      if (!restored) {
        return false;
      }
    }
    if (on_line) {
      on_line(line);
    }
    identify.Apply(*session, seq, line);
    return true;
  });
  if (!read) {
    error = journal.error();
  }
  return read && restored;
}

auto MissingLinesReason(const runtime::Journal& journal) -> std::string {
  if (journal.bases().empty()) {
    return {};
  }
  return fmt::format("it goes on after line {} from a snapshot restored from JetStream, not from its own lines "
                     "(docs/deploy.md, \"Snapshots in JetStream\"): the lines before are in the events stream, "
                     "not in this journal; `takt journal --actions` re-derives the actions after the snapshot",
                     journal.bases().back());
}

}  // namespace takt::driver
