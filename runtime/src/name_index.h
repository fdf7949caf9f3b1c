// Finds a registry name (an event `type`, a key of an event line) the way a hand-written switch
// would: the length and the first and last bytes single out one candidate (a table built at
// compile time from the registry), and two word comparisons against the candidate's bytes, also
// precomputed, decide. This runs for every key of every input line; a name added to a registry that shares
// its length and slot with another fails the build here.
#ifndef TAKT_RUNTIME_SRC_NAME_INDEX_H_
#define TAKT_RUNTIME_SRC_NAME_INDEX_H_

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "takt/runtime.h"

namespace takt::runtime {

template <size_t kCount>
class NameIndex {
 public:
  consteval explicit NameIndex(const std::array<std::string_view, kCount>& names) {
    static_assert(kCount < kEmpty, "a name index holds fewer names than its empty marker");
    slots_.fill(kEmpty);
    for (size_t i = 0; i < kCount; ++i) {
      const std::string_view name = names[i];
      if (name.empty() || name.size() > kMaxLength) {
        throw "NameIndex: a name is empty or longer than kMaxLength";
      }
      uint8_t& slot = slots_[Slot(name)];
      if (slot != kEmpty) {
        throw "NameIndex: two names share their length and slot; mix another byte into Slot";
      }
      slot = static_cast<uint8_t>(i);
      words_[i] = Words(name);
    }
  }

  // The index of `name` in the registry order, TAKT_NONE when it names nothing.
  auto Find(std::string_view name) const -> uint32_t {
    if (name.empty() || name.size() > kMaxLength) {
      return TAKT_NONE;
    }
    const uint8_t slot = slots_[Slot(name)];
    if (slot == kEmpty) {
      return TAKT_NONE;
    }
    const Pair key = Load(name);
    const Pair& expected = words_[slot];
    return ((key.head ^ expected.head) | (key.tail ^ expected.tail)) == 0 ? slot : TAKT_NONE;
  }

 private:
  static constexpr size_t kMaxLength = 16;
  static constexpr size_t kFirstBytes = 32;
  static constexpr uint8_t kEmpty = 0xff;

  // The first and the last word of a name, overlapping when it is shorter than two words: a
  // name of n bytes compares as bytes [0, w) and [n - w, n) with w = 8, 4, 2 or 1, the widest
  // that fits. Equal length and equal words mean equal names.
  struct Pair {
    uint64_t head = 0;
    uint64_t tail = 0;
  };

  static constexpr auto Slot(std::string_view name) -> size_t {
    // Registry names are lower-case ASCII: the low five bits of the first byte, mixed with the
    // last one's, tell them apart (the first alone confuses `confirm` and `consume`).
    const auto first = static_cast<uint8_t>(name.front());
    const auto last = static_cast<uint8_t>(name.back());
    return name.size() * kFirstBytes + ((first ^ (last << 1)) & (kFirstBytes - 1));
  }

  // The words a load of the name's bytes reads, computed at compile time (bit_cast keeps the
  // byte order of the target).
  template <typename Word>
  static constexpr auto WordAt(std::string_view name, size_t at) -> uint64_t {
    std::array<char, sizeof(Word)> bytes{};
    for (size_t i = 0; i < sizeof(Word); ++i) {
      bytes[i] = name[at + i];
    }
    return std::bit_cast<Word>(bytes);
  }

  static constexpr auto Words(std::string_view name) -> Pair {
    const size_t size = name.size();
    if (size >= 8) {
      return Pair{.head = WordAt<uint64_t>(name, 0), .tail = WordAt<uint64_t>(name, size - 8)};
    }
    if (size >= 4) {
      return Pair{.head = WordAt<uint32_t>(name, 0), .tail = WordAt<uint32_t>(name, size - 4)};
    }
    if (size >= 2) {
      return Pair{.head = WordAt<uint16_t>(name, 0), .tail = WordAt<uint16_t>(name, size - 2)};
    }
    return Pair{.head = WordAt<uint8_t>(name, 0), .tail = WordAt<uint8_t>(name, 0)};
  }

  template <typename Word>
  static auto LoadWords(const char* data, size_t size) -> Pair {
    Word head;
    Word tail;
    std::memcpy(&head, data, sizeof(Word));
    std::memcpy(&tail, data + size - sizeof(Word), sizeof(Word));
    return Pair{.head = head, .tail = tail};
  }

  static auto Load(std::string_view name) -> Pair {
    const size_t size = name.size();
    if (size >= 8) {
      return LoadWords<uint64_t>(name.data(), size);
    }
    if (size >= 4) {
      return LoadWords<uint32_t>(name.data(), size);
    }
    if (size >= 2) {
      return LoadWords<uint16_t>(name.data(), size);
    }
    return LoadWords<uint8_t>(name.data(), size);
  }

  std::array<uint8_t, (kMaxLength + 1) * kFirstBytes> slots_{};
  std::array<Pair, kCount> words_{};
};

}  // namespace takt::runtime

#endif  // TAKT_RUNTIME_SRC_NAME_INDEX_H_
