#include "compiler/driver/serve_input.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace takt::driver {

namespace {

// With `--follow`, the longest wait between two looks at the file. inotify on its directory
// wakes serve at once; this bound is for file systems without it (NFS) and for a directory that
// does not exist yet.
constexpr int64_t kFollowPollMillis = 500;

auto TimespecOf(int64_t millis) -> timespec {
  return timespec{.tv_sec = millis / 1000, .tv_nsec = millis % 1000 * 1'000'000};
}

}  // namespace

auto WallMillis() -> int64_t {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  return static_cast<int64_t>(now.tv_sec) * 1000 + now.tv_nsec / 1'000'000;
}

ServeInput::~ServeInput() {
  if (fd_ > STDIN_FILENO) {
    ::close(fd_);
  }
  if (inotify_fd_ >= 0) {
    ::close(inotify_fd_);
  }
}

void ServeInput::Note(std::string_view what) {
  if (notes_ != nullptr) {
    *notes_ << fmt::format("takt serve: `{}` {}\n", path_, what) << std::flush;
  }
}

// Opens `path_` as the current input, read from its start. A missing file while following is
// no error: fd_ stays -1 and it is looked for again after the next wait.
auto ServeInput::OpenFile(struct stat& file) -> bool {
  // Not blocking: a FIFO that appears at a followed path is refused below, not waited on for a
  // writer. Reads of a regular file never block anyway.
  const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC | (follow_ ? O_NONBLOCK : 0));
  if (fd < 0) {
    if (follow_ && errno == ENOENT) {
      if (!waiting_noted_) {
        Note("does not exist: waiting for it to appear");
        waiting_noted_ = true;
      }
      return true;
    }
    error_ = std::strerror(errno);
    return false;
  }
  if (::fstat(fd, &file) != 0) {
    error_ = std::strerror(errno);
    ::close(fd);
    return false;
  }
  regular_ = S_ISREG(file.st_mode);
  if (follow_ && !regular_) {
    ::close(fd);
    error_ = "it is not a regular file";
    return false;
  }
  if (waiting_noted_) {
    Note("appeared");
    waiting_noted_ = false;
  }
  fd_ = fd;
  device_ = static_cast<uint64_t>(file.st_dev);
  inode_ = static_cast<uint64_t>(file.st_ino);
  head_.clear();
  Restart(0);
  return true;
}

void ServeInput::Restart(uint64_t offset) {
  ::lseek(fd_, static_cast<off_t>(offset), SEEK_SET);
  reader_ = LineReader(offset);
}

auto ServeInput::Open(const runtime::JournalPositions& recorded, bool& refused) -> bool {
  refused = false;
  if (path_.empty()) {
    fd_ = STDIN_FILENO;
    return true;
  }
  if (follow_) {
    // The directory, not the file: it reports appends to the file, its creation and its
    // replacement by a rotation alike, and it exists before the file does.
    inotify_fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    const std::filesystem::path directory = std::filesystem::path(path_).parent_path();
    if (inotify_fd_ >= 0 &&
        ::inotify_add_watch(inotify_fd_, directory.empty() ? "." : directory.c_str(),
                            IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CLOSE_WRITE) < 0) {
      ::close(inotify_fd_);
      inotify_fd_ = -1;
    }
  }
  struct stat file {};
  if (!OpenFile(file)) {
    return false;
  }
  if (fd_ < 0 || !regular_ || recorded.input_path != path_) {
    return true;
  }
  const auto size = static_cast<uint64_t>(file.st_size);
  if (!follow_) {
    if (size < recorded.input_offset) {
      refused = true;
      error_ = fmt::format("it has read {} bytes of `{}`, which is shorter now: pass the new file under another name",
                           recorded.input_offset, path_);
      return false;
    }
    Restart(recorded.input_offset);
    return true;
  }
  // Following resumes only in the file the journal was reading: the same device and inode, and
  // the same first bytes, since a file created after a rotation may reuse a freed inode.
  ReadHead();
  const bool same = recorded.input_device == device_ && recorded.input_inode == inode_ &&
                    head_.starts_with(recorded.input_head);
  if (same && size >= recorded.input_offset) {
    Restart(recorded.input_offset);
  } else if (same) {
    Note(fmt::format("is shorter than the {} bytes journaled from it (truncated): reading it from its start",
                     recorded.input_offset));
  } else if (recorded.input_offset > 0) {
    Note("is not the file the journal was reading (rotated or rewritten while serve was stopped): reading it "
         "from its start");
  }
  return true;
}

void ServeInput::ReadHead() {
  if (head_.size() >= runtime::kInputHeadBytes) {
    return;
  }
  head_.resize(runtime::kInputHeadBytes);
  const ssize_t got = ::pread(fd_, head_.data(), head_.size(), 0);
  head_.resize(got > 0 ? static_cast<size_t>(got) : 0);
}

