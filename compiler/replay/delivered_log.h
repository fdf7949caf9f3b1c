// `takt replay --journal plant.db NEW`: the history is the journal's lines, OLD is what `takt
// serve` delivered for them, read back from its action log (`-o FILE`) up to the journal's
// delivery watermark, and NEW is the given standard run over the same lines. The log is exact
// where a re-run is not: the journal keeps only the SHA-256 of each executor that was in force,
// and across an upgrade the delivered actions come from several of them.
#ifndef TAKT_COMPILER_REPLAY_DELIVERED_LOG_H_
#define TAKT_COMPILER_REPLAY_DELIVERED_LOG_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "compiler/replay/action_diff.h"
#include "takt/runtime.h"
#include "takt/session.h"

namespace takt::replay {

// The action lines of a serve log, each `{"action_id":"SEQ.ORDINAL",…}`, in journal order, read
// a chunk at a time from `file` up to `limit` bytes (the watermark).
class DeliveredLog {
 public:
  DeliveredLog(std::FILE* file, uint64_t limit) : file_(file), left_(limit) {}

  // Appends to `lines` the actions of the journal lines up to `seq`. False with error() at a line
  // that is not a serve action or is out of order.
  auto TakeThrough(uint64_t seq, std::string& lines) -> bool;
  // At the end: the watermark was reached and its last action is `last_action`.
  auto Finish(std::string_view last_action) -> bool;
  auto error() const -> const std::string& { return error_; }

 private:
  auto Fill() -> bool;  // Reads the next chunk; false at the limit or the end of the file.

  std::FILE* file_;
  uint64_t left_;
  std::string pending_;   // Read, not yet taken.
  std::string last_id_;   // Of the last action taken.
  uint64_t last_seq_ = 0;
  uint64_t line_ = 0;     // Lines of the log taken, for messages.
  std::string error_;
};

// Runs the journal's lines through NEW, a chunk at a time, and compares each chunk's actions with
// those the log holds for the same lines: memory does not grow with the journal.
class DeliveredLockstep {
 public:
  DeliveredLockstep(const takt_executor& new_executor, DeliveredLog& log, ActionDiff& diff)
      : new_session_(new_executor, new_actions_), log_(log), diff_(diff) {}

  // The journal line `seq`, in order.
  auto Line(uint64_t seq, std::string_view line) -> bool;
  auto Finish() -> bool;
  auto events() const -> uint64_t { return new_session_.summary().events; }

 private:
  auto Run() -> bool;

  PendingActions new_actions_;
  runtime::Session new_session_;
  DeliveredLog& log_;
  ActionDiff& diff_;
  std::string chunk_;
  uint64_t chunk_last_seq_ = 0;
};

}  // namespace takt::replay

#endif  // TAKT_COMPILER_REPLAY_DELIVERED_LOG_H_
