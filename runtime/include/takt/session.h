// Host API (C++), for programs that run executors (the `takt` driver, `takt test`, tests,
// benchmarks): one Session runs one executor (a loaded native library or the reference
// interpreter, both behind the same `takt_executor` descriptor) over a stream of JSONL events
// and writes JSONL actions to a sink. The session owns everything the ABI says the runtime
// owns: decoding and name interning, entity tables and state records, the timer queue, the clock
// and action encoding. Semantics: docs/runtime.md.
#ifndef TAKT_RUNTIME_INCLUDE_TAKT_SESSION_H_
#define TAKT_RUNTIME_INCLUDE_TAKT_SESSION_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "takt/runtime.h"

namespace takt::runtime {

// Receives encoded actions: whole JSON lines, each ending in `\n`, in batches.
class ActionSink {
 public:
  virtual ~ActionSink() = default;
  virtual void Write(std::string_view lines) = 0;
};

class StringSink final : public ActionSink {
 public:
  void Write(std::string_view lines) override { text_.append(lines); }
  auto text() const -> const std::string& { return text_; }

 private:
  std::string text_;
};

class FileSink final : public ActionSink {
 public:
  explicit FileSink(std::FILE* file) : file_(file) {}
  void Write(std::string_view lines) override { std::fwrite(lines.data(), 1, lines.size(), file_); }

 private:
  std::FILE* file_;
};

// Limits of the input (docs/runtime.md, "Limits"). A line longer than kMaxLineLength bytes
// (without its `\n`) is rejected by its number, cause `malformed`, and skipped without being
// buffered. At most kTimerBudget timers fire before one event; the rest of those due are dropped
// with a `warning` action (cause `timer_budget`).
inline constexpr size_t kMaxLineLength = size_t{1} << 20;
inline constexpr uint64_t kTimerBudget = 100'000;

// The layout of Session::SaveSnapshot's bytes; a snapshot of another version is refused (and
// `takt serve` rebuilds the state by replaying its journal instead).
inline constexpr uint32_t kSnapshotFormat = 1;

struct Summary {
  uint64_t events = 0;        // Non-blank input lines.
  uint64_t actions = 0;       // Including rejects.
  uint64_t rejects = 0;       // Runtime (malformed input) and executor (forbidden) rejects.
  std::array<uint64_t, TAKT_ACTION_KIND_COUNT> actions_by_kind{};  // Indexed by takt_action_kind.
  uint64_t timers_fired = 0;
  uint64_t timers_pending = 0;  // Left in the queue after the last event; they never fire.
  uint64_t timers_dropped = 0;  // Due but dropped unfired past kTimerBudget.
  bool started = false;
  int64_t last_time = 0;      // Milliseconds since the epoch, valid when `started`.
};

// Checks the descriptor before use: ABI version, tables and entry points present.
auto ValidateExecutor(const takt_executor& executor, std::string& error) -> bool;

class Session {
 public:
  // `executor` must pass ValidateExecutor and outlive the session.
  Session(const takt_executor& executor, ActionSink& sink);
  ~Session();
  Session(const Session&) = delete;
  auto operator=(const Session&) -> Session& = delete;

  // Feeds JSONL text; a final line without `\n` is complete only at Finish().
  void Feed(std::string_view text);
  // Reads `file` to its end, feeding it in large chunks. False with `error` on a read error.
  auto FeedFile(std::FILE* file, std::string& error) -> bool;
  // Processes a pending last line and flushes the sink. Pending timers do not fire.
  void Finish();
  // Writes the actions of the input processed so far to the sink (Feed batches them, up to
  // 1 MiB), so a live host (`takt serve`) delivers each event's actions as soon as it is
  // applied, and `takt replay` compares two runs a chunk of whole lines at a time.
  void Flush();
  // The due time of the next pending timer (milliseconds since the epoch); false when none is
  // pending. A live host with a wall clock feeds a `tick` at that time when no event comes.
  auto NextTimerDue(int64_t& due) const -> bool;

  // The whole runtime state between two lines, as bytes: the clock, the event and line counters,
  // the summary, the entity tables and names in creation order, the case declarations, addresses
  // and counters, every state record, the timer queue with its scheduling counter. Versioned
  // (kSnapshotFormat), ended by the SHA-256 of what precedes it, and stamped with the executor's
  // identity: plant, source SHA-256 and `executor_sha256` (the build, which only the host knows).
  // False with `error` inside a line (a partial line is pending) or for an executor that keeps
  // state outside the runtime's records (the reference interpreter: its `user` is set).
  auto SaveSnapshot(std::string_view executor_sha256, std::string& bytes, std::string& error) const -> bool;
  // Makes a session that has processed nothing the one that saved `bytes`: lines fed from now on
  // give the actions they would have given there. False with `error`, the session untouched,
  // for bytes that are truncated or fail their checksum, of another format version, or of
  // another executor (plant, source or executor SHA-256), and for the interpreter.
  auto RestoreSnapshot(std::string_view executor_sha256, std::string_view bytes, std::string& error) -> bool;

  auto summary() const -> const Summary&;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Convenience for tests and `takt test`: runs the whole text, returns the action lines.
auto RunToString(const takt_executor& executor, std::string_view events, Summary* summary = nullptr)
    -> std::string;

}  // namespace takt::runtime

#endif  // TAKT_RUNTIME_INCLUDE_TAKT_SESSION_H_