void ServeInput::Record(runtime::JournalPositions& positions) {
  if (path_.empty() || !regular_) {
    positions.input_path.clear();
    positions.input_offset = 0;
    return;
  }
  positions.input_path = path_;
  positions.input_offset = reader_.offset();
  positions.input_device = device_;
  positions.input_inode = inode_;
  if (fd_ >= 0 && head_.size() < std::min<uint64_t>(runtime::kInputHeadBytes, reader_.offset())) {
    ReadHead();
  }
  positions.input_head = head_.substr(0, std::min<uint64_t>(head_.size(), reader_.offset()));
}

// True when the path names another file than the one being read: it was rotated and a new one
// created in its place. A path that names nothing (renamed away, not yet re-created) is not:
// the old file is read on.
auto ServeInput::Replaced() const -> bool {
  struct stat file {};
  return ::stat(path_.c_str(), &file) == 0 &&
         (static_cast<uint64_t>(file.st_dev) != device_ || static_cast<uint64_t>(file.st_ino) != inode_);
}

auto ServeInput::Next(std::span<char> buffer, size_t batch_bytes, std::optional<int64_t> due_ms,
                      const sigset_t& mask, std::string& lines) -> Step {
  lines.clear();
  if (!follow_) {
    pollfd poll_in{.fd = fd_, .events = POLLIN, .revents = 0};
    const timespec timeout = TimespecOf(due_ms ? std::max<int64_t>(0, *due_ms - WallMillis()) : 0);
    const int ready = ::ppoll(&poll_in, 1, due_ms ? &timeout : nullptr, &mask);
    if (ready <= 0) {
      return ready == 0 ? Step::kDue : Failed();
    }
  } else if (fd_ < 0) {
    struct stat file {};
    if (!OpenFile(file)) {
      return Step::kError;
    }
    if (fd_ < 0) {
      return Wait(due_ms, mask);
    }
  }
  // Looked at before reading: a read that finds nothing after the path was seen replaced means
  // the old file was read to its very end.
  const bool replaced = follow_ && Replaced();
  const ssize_t got = ::read(fd_, buffer.data(), std::min(buffer.size(), batch_bytes));
  if (got > 0) {
    reader_.Add(std::string_view(buffer.data(), static_cast<size_t>(got)), lines);
    ReadReady(buffer, batch_bytes, lines);
    return Step::kLines;
  }
  if (got < 0) {
    return errno == EAGAIN ? Step::kLines : Failed();
  }
  if (!follow_) {
    reader_.Finish(lines);
    return Step::kEnd;
  }
  // At the end of what the file holds. Its last line, if unterminated, ends with the file: the
  // rest of the input is in another file, or written again from the start.
  struct stat file {};
  if (replaced) {
    reader_.Finish(lines);
    Note("was rotated: reading the new file from its start");
    ::close(fd_);
    fd_ = -1;
    return OpenFile(file) ? Step::kLines : Step::kError;
  }
  const off_t read_to = ::lseek(fd_, 0, SEEK_CUR);
  if (::fstat(fd_, &file) == 0 && file.st_size < read_to) {
    reader_.Finish(lines);
    Note("was truncated: reading it from its start");
    head_.clear();
    Restart(0);
    return Step::kLines;
  }
  return Wait(due_ms, mask);
}

// Reads on while the input has bytes ready and the lines hold less than `batch_bytes`: a burst
// (a file being caught up with, a busy pipe) is one commit, a line that comes alone is committed
// alone. The end of the input, or an error, is left to the next Next.
void ServeInput::ReadReady(std::span<char> buffer, size_t batch_bytes, std::string& lines) {
  while (lines.size() < batch_bytes) {
    pollfd poll_in{.fd = fd_, .events = POLLIN, .revents = 0};
    if (!regular_ && ::poll(&poll_in, 1, 0) <= 0) {
      return;
    }
    const ssize_t got = ::read(fd_, buffer.data(), std::min(buffer.size(), batch_bytes - lines.size()));
    if (got <= 0) {
      return;
    }
    reader_.Add(std::string_view(buffer.data(), static_cast<size_t>(got)), lines);
  }
}

// Sleeps until the directory reports a change, the poll interval passes, a signal comes or the
// deadline: kLines (look again), kInterrupted or kDue.
auto ServeInput::Wait(std::optional<int64_t> due_ms, const sigset_t& mask) -> Step {
  int64_t wait = kFollowPollMillis;
  if (due_ms) {
    wait = std::clamp<int64_t>(*due_ms - WallMillis(), 0, wait);
  }
  const timespec timeout = TimespecOf(wait);
  pollfd poll_changes{.fd = inotify_fd_, .events = POLLIN, .revents = 0};
  const int ready = ::ppoll(&poll_changes, inotify_fd_ >= 0 ? 1 : 0, &timeout, &mask);
  if (ready < 0) {
    return Failed();
  }
  if (ready > 0) {
    // What changed does not matter: the file is looked at again either way.
    alignas(inotify_event) char events[4096];
    while (::read(inotify_fd_, events, sizeof events) > 0) {
    }
  }
  return due_ms && WallMillis() >= *due_ms ? Step::kDue : Step::kLines;
}

auto ServeInput::Failed() -> Step {
  if (errno == EINTR) {
    return Step::kInterrupted;
  }
  error_ = std::strerror(errno);
  return Step::kError;
}

}  // namespace takt::driver
