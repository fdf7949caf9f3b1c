// Actions to an ostream (stdout of the driver environment), for `takt run` and `takt journal
// --actions`.
#ifndef TAKT_COMPILER_DRIVER_STREAM_SINK_H_
#define TAKT_COMPILER_DRIVER_STREAM_SINK_H_

#include <ostream>
#include <string_view>

#include "takt/session.h"

namespace takt::driver {

class StreamSink final : public runtime::ActionSink {
 public:
  explicit StreamSink(std::ostream& out) : out_(out) {}
  void Write(std::string_view lines) override { out_.write(lines.data(), static_cast<std::streamsize>(lines.size())); }

 private:
  std::ostream& out_;
};

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_STREAM_SINK_H_
