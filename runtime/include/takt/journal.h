// Host API (C++): the journal of `takt serve`, an SQLite database in WAL mode. It holds every
// input line in order (rejected ones too; a line is journaled before it is applied), the
// executor in force per segment (plant name, source and executor SHA-256), how far the input
// was read and how far the output was delivered. Actions are never stored: an executor is a pure
// function of (state, event), so they are re-derived by replaying the lines (DESIGN.md, "Live
// runtime"). Operation and the commit policy: docs/serve.md.
#ifndef TAKT_RUNTIME_INCLUDE_TAKT_JOURNAL_H_
#define TAKT_RUNTIME_INCLUDE_TAKT_JOURNAL_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "takt/session.h"

struct sqlite3;
struct sqlite3_stmt;

namespace takt::runtime {

struct ExecutorIdentity {
  std::string plant;
  std::string source_sha256;
  std::string executor_sha256;

  auto operator==(const ExecutorIdentity&) const -> bool = default;
};

// The lines from `first_seq` on were journaled and applied under `executor`.
struct JournalSegment {
  uint64_t first_seq = 0;
  ExecutorIdentity executor;
  std::string started;  // Wall time, RFC 3339 UTC.
};

// Where `takt serve` stood at its last commit.
struct JournalPositions {
  std::string input_path;     // `--events FILE`; empty for stdin.
  uint64_t input_offset = 0;  // Bytes of `input_path` journaled (whole lines).
  // Which file `input_offset` counts in (`--follow` resumes only in the same one): its device and
  // inode, and its first bytes (up to kInputHeadBytes), since a new file may reuse a freed inode.
  uint64_t input_device = 0;
  uint64_t input_inode = 0;
  std::string input_head{};
  std::string output_path;    // `-o FILE`; empty for stdout.
  uint64_t output_bytes = 0;  // The delivery watermark: bytes of `output_path` written and flushed.
  std::string last_action;    // Id of the last action in those bytes; empty when there is none.
  uint64_t output_seq = 0;    // Every action of the lines up to this seq is in those bytes.
};

// A snapshot of the session's whole state after line `seq` (Session::SaveSnapshot), with what a
// restart from it needs to resume the delivery: the output file it was written for, how many
// bytes of it were delivered once line `seq` was applied, and the id of the last action in them.
struct JournalSnapshot {
  uint64_t seq = 0;
  ExecutorIdentity executor;
  std::string output_path;  // Empty for stdout.
  uint64_t output_bytes = 0;
  std::string last_action;
  std::string made;   // Wall time, RFC 3339 UTC.
  std::string state;  // Left empty by Snapshots(); LoadSnapshotState reads it.
  uint64_t state_bytes = 0;  // Its size, which Snapshots() gives.
};

// How many first bytes of the input file identify it with its device and inode.
inline constexpr size_t kInputHeadBytes = 256;

// A line from the input, or a `tick` the wall clock made (`--clock wall`).
enum class LineOrigin : uint8_t { kInput = 0, kClock = 1 };

struct JournalStats {
  uint64_t input_lines = 0;
  uint64_t clock_lines = 0;
  uint64_t line_bytes = 0;  // Bytes of the lines themselves.
  uint64_t file_bytes = 0;  // Of the database, without its WAL.
};

class Journal {
 public:
  enum class Mode { kRead, kWrite };

  // kWrite creates the file when it is missing and makes this process its only writer (a second
  // writer is refused, naming the holder's pid). Null with the reason in `error` for a file that
  // is not a Takt journal (not SQLite, corrupt, another application's database).
  static auto Open(const std::string& path, Mode mode, std::string& error) -> std::unique_ptr<Journal>;
  ~Journal();
  Journal(const Journal&) = delete;
  auto operator=(const Journal&) -> Journal& = delete;

