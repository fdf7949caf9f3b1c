// A stream buffer over a file descriptor that remembers why a write failed. std::cout only
// learns that it failed (badbit); the driver must say why (`no space left on device`) when it
// reports a lost standard output.
#ifndef TAKT_COMPILER_BASE_FD_STREAM_H_
#define TAKT_COMPILER_BASE_FD_STREAM_H_

#include <streambuf>
#include <string>

namespace takt::base {

class FdStreamBuf final : public std::streambuf {
 public:
  explicit FdStreamBuf(int fd);
  ~FdStreamBuf() override;
  FdStreamBuf(const FdStreamBuf&) = delete;
  auto operator=(const FdStreamBuf&) -> FdStreamBuf& = delete;

  // Why the first failed write failed; empty while every write succeeded.
  auto error() const -> const std::string& { return error_; }

 protected:
  auto overflow(int_type c) -> int_type override;
  auto sync() -> int override;

 private:
  auto WriteAll(const char* data, size_t size) -> bool;

  int fd_;
  std::string error_;
  char buffer_[1 << 16];
};

}  // namespace takt::base

#endif  // TAKT_COMPILER_BASE_FD_STREAM_H_
