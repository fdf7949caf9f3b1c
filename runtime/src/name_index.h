// Finds a registry name (an event `type`, a key of an event line) with one table load and one
// comparison: a perfect hash over (length, first byte, last byte) found at compile time. This
// runs for every key of every input line, so it must cost no more than a hand-written switch;
// a name added to a registry that no seed separates fails the build here.
#ifndef TAKT_RUNTIME_SRC_NAME_INDEX_H_
#define TAKT_RUNTIME_SRC_NAME_INDEX_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "runtime/src/entities.h"
#include "takt/runtime.h"

namespace takt::runtime {

template <size_t kCount>
class NameIndex {
 public:
  consteval explicit NameIndex(const std::array<std::string_view, kCount>& names) : names_(names) {
    static_assert(kCount < kEmpty, "a name index holds fewer names than its empty marker");
    for (seed_ = 1; seed_ < 4096; ++seed_) {
      if (Fill()) {
        return;
      }
    }
    throw "NameIndex: no seed hashes these names without collision; widen kSlots";
  }

  // The index of `name` in the registry order, TAKT_NONE when it names nothing.
  auto Find(std::string_view name) const -> uint32_t {
    if (name.empty()) {
      return TAKT_NONE;
    }
    const uint8_t slot = slots_[Hash(name, seed_)];
    return slot != kEmpty && SameName(names_[slot], name) ? slot : TAKT_NONE;
  }

 private:
  static constexpr size_t kSlots = 64;
  static constexpr uint8_t kEmpty = 0xff;

  static constexpr auto Hash(std::string_view name, uint32_t seed) -> size_t {
    const auto first = static_cast<uint8_t>(name.front());
    const auto last = static_cast<uint8_t>(name.back());
    return (first * seed + last * 2u + name.size()) % kSlots;
  }

  constexpr auto Fill() -> bool {
    slots_.fill(kEmpty);
    for (size_t i = 0; i < kCount; ++i) {
      uint8_t& slot = slots_[Hash(names_[i], seed_)];
      if (slot != kEmpty) {
        return false;
      }
      slot = static_cast<uint8_t>(i);
    }
    return true;
  }

  std::array<std::string_view, kCount> names_;
  std::array<uint8_t, kSlots> slots_{};
  uint32_t seed_ = 0;
};

}  // namespace takt::runtime

#endif  // TAKT_RUNTIME_SRC_NAME_INDEX_H_
