#include "compiler/replay/delivered_log.h"

#include <fmt/format.h>

#include <charconv>

namespace takt::replay {

namespace {

constexpr std::string_view kIdPrefix = R"({"action_id":")";
// Lines of the journal run through NEW before their actions are compared.
constexpr size_t kChunkBytes = size_t{1} << 20;

}  // namespace

auto DeliveredLog::Fill() -> bool {
  if (left_ == 0) {
    return false;
  }
  char buffer[1 << 16];
  const size_t got = std::fread(buffer, 1, std::min<uint64_t>(sizeof buffer, left_), file_);
  left_ -= got;
  pending_.append(buffer, got);
  if (got == 0) {
    // The file ends before the watermark.
    error_ = fmt::format("it ends {} bytes before the journal's delivery watermark", left_);
    left_ = 0;
  }
  return got != 0;
}

auto DeliveredLog::TakeThrough(uint64_t seq, std::string& lines) -> bool {
  size_t start = 0;
  while (error_.empty()) {
    const size_t newline = pending_.find('\n', start);
    if (newline == std::string::npos) {
      pending_.erase(0, start);
      start = 0;
      if (!Fill()) {
        break;
      }
      continue;
    }
    const std::string_view line(pending_.data() + start, newline - start);
    uint64_t line_seq = 0;
    const size_t dot = line.find('.', kIdPrefix.size());
    const size_t quote = line.find('"', kIdPrefix.size());
    if (!line.starts_with(kIdPrefix) || dot == std::string_view::npos || quote == std::string_view::npos ||
        dot > quote ||
        std::from_chars(line.data() + kIdPrefix.size(), line.data() + dot, line_seq).ptr != line.data() + dot ||
        line_seq < last_seq_) {
      error_ = fmt::format("line {} is not an action of `takt serve` in journal order", line_ + 1);
      break;
    }
    if (line_seq > seq) {
      pending_.erase(0, start);
      return true;
    }
    ++line_;
    last_seq_ = line_seq;
    last_id_.assign(line.substr(kIdPrefix.size(), quote - kIdPrefix.size()));
    lines.append(line).push_back('\n');
    start = newline + 1;
  }
  pending_.erase(0, start);
  return error_.empty();
}

auto DeliveredLog::Finish(std::string_view last_action) -> bool {
  if (!error_.empty()) {
    return false;
  }
  if (!pending_.empty() || left_ != 0 || last_id_ != last_action) {
    error_ = fmt::format("its actions up to the journal's delivery watermark end with `{}`, not with `{}`, the "
                         "last action the journal says was delivered",
                         last_id_.empty() ? "none" : last_id_, last_action.empty() ? "none" : last_action);
    return false;
  }
  return true;
}

auto DeliveredLockstep::Line(uint64_t seq, std::string_view line) -> bool {
  chunk_.append(line).push_back('\n');
  chunk_last_seq_ = seq;
  return chunk_.size() < kChunkBytes || Run();
}

auto DeliveredLockstep::Finish() -> bool {
  return Run();
}

auto DeliveredLockstep::Run() -> bool {
  new_session_.Feed(chunk_);
  new_session_.Flush();
  chunk_.clear();
  std::string delivered;
  if (!log_.TakeThrough(chunk_last_seq_, delivered)) {
    return false;
  }
  diff_.Compare(delivered, new_actions_.Take());
  return true;
}

}  // namespace takt::replay
