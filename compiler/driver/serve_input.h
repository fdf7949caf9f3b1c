// The input of `takt serve`: a stream (stdin, a FIFO) read until it ends, a file read to its end,
// or with `--follow` a file followed like `tail -F`: what is appended is read as it comes, a
// rotation (the path renamed away, a new file created there) finishes the old file and goes on
// with the new one, a truncation (copytruncate) reads from the start again, and a missing file is
// waited for. Where it stands is recorded in the journal's positions so that a restart resumes in
// the same file at the same byte, never re-reading a journaled line (docs/serve.md, "Follow").
#ifndef TAKT_COMPILER_DRIVER_SERVE_INPUT_H_
#define TAKT_COMPILER_DRIVER_SERVE_INPUT_H_

#include <signal.h>
#include <sys/stat.h>

#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>

#include "compiler/driver/serve_io.h"
#include "takt/journal.h"

namespace takt::driver {

// The most one read takes from the input. A batch (one commit, docs/serve.md, "Commit policy")
// gathers reads up to `--batch-bytes`, whose default is kDefaultBatchBytes.
inline constexpr size_t kReadBytes = size_t{1} << 18;
inline constexpr size_t kDefaultBatchBytes = size_t{1} << 20;

// The wall clock in milliseconds since the epoch: what `--clock wall` timers fall due on.
auto WallMillis() -> int64_t;

class ServeInput {
 public:
  enum class Step {
    kLines,        // `lines` holds the lines read, each ended by `\n` (maybe none: read again).
    kDue,          // The wall-clock deadline came with no input.
    kInterrupted,  // A signal arrived while waiting.
    kEnd,          // The input ended (never with `--follow`); `lines` holds a last unterminated line.
    kError,        // error() says why.
  };

  // `path` empty: stdin. `notes` receives one line per change of file (waiting, rotation,
  // truncation); null for `--quiet`.
  ServeInput(std::string path, bool follow, std::ostream* notes)
      : path_(std::move(path)), follow_(follow), notes_(notes), reader_(0) {}
  ~ServeInput();
  ServeInput(const ServeInput&) = delete;
  auto operator=(const ServeInput&) -> ServeInput& = delete;

  // Opens the input and places it after what `recorded` says was journaled from it. False with
  // error(); `refused` tells a refusal of the journal (a FILE shorter than it read) from an
  // input that cannot be read or followed.
  auto Open(const runtime::JournalPositions& recorded, bool& refused) -> bool;

  // Waits for input until `due_ms` (wall clock, milliseconds since the epoch; none: no deadline)
  // with `mask` as the signal mask, and reads what there is as whole lines: what is ready at
  // once, without waiting for more, until the lines hold `batch_bytes` (group commit).
  auto Next(std::span<char> buffer, size_t batch_bytes, std::optional<int64_t> due_ms, const sigset_t& mask,
            std::string& lines) -> Step;

  // The input's part of the journal's positions: which file, and how much of it is journaled
  // once the lines handed out so far are.
  void Record(runtime::JournalPositions& positions);

  auto error() const -> const std::string& { return error_; }

 private:
  auto OpenFile(struct stat& file) -> bool;
  void ReadHead();
  auto Replaced() const -> bool;
  auto Wait(std::optional<int64_t> due_ms, const sigset_t& mask) -> Step;
  void ReadReady(std::span<char> buffer, size_t batch_bytes, std::string& lines);
  auto Failed() -> Step;  // From errno: kInterrupted for EINTR, else kError.
  void Restart(uint64_t offset);
  void Note(std::string_view what);

  std::string path_;
  bool follow_;
  std::ostream* notes_;
  int fd_ = -1;
  uint64_t device_ = 0;
  uint64_t inode_ = 0;
  std::string head_;  // The file's first bytes, up to runtime::kInputHeadBytes.
  bool regular_ = false;
  bool waiting_noted_ = false;
  int inotify_fd_ = -1;
  LineReader reader_;
  std::string error_;
};

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_SERVE_INPUT_H_
