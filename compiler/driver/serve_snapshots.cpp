#include "compiler/driver/serve_snapshots.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

#include "takt/timestamp.h"

namespace takt::driver {

namespace {

auto MonotonicSeconds() -> int64_t {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

auto WallTimeText() -> std::string {
  const auto now = std::chrono::system_clock::now();
  const int64_t ms = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count() * 1000;
  char text[40];
  return std::string(text, static_cast<size_t>(runtime::FormatTimestamp(ms, text)));
}

}  // namespace

auto RestoreNewestSnapshot(runtime::Journal& journal, runtime::Session& session,
                           const runtime::ExecutorIdentity& identity, const std::string& output_path,
                           uint64_t verified, std::ostream& err) -> ReplayStart {
  std::vector<runtime::JournalSnapshot> snapshots;
  if (!journal.Snapshots(snapshots)) {
    err << fmt::format("takt serve: warning: {}; the state is rebuilt from the journal's first line\n",
                       journal.error());
    return ReplayStart{};
  }
  for (runtime::JournalSnapshot& snapshot : snapshots) {
    // Another executor's state means nothing to this one; a snapshot for another output, or past
    // what this one holds, would leave actions unwritten or unchecked. Neither is damage.
    const bool resumable =
        output_path.empty() || (snapshot.output_path == output_path && snapshot.output_bytes <= verified);
    // One before the journal's last base would need the lines the journal lacks.
    const bool after_base = journal.bases().empty() || snapshot.seq >= journal.bases().back();
    if (snapshot.executor != identity || !resumable || !after_base || snapshot.seq > journal.last_seq()) {
      continue;
    }
    std::string error;
    if (!journal.LoadSnapshotState(snapshot.seq, snapshot.state) ||
        !session.RestoreSnapshot(identity.executor_sha256, snapshot.state, error)) {
      err << fmt::format("takt serve: warning: the snapshot after line {} ({}) is unusable: {}; trying an older "
                         "one, else the journal's first line\n",
                         snapshot.seq, snapshot.made, error.empty() ? journal.error() : error);
      continue;
    }
    return ReplayStart{.from_seq = snapshot.seq + 1,
                       .output_bytes = snapshot.output_bytes,
                       .last_action = std::move(snapshot.last_action)};
  }
  return ReplayStart{};
}

SnapshotSchedule::SnapshotSchedule(const SnapshotPolicy& policy)
    : policy_(policy), last_time_(MonotonicSeconds()) {
  // Test only: holds each snapshot transaction open this long, so a crash test can kill serve
  // in the middle of one.
  const char* delay = std::getenv("TAKT_SERVE_SNAPSHOT_DELAY_MS");
  delay_ms_ = delay == nullptr ? 0 : std::strtoull(delay, nullptr, 10);
}

auto SnapshotSchedule::Take(runtime::Journal& journal, const runtime::Session& session,
                            const runtime::ExecutorIdentity& identity, const runtime::JournalPositions& positions,
                            bool force) -> bool {
  const uint64_t seq = journal.last_seq();
  if (!enabled_ || seq == last_seq_) {
    return true;
  }
  const bool lines_due = policy_.every_lines != 0 && seq - last_seq_ >= policy_.every_lines;
  const bool time_due = policy_.every_seconds != 0 &&
                        MonotonicSeconds() - last_time_ >= static_cast<int64_t>(policy_.every_seconds);
  if (!force && !lines_due && !time_due) {
    return true;
  }
  runtime::JournalSnapshot snapshot{.seq = seq,
                                    .executor = identity,
                                    .output_path = positions.output_path,
                                    .output_bytes = positions.output_bytes,
                                    .last_action = positions.last_action,
                                    .made = WallTimeText(),
                                    .state = {},
                                    .state_bytes = 0};
  std::string error;
  if (!session.SaveSnapshot(identity.executor_sha256, snapshot.state, error)) {
    enabled_ = false;
    return true;
  }
  last_seq_ = seq;
  last_time_ = MonotonicSeconds();
  if (!journal.SaveSnapshot(snapshot, kKeptSnapshots) || !journal.SetPositions(positions)) {
    return false;
  }
  if (delay_ms_ != 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms_));
  }
  if (!journal.Commit()) {
    return false;
  }
  if (mirror_ != nullptr) {
    mirror_->Store(snapshot, positions);
  }
  return true;
}

}  // namespace takt::driver
