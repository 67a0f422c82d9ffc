// Little-endian binary writer and a bounds-checked reader for the snapshot
// format (docs/format.md). Every snapshot is
//   magic[4] | u16 version | u16 reserved | u64 payload length | payload | u32 crc32
// where the CRC covers everything before it. The reader never reads past the
// end: a short or lying length marks the reader failed, and the caller turns
// that into E_CORRUPT.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "common/status.hpp"

namespace reelrank {

uint32_t crc32(const uint8_t* data, std::size_t n);

class BinaryWriter {
 public:
  void u8(uint8_t v) { bytes_.push_back(v); }
  void u16(uint16_t v) { raw(&v, 2); }
  void u32(uint32_t v) { raw(&v, 4); }
  void u64(uint64_t v) { raw(&v, 8); }
  void i32(int32_t v) { raw(&v, 4); }
  void f32(float v) { raw(&v, 4); }
  void f64(double v) { raw(&v, 8); }
  void str(const std::string& s) {
    u32(static_cast<uint32_t>(s.size()));
    raw(s.data(), s.size());
  }
  template <typename T>
  void podVector(const std::vector<T>& v) {
    u64(v.size());
    if (!v.empty()) raw(v.data(), v.size() * sizeof(T));
  }
  void strings(const std::vector<std::string>& v) {
    u64(v.size());
    for (const auto& s : v) str(s);
  }
  void raw(const void* p, std::size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    bytes_.insert(bytes_.end(), b, b + n);
  }
  std::vector<uint8_t>& bytes() { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;  // wasm and every target we build for are little-endian
};

class BinaryReader {
 public:
  BinaryReader(const uint8_t* data, std::size_t n) : p_(data), end_(data + n) {}
  bool ok() const { return ok_; }
  std::size_t remaining() const { return static_cast<std::size_t>(end_ - p_); }
  uint8_t u8() { return scalar<uint8_t>(); }
  uint16_t u16() { return scalar<uint16_t>(); }
  uint32_t u32() { return scalar<uint32_t>(); }
  uint64_t u64() { return scalar<uint64_t>(); }
  int32_t i32() { return scalar<int32_t>(); }
  float f32() { return scalar<float>(); }
  double f64() { return scalar<double>(); }
  std::string str() {
    uint32_t n = u32();
    if (!ok_ || n > remaining()) {
      ok_ = false;
      return {};
    }
    std::string s(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return s;
  }
  // Reads a vector of T; the count is checked against the bytes left before
  // anything is allocated, so a lying count cannot exhaust memory.
  template <typename T>
  std::vector<T> podVector() {
    uint64_t n = u64();
    if (!ok_ || n > remaining() / sizeof(T)) {
      ok_ = false;
      return {};
    }
    std::vector<T> v(static_cast<std::size_t>(n));
    raw(v.data(), v.size() * sizeof(T));
    return v;
  }
  std::vector<std::string> strings() {
    uint64_t n = u64();
    if (!ok_ || n > remaining() / 4) {
      ok_ = false;
      return {};
    }  // each string takes >= 4 bytes
    std::vector<std::string> v;
    v.reserve(static_cast<std::size_t>(n));
    for (uint64_t i = 0; i < n && ok_; ++i) v.push_back(str());
    return v;
  }
  void raw(void* out, std::size_t n) {
    if (!ok_ || n > remaining()) {
      ok_ = false;
      return;
    }
    if (n) std::memcpy(out, p_, n);
    p_ += n;
  }
  void fail() { ok_ = false; }

 private:
  // A fixed-size little-endian value; 0 once the reader has failed.
  template <typename T>
  T scalar() {
    T v{};
    raw(&v, sizeof(T));
    return v;
  }

  const uint8_t* p_;
  const uint8_t* end_;
  bool ok_ = true;
};

// Wraps a payload in the snapshot envelope.
std::vector<uint8_t> sealSnapshot(const char magic[4], uint16_t version, const std::vector<uint8_t>& payload);

// Checks the envelope (magic, version <= maxVersion, length, checksum) and
// returns the payload's position. `what` names the object in messages.
Status openSnapshot(const uint8_t* data, std::size_t n, const char magic[4], uint16_t maxVersion, const char* what,
                    uint16_t* version, const uint8_t** payload, std::size_t* payloadLen);

}  // namespace reelrank
