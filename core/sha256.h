// SHA-256 (FIPS 180-4), for digests of trained parameters and other reproducibility checks.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace fb {

/// Incremental SHA-256: update() any number of times, then hex() (or digest()) once.
class Sha256 {
 public:
  Sha256();
  /// Appends `size` bytes.
  void update(const void* data, std::size_t size);
  void update(std::string_view text) { update(text.data(), text.size()); }
  /// The 32-byte digest; finishes the hash (no update() afterwards).
  std::array<std::uint8_t, 32> digest();
  /// The digest as 64 lower-case hex characters; finishes the hash.
  std::string hex();

 private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
  bool finished_ = false;
};

/// SHA-256 of `text` as 64 lower-case hex characters.
std::string sha256_hex(std::string_view text);

}  // namespace fb
