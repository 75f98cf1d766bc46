// SHA-256 (FIPS 180-4), used to fingerprint rule packs and calendar files so
// that a screening result can record exactly which legal content produced it.
// Written here rather than taken from a crypto library because Threshold
// needs only this one digest, over small inputs, and no other dependency.

#ifndef THRESHOLD_COMMON_SHA256_H_
#define THRESHOLD_COMMON_SHA256_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace threshold::common {

// Incremental SHA-256: call Update any number of times with consecutive
// pieces of the message, then Finish (or FinishHex) once. Finishing resets
// the object, so it can then hash a new message.
class Sha256 {
 public:
  Sha256() { Reset(); }

  void Update(std::string_view data);

  // The 32-byte digest of everything passed to Update since construction or
  // the last Finish.
  std::array<uint8_t, 32> Finish();

  // As Finish, as 64 lowercase hex digits.
  std::string FinishHex();

 private:
  void Reset();
  void ProcessBlock(const uint8_t* block);

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_;  // A partial block awaiting more input.
  size_t buffered_ = 0;             // Bytes of buffer_ in use, < 64.
  uint64_t total_bytes_ = 0;        // Message length so far.
};

// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace threshold::common

#endif  // THRESHOLD_COMMON_SHA256_H_