  auto segments() const -> const std::vector<JournalSegment>& { return segments_; }
  // The lines after which the journal goes on from a snapshot instead of from its own lines: a
  // segment whose first line does not follow the line before it (docs/deploy.md, "Snapshots in
  // JetStream"). Lines up to a base that come after the previous line are not in the journal;
  // the snapshot at the base (kept whatever the number of newer ones) holds their state.
  auto bases() const -> const std::vector<uint64_t>& { return bases_; }
  auto positions() const -> const JournalPositions& { return positions_; }
  // The sequence number of the last line; 0 when there is none. Lines are numbered from 1.
  auto last_seq() const -> uint64_t { return last_seq_; }
  auto error() const -> const std::string& { return error_; }

  // Writes go into one open transaction, made durable by Commit. False with error() on failure.
  auto StartSegment(const ExecutorIdentity& executor, std::string_view started) -> bool;
  // Journals a batch: `lines` holds one or more lines, each ended by `\n` (a line holds no `\n`).
  // They take the seqs after last_seq(), the last one last_seq() after.
  auto Append(std::string_view lines, LineOrigin origin) -> bool;
  auto SetPositions(const JournalPositions& positions) -> bool;
  // Adds `snapshot` and deletes all but the newest `keep` snapshots (and the bases).
  auto SaveSnapshot(const JournalSnapshot& snapshot, size_t keep) -> bool;
  // Goes on after line `snapshot.seq` (past last_seq()) from `snapshot`, a state restored from
  // elsewhere: the snapshot becomes a base, and the next StartSegment starts after it.
  auto Rebase(const JournalSnapshot& snapshot) -> bool;
  auto Commit() -> bool;

  // The snapshots, newest first, without their state.
  auto Snapshots(std::vector<JournalSnapshot>& snapshots) -> bool;
  auto LoadSnapshotState(uint64_t seq, std::string& state) -> bool;

  // Visits the lines with seq >= `from` in order until `visit` returns false.
  using LineVisitor = std::function<bool(uint64_t seq, LineOrigin origin, std::string_view line)>;
  auto ForEachLine(uint64_t from, const LineVisitor& visit) -> bool;
  auto Stats(JournalStats& stats) -> bool;

 private:
  Journal(sqlite3* db, int lock_fd) : db_(db), lock_fd_(lock_fd) {}
  auto Exec(const char* sql) -> bool;
  auto Fail(std::string_view what) -> bool;
  auto Begin() -> bool;
  auto Load() -> bool;
  auto Initialize() -> bool;
  auto RecordHolder() -> bool;

  sqlite3* db_;
  int lock_fd_;  // Holds the writer's flock; -1 when reading.
  sqlite3_stmt* append_ = nullptr;
  sqlite3_stmt* set_positions_ = nullptr;
  bool in_transaction_ = false;
  uint64_t last_seq_ = 0;
  std::vector<JournalSegment> segments_;
  std::vector<uint64_t> bases_;
  JournalPositions positions_;
  std::string error_;
};

// The sink between a session and the delivery when lines come from a journal: inserts each
// action's stable id, `"action_id":"SEQ.ORDINAL"` (the journal sequence of the line that made it and its
// ordinal among that line's actions), as the first field, so a consumer can de-duplicate.
class IdentifyingSink final : public ActionSink {
 public:
  explicit IdentifyingSink(ActionSink& out) : out_(out) {}
  void Write(std::string_view lines) override;
  auto last_action() const -> const std::string& { return last_action_; }

  // Applies one journal line (with or without its `\n`) to `session` and delivers its actions,
  // with their ids, at once.
  void Apply(Session& session, uint64_t seq, std::string_view line);
  // Goes on from a snapshot, whose last action had id `last_action`.
  void Resume(std::string last_action) { last_action_ = std::move(last_action); }

 private:
  ActionSink& out_;
  uint64_t seq_ = 0;
  uint64_t ordinal_ = 0;
  std::string last_action_;
  std::string buffer_;
};

}  // namespace takt::runtime

#endif  // TAKT_RUNTIME_INCLUDE_TAKT_JOURNAL_H_
