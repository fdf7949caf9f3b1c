// Feeds arbitrary bytes as a JSON Lines event stream to the runtime, driving the reference
// interpreter over examples/porto. A crash, hang, leak, sanitizer report or broken invariant
// (event_stream_invariants.h) is a bug; the input then joins corpus/events_fuzzer/.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/fuzz/event_stream_invariants.h"

extern "C" auto LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) -> int {
  const std::string violation =
      takt::fuzz::PortoEventViolation(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!violation.empty()) {
    std::fprintf(stderr, "invariant broken: %s\n", violation.c_str());
    std::abort();
  }
  return 0;
}
