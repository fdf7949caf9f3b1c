#include "compiler/base/fd_stream.h"

#include <unistd.h>

#include <cerrno>

#include "compiler/base/file_system.h"

namespace takt::base {

FdStreamBuf::FdStreamBuf(int fd) : fd_(fd) { setp(buffer_, buffer_ + sizeof buffer_); }

FdStreamBuf::~FdStreamBuf() { sync(); }

auto FdStreamBuf::WriteAll(const char* data, size_t size) -> bool {
  while (error_.empty() && size > 0) {
    const ssize_t written = ::write(fd_, data, size);
    if (written < 0) {
      if (errno != EINTR) {
        error_ = ErrnoReason(errno);
      }
      continue;
    }
    data += written;
    size -= static_cast<size_t>(written);
  }
  return error_.empty();
}

auto FdStreamBuf::overflow(int_type c) -> int_type {
  if (sync() != 0) {
    return traits_type::eof();
  }
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

auto FdStreamBuf::sync() -> int {
  const bool ok = WriteAll(pbase(), static_cast<size_t>(pptr() - pbase()));
  setp(buffer_, buffer_ + sizeof buffer_);
  return ok ? 0 : -1;
}

}  // namespace takt::base
