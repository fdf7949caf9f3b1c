// The byte encoding of a session snapshot (Session::SaveSnapshot): fixed-width integers in the
// host's byte order and length-prefixed byte strings, written by SnapshotWriter and read back by
// SnapshotReader. A snapshot is only ever read by the executor that wrote it (its identity is
// checked first), and state records are flat bytes of that executor's layout, so the host's byte
// order is the only one that can matter.
#ifndef TAKT_RUNTIME_SRC_SNAPSHOT_CODEC_H_
#define TAKT_RUNTIME_SRC_SNAPSHOT_CODEC_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace takt::runtime {

class SnapshotWriter {
 public:
  template <typename Int>
    requires std::is_arithmetic_v<Int>
  void Put(Int value) {
    out_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  void PutBytes(const void* data, size_t size) { out_.append(static_cast<const char*>(data), size); }
  void PutString(std::string_view text) {
    Put<uint64_t>(text.size());
    out_.append(text);
  }
  auto bytes() -> std::string& { return out_; }

 private:
  std::string out_;
};

// Reads what SnapshotWriter wrote. A read past the end fails the reader (ok() turns false) and
// yields zeros, so a decoder checks ok() once at the end instead of after every field.
class SnapshotReader {
 public:
  explicit SnapshotReader(std::string_view bytes) : rest_(bytes) {}

  template <typename Int>
    requires std::is_arithmetic_v<Int>
  auto Get() -> Int {
    Int value{};
    GetBytes(&value, sizeof value);
    return value;
  }
  void GetBytes(void* data, size_t size) {
    if (size > rest_.size()) {
      ok_ = false;
      rest_ = {};
      std::memset(data, 0, size);
      return;
    }
    std::memcpy(data, rest_.data(), size);
    rest_.remove_prefix(size);
  }
  auto GetString() -> std::string {
    const auto size = Get<uint64_t>();
    if (size > rest_.size()) {
      ok_ = false;
      rest_ = {};
      return {};
    }
    std::string text(rest_.substr(0, size));
    rest_.remove_prefix(size);
    return text;
  }
  // A count of items of at least `item_size` bytes each; more than the bytes left is a failure,
  // so a damaged count cannot make the decoder allocate without bound.
  auto GetCount(size_t item_size) -> uint64_t {
    const auto count = Get<uint64_t>();
    if (item_size != 0 && count > rest_.size() / item_size) {
      ok_ = false;
      rest_ = {};
      return 0;
    }
    return count;
  }
  auto ok() const -> bool { return ok_; }
  auto at_end() const -> bool { return rest_.empty(); }

 private:
  std::string_view rest_;
  bool ok_ = true;
};

}  // namespace takt::runtime

#endif  // TAKT_RUNTIME_SRC_SNAPSHOT_CODEC_H_
