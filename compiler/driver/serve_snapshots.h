// Snapshots of `takt serve` (docs/serve.md, "Snapshots"): when the session's whole state is saved
// into the journal, and how a restart starts from the newest snapshot it can trust instead of the
// journal's first line.
#ifndef TAKT_COMPILER_DRIVER_SERVE_SNAPSHOTS_H_
#define TAKT_COMPILER_DRIVER_SERVE_SNAPSHOTS_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "takt/journal.h"
#include "takt/session.h"

namespace takt::driver {

// A snapshot is taken after the batch in which `every_lines` lines have been journaled since the
// last one, or `every_seconds` have passed with at least one new line (0 turns either off), and
// at every clean stop. The journal keeps the newest kKeptSnapshots.
struct SnapshotPolicy {
  uint64_t every_lines = 100'000;
  uint64_t every_seconds = 300;
};
inline constexpr size_t kKeptSnapshots = 3;

// Where the replay of a restart starts: after the snapshot restored (line `from_seq` on), with
// the output as it stood then.
struct ReplayStart {
  uint64_t from_seq = 1;
  uint64_t output_bytes = 0;
  std::string last_action;
};

// Restores into `session` (which has processed nothing) the newest snapshot of `identity` from
// which the output can be resumed: for `-o FILE` one written for the same file and covering no
// more than its `verified` bytes (those before the watermark it still holds), so every byte after
// it is re-derived and checked. A snapshot that fails to restore (damaged, another format) is
// reported on `err` and the next older one is tried; with none usable the replay starts at line 1.
auto RestoreNewestSnapshot(runtime::Journal& journal, runtime::Session& session,
                           const runtime::ExecutorIdentity& identity, const std::string& output_path,
                           uint64_t verified, std::ostream& err) -> ReplayStart;

// Where a serving run's snapshots are copied once committed in the journal (JetStream, for a
// standby on another machine: docs/deploy.md, "Snapshots in JetStream"). `positions` are those
// committed with the snapshot.
class SnapshotMirror {
 public:
  virtual ~SnapshotMirror() = default;
  virtual void Store(const runtime::JournalSnapshot& snapshot, const runtime::JournalPositions& positions) = 0;
};

// Takes the snapshots of a serving run.
class SnapshotSchedule {
 public:
  explicit SnapshotSchedule(const SnapshotPolicy& policy);

  // The last line the newest snapshot covers: the next is due `every_lines` after it.
  void Covered(uint64_t seq) { last_seq_ = seq; }
  void Mirror(SnapshotMirror* mirror) { mirror_ = mirror; }

  // After a batch: saves the state of `session` (through line `journal.last_seq()`) with where
  // the output stands in `positions`, and commits, when the policy says one is due or `force`.
  // An executor whose state cannot be saved (the interpreter) turns the schedule off. False with
  // journal.error() when the journal fails.
  auto Take(runtime::Journal& journal, const runtime::Session& session, const runtime::ExecutorIdentity& identity,
            const runtime::JournalPositions& positions, bool force) -> bool;

 private:
  SnapshotPolicy policy_;
  bool enabled_ = true;
  uint64_t last_seq_ = 0;
  int64_t last_time_;  // Monotonic seconds.
  uint64_t delay_ms_;  // The test hook TAKT_SERVE_SNAPSHOT_DELAY_MS (docs/serve.md).
  SnapshotMirror* mirror_ = nullptr;
};

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_SERVE_SNAPSHOTS_H_
