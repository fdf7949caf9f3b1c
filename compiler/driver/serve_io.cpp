#include "compiler/driver/serve_io.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace takt::driver {

void Delivery::CatchUp(bool verify, uint64_t verify_from, uint64_t start) {
  live_ = false;
  verify_ = verify;
  verify_from_ = verify_from;
  position_ = start;
}

auto Delivery::GoLive() -> bool {
  if (!live_ && verify_ && position_ < existing_ && error_.empty()) {
    error_ = fmt::format("it holds {} bytes, {} more than the journal's actions: it was written by something else; "
                         "move it aside, and a new file receives every action again",
                         existing_, existing_ - position_);
  }
  if (!live_ && !verify_) {
    position_ = existing_;
  }
  live_ = true;
  return error_.empty();
}

// Compares `bytes`, which belong at offset `at` of the output, with what the file holds there.
void Delivery::Verify(std::string_view bytes, uint64_t at) {
  if (at + bytes.size() <= verify_from_ || !error_.empty()) {
    return;
  }
  const uint64_t skip = at < verify_from_ ? verify_from_ - at : 0;
  bytes.remove_prefix(skip);
  at += skip;
  std::string held(bytes.size(), '\0');
  const ssize_t got = ::pread(fd_, held.data(), held.size(), static_cast<off_t>(at));
  if (got != static_cast<ssize_t>(held.size()) || held != bytes) {
    error_ = fmt::format("it differs from the actions the journal re-derives near byte {}: it was written by "
                         "something else; move it aside, and a new file receives every action again",
                         at);
  }
}

void Delivery::Write(std::string_view lines) {
  if (!live_) {
    if (!verify_) {
      position_ += lines.size();
      return;
    }
    // The part the file already holds is checked, not written; the rest is delivered.
    const uint64_t held = position_ < existing_ ? std::min<uint64_t>(existing_ - position_, lines.size()) : 0;
    Verify(lines.substr(0, held), position_);
    position_ += held;
    lines.remove_prefix(held);
  }
  while (!lines.empty() && error_.empty()) {
    const ssize_t wrote = ::write(fd_, lines.data(), lines.size());
    if (wrote < 0 && errno == EINTR) {
      continue;
    }
    if (wrote <= 0) {
      error_ = std::strerror(errno);
      return;
    }
    position_ += static_cast<uint64_t>(wrote);
    lines.remove_prefix(static_cast<size_t>(wrote));
  }
}

void LineReader::Add(std::string_view bytes, std::string& lines) {
  while (!bytes.empty()) {
    if (partial_bytes_ == 0) {
      // The whole lines within the limit go to the batch as they are, in one piece.
      size_t run = 0;
      for (size_t newline = 0; (newline = bytes.find('\n', run)) != std::string_view::npos &&
                               newline - run <= runtime::kMaxLineLength;) {
        run = newline + 1;
      }
      lines.append(bytes.substr(0, run));
      offset_ += run;
      bytes.remove_prefix(run);
      if (bytes.empty()) {
        return;
      }
    }
    const size_t newline = bytes.find('\n');
    const std::string_view piece = bytes.substr(0, newline);
    const size_t room = runtime::kMaxLineLength + 1 - std::min(partial_.size(), runtime::kMaxLineLength + 1);
    partial_.append(piece.substr(0, std::min(room, piece.size())));
    partial_bytes_ += piece.size();
    if (newline == std::string_view::npos) {
      return;
    }
    EndPartial(1, lines);
    bytes.remove_prefix(newline + 1);
  }
}

// Hands out the partial line, which `terminator` bytes of the input ended (its `\n`, or none at
// the end of the input).
void LineReader::EndPartial(uint64_t terminator, std::string& lines) {
  offset_ += partial_bytes_ + terminator;
  lines.append(partial_).push_back('\n');
  partial_.clear();
  partial_bytes_ = 0;
}

void LineReader::Finish(std::string& lines) {
  if (partial_bytes_ != 0) {
    EndPartial(0, lines);
  }
}

}  // namespace takt::driver
