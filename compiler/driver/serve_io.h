// The two ends of `takt serve`: the delivery of actions to `-o FILE` (append-only, resumed
// after a crash where the file stops, verified against what the journal re-derives) or stdout,
// and the reading of input lines from a descriptor that may be a pipe, a terminal or a file.
#ifndef TAKT_COMPILER_DRIVER_SERVE_IO_H_
#define TAKT_COMPILER_DRIVER_SERVE_IO_H_

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "takt/session.h"

namespace takt::driver {

// Where `takt serve` delivers the actions: `-o FILE` or stdout (Delivery), or a JetStream
// stream (docs/deploy.md).
class ServeOutput : public runtime::ActionSink {
 public:
  // The bytes delivered (the watermark of `-o FILE`).
  virtual auto delivered() const -> uint64_t = 0;
  virtual auto failed() const -> bool = 0;
};

// Counts the bytes of the action stream. While catching up (a restart replaying the journal),
// the bytes the output file already holds are not written again: those after `verify_from` are
// compared with it instead, and a partial last line (a crash in the middle of a write) is
// completed. Writes go straight to the descriptor, so each event's actions are visible at once.
class Delivery final : public ServeOutput {
 public:
  // `fd` is the output (1 for stdout); `existing` the bytes it holds already.
  Delivery(int fd, uint64_t existing) : fd_(fd), existing_(existing) {}

  void Write(std::string_view lines) override;

  // The stream is re-derived from byte `start` of the output (0: from the first journal line; a
  // snapshot's delivered bytes when the replay starts after it); bytes before `existing` are not
  // written, and from `verify_from` on they are compared with the file. With `verify` false
  // (stdout, or a new standard whose actions before the switch differ from the old one's), all of
  // them are dropped.
  void CatchUp(bool verify, uint64_t verify_from, uint64_t start);
  // Ends catching up: from now on every byte is written. With `verify`, the file must not hold
  // more than was re-derived.
  auto GoLive() -> bool;

  // The bytes of the output delivered (written and flushed): the watermark.
  auto delivered() const -> uint64_t override { return live_ ? position_ : existing_; }
  auto failed() const -> bool override { return !error_.empty(); }
  auto error() const -> const std::string& { return error_; }

 private:
  void Verify(std::string_view bytes, uint64_t at);

  int fd_;
  uint64_t existing_;
  uint64_t position_ = 0;
  bool live_ = true;
  bool verify_ = false;
  uint64_t verify_from_ = 0;
  std::string error_;
};

// Splits what a descriptor yields into lines, appended to a batch each ended by `\n`,
// remembering the byte offset after the last whole line. A line longer than
// runtime::kMaxLineLength is not buffered whole: its first kMaxLineLength + 1 bytes stand for it,
// which the session rejects the same way.
class LineReader {
 public:
  explicit LineReader(uint64_t offset) : offset_(offset) {}
  // Adds `bytes` and appends the lines they complete to `lines`.
  void Add(std::string_view bytes, std::string& lines);
  // At the end of the input: a last line without `\n`, when there is one, appended with one.
  auto Finish(std::string& lines) -> void;
  // Bytes of the input consumed by the lines handed out.
  auto offset() const -> uint64_t { return offset_; }

 private:
  void EndPartial(uint64_t terminator, std::string& lines);

  std::string partial_;
  uint64_t partial_bytes_ = 0;  // Of the partial line, including those dropped past the limit.
  uint64_t offset_;
};

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_SERVE_IO_H_
