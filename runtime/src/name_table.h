// Names → their index in a list, for the names a plant declares (workcenters, controls, …) and
// the entities a stream creates (orders, lots, `by` texts, case ids). Every event resolves one
// or more names, so this is an open-addressing table of (hash, index) pairs with a cheap
// word-at-a-time hash: a probe compares one 32-bit hash before it touches a name, and nothing is
// allocated on a lookup (std::unordered_map with std::hash cost a tenth of a measurement's time).
// The names themselves live in the caller's list (the descriptor's tables, or the entity name
// vectors): name i is `names[i]`.
#ifndef TAKT_RUNTIME_SRC_NAME_TABLE_H_
#define TAKT_RUNTIME_SRC_NAME_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "takt/runtime.h"

namespace takt::runtime {

// Equal names of a few bytes: an inline loop, cheaper than a call to memcmp.
inline auto SameName(std::string_view a, std::string_view b) -> bool {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) {
      return false;
    }
  }
  return true;
}

class NameSlots {
 public:
  // The index of `name`, TAKT_NONE when no inserted index names it.
  template <typename Names>
  auto Find(std::string_view name, const Names& names) const -> uint32_t {
    if (slots_.empty()) {
      return TAKT_NONE;
    }
    const uint32_t hash = Hash(name);
    for (size_t at = hash & mask_;; at = (at + 1) & mask_) {
      const Slot& slot = slots_[at];
      if (slot.index == TAKT_NONE) {
        return TAKT_NONE;
      }
      if (slot.hash == hash && SameName(names[slot.index], name)) {
        return slot.index;
      }
    }
  }

  // Records that `name` is index `index`; the name must not be in the table yet.
  void Insert(std::string_view name, uint32_t index) {
    if ((count_ + 1) * 2 > slots_.size()) {
      Grow();
    }
    Place(Slot{.hash = Hash(name), .index = index});
    ++count_;
  }

 private:
  struct Slot {
    uint32_t hash = 0;
    uint32_t index = TAKT_NONE;
  };

  // Multiply-xorshift over 8-byte words; names are short (a word or two), so no loop dominates.
  static auto Hash(std::string_view name) -> uint32_t {
    constexpr uint64_t kMultiplier = 0x9e3779b97f4a7c15ULL;
    const char* data = name.data();
    size_t size = name.size();
    uint64_t hash = size * kMultiplier;
    while (size >= 8) {
      uint64_t word;
      std::memcpy(&word, data, 8);
      hash = (hash ^ word) * kMultiplier;
      hash ^= hash >> 32;
      data += 8;
      size -= 8;
    }
    if (size > 0) {
      uint64_t word = 0;
      std::memcpy(&word, data, size);
      hash = (hash ^ word) * kMultiplier;
      hash ^= hash >> 32;
    }
    return static_cast<uint32_t>(hash);
  }

  void Place(Slot slot) {
    size_t at = slot.hash & mask_;
    while (slots_[at].index != TAKT_NONE) {
      at = (at + 1) & mask_;
    }
    slots_[at] = slot;
  }

  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.index != TAKT_NONE) {
        Place(slot);
      }
    }
  }

  std::vector<Slot> slots_;  // A power of two, at most half full.
  size_t mask_ = 0;
  size_t count_ = 0;
};

}  // namespace takt::runtime

#endif  // TAKT_RUNTIME_SRC_NAME_TABLE_H_
