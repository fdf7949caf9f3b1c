// Host API (C++): SHA-256 (FIPS 180-4). For the source hash an executor embeds, computed by the
// compiler (interpreter and lowering) and checked by the driver: every action is attributable to
// one revision of the standard. Small and dependency-free so the runtime links no crypto library.
#ifndef TAKT_RUNTIME_INCLUDE_TAKT_SHA256_H_
#define TAKT_RUNTIME_INCLUDE_TAKT_SHA256_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace takt::runtime {

class Sha256 {
 public:
  Sha256();
  void Update(std::string_view data);
  // The digest as 64 lower-case hex digits; the object is spent afterwards.
  auto FinishHex() -> std::string;

 private:
  void Block(const uint8_t* block);
  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_{};
  uint64_t length_ = 0;
  size_t buffered_ = 0;
};

auto Sha256Hex(std::string_view data) -> std::string;

}  // namespace takt::runtime

#endif  // TAKT_RUNTIME_INCLUDE_TAKT_SHA256_H_
