// The keys of an event line (takt/event_kind.def), as both readers of a line look them up: the
// flat-line scanner and the complete On-Demand parse.
#ifndef TAKT_RUNTIME_SRC_EVENT_KEYS_H_
#define TAKT_RUNTIME_SRC_EVENT_KEYS_H_

#include <array>
#include <cstddef>
#include <string_view>

#include "runtime/src/name_index.h"
#include "takt/names.h"

namespace takt::runtime {

inline constexpr NameIndex<kEventKeyCount> kEventKeyIndex([] {
  std::array<std::string_view, kEventKeyCount> names;
  for (size_t i = 0; i < kEventKeyCount; ++i) {
    names[i] = kEventKeys[i].name;
  }
  return names;
}());

// The JSON type of each key, packed: read for every key of every line.
inline constexpr auto kEventKeyJson = [] {
  std::array<EventJson, kEventKeyCount> json{};
  for (size_t i = 0; i < kEventKeyCount; ++i) {
    json[i] = kEventKeys[i].json;
  }
  return json;
}();

}  // namespace takt::runtime

#endif  // TAKT_RUNTIME_SRC_EVENT_KEYS_H_
