// The core of `takt serve` shared by its inputs (stdin or a file, docs/serve.md; JetStream,
// docs/deploy.md): the journal checked against the executor, the session fed by journaled lines
// through the stable action ids, snapshots, and the stop signals.
#ifndef TAKT_COMPILER_DRIVER_SERVE_SERVER_H_
#define TAKT_COMPILER_DRIVER_SERVE_SERVER_H_

#include <signal.h>

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "compiler/driver/serve_io.h"
#include "compiler/driver/serve_snapshots.h"
#include "takt/journal.h"
#include "takt/session.h"

namespace takt::driver {

// SIGTERM and SIGINT only raise a flag, and are blocked except inside ppoll (`waiting_mask`), so a
// signal cannot slip in between checking the flag and waiting for input.
void InstallStopHandlers(sigset_t& waiting_mask);
// Whether a stop was requested, also one still pending behind the mask.
auto StopRequested() -> bool;

// The `tick` line the wall clock journals when a timer falls due at `t` (milliseconds).
auto TickLine(int64_t t) -> std::string;

// The journal opened for writing, checked against the executor that is to serve it.
struct ServeJournal {
  std::unique_ptr<runtime::Journal> journal;
  bool fresh = false;    // No segment yet.
  bool upgrade = false;  // The same plant under another source or executor: a new segment.
};

// False with `error` for a journal that cannot be opened or belongs to another plant.
auto OpenServeJournal(const std::string& path, const runtime::ExecutorIdentity& identity, ServeJournal& out,
                      std::string& error) -> bool;

// One serving run: the journal, the session and the output, from recovery to the last commit.
class Server {
 public:
  Server(runtime::Journal& journal, const takt_executor& executor, ServeOutput& output,
         runtime::ExecutorIdentity identity, const SnapshotPolicy& policy)
      : journal_(journal),
        identify_(output),
        output_(output),
        session_(executor, identify_),
        identity_(std::move(identity)),
        snapshots_(policy) {}

  // Starts from the newest usable snapshot (ReplayStart::from_seq is 1 without one); the caller
  // sets the output to catch up from where it stood then.
  auto RestoreSnapshot(const std::string& output_path, uint64_t verified, std::ostream& err) -> ReplayStart;
  // Starts from `snapshot`, a state taken elsewhere after a line past the journal's last
  // (docs/deploy.md, "Snapshots in JetStream"): restored, and made the journal's base, whose
  // segment StartSegment then records. False with `error` when it cannot be restored (the
  // server as it was), or also with error() when the journal cannot record it.
  auto GoOnFrom(const runtime::JournalSnapshot& snapshot, std::string& error) -> bool;
  // Rebuilds the state by replaying the journaled lines from `from` on; the output decides what
  // is delivered. False with error() when the journal goes on from a base after `from`, which
  // RestoreSnapshot could not restore.
  auto Replay(uint64_t from) -> bool;
  // Starts the segment of a fresh journal or a new standard (`upgrade`: with a snapshot of the
  // state it rebuilt, so a restart never replays the old standard's lines again), and commits.
  auto StartSegment(const runtime::JournalPositions& positions, bool upgrade) -> bool;
  // Snapshots the state after the last batch when one is due, or with `force` (a clean stop).
  // Every line journaled so far must be applied and its actions delivered.
  auto Snapshot(runtime::JournalPositions positions, bool force) -> bool;
  // Journals `lines` (each ended by `\n`), commits them with the positions, then applies them: a
  // line is durable before any of its actions is seen (group commit: one commit per batch).
  auto Accept(std::string_view lines, runtime::LineOrigin origin, runtime::JournalPositions positions) -> bool;

  // Every snapshot taken from now on is also handed to `mirror` (JetStream).
  void MirrorSnapshots(SnapshotMirror* mirror) { snapshots_.Mirror(mirror); }

  auto NextTimerDue(int64_t& due) const -> bool { return session_.NextTimerDue(due); }
  auto error() const -> const std::string& { return error_; }
  auto last_action() const -> const std::string& { return identify_.last_action(); }

 private:
  runtime::Journal& journal_;
  runtime::IdentifyingSink identify_;
  ServeOutput& output_;
  runtime::Session session_;
  runtime::ExecutorIdentity identity_;
  SnapshotSchedule snapshots_;
  std::string error_;
};

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_SERVE_SERVER_H_
