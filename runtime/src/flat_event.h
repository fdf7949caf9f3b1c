// The common shape of an event line read in one pass: a flat object of known keys whose strings
// are printable ASCII without escapes and whose numbers are short and plain, which is nearly every
// line a producer writes. On such a line the scanner fills a RawEvent exactly as the complete
// On-Demand parse would (the same values, the same views' text); on any other line it declines,
// and the complete parse reads it, so every message about a bad line stays that parse's.
#ifndef TAKT_RUNTIME_SRC_FLAT_EVENT_H_
#define TAKT_RUNTIME_SRC_FLAT_EVENT_H_

#include <cstddef>

#include "runtime/src/event_decoder.h"

namespace takt::runtime {

// True with `raw` filled when [data, data + length) is a flat event line of the common shape
// (`length` without the blanks around the line); false, `raw` to be reset, otherwise.
auto ScanFlatEvent(const char* data, size_t length, RawEvent& raw) -> bool;

}  // namespace takt::runtime

#endif  // TAKT_RUNTIME_SRC_FLAT_EVENT_H_
