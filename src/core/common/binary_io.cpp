#include "common/binary_io.hpp"

#include <array>

namespace reelrank {

namespace {
std::array<uint32_t, 256> makeCrcTable() {
  std::array<uint32_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t[i] = c;
  }
  return t;
}
constexpr std::size_t kHeaderBytes = 4 + 2 + 2 + 8;
}  // namespace

uint32_t crc32(const uint8_t* data, std::size_t n) {
  static const std::array<uint32_t, 256> table = makeCrcTable();
  uint32_t c = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < n; ++i) c = table[(c ^ data[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::vector<uint8_t> sealSnapshot(const char magic[4], uint16_t version, const std::vector<uint8_t>& payload) {
  BinaryWriter w;
  w.raw(magic, 4);
  w.u16(version);
  w.u16(0);
  w.u64(payload.size());
  w.raw(payload.data(), payload.size());
  w.u32(crc32(w.bytes().data(), w.bytes().size()));
  return std::move(w.bytes());
}

Status openSnapshot(const uint8_t* data, std::size_t n, const char magic[4], uint16_t maxVersion, const char* what,
                    uint16_t* version, const uint8_t** payload, std::size_t* payloadLen) {
  const std::string name(what);
  if (n < kHeaderBytes + 4 || std::memcmp(data, magic, 4) != 0)
    return corruptError("these bytes are not a reelrank " + name +
                        " snapshot (bad magic or too short: " + std::to_string(n) + " bytes)");
  BinaryReader r(data + 4, n - 4);
  uint16_t v = r.u16();
  r.u16();
  uint64_t len = r.u64();
  if (v == 0) return corruptError(name + " snapshot has format version 0, which never existed");
  if (v > maxVersion)
    return Status::error(ErrorCode::Version, name + " snapshot has format version " + std::to_string(v) +
                                                 "; this build reads versions up to " + std::to_string(maxVersion) +
                                                 ": upgrade reelrank to load it");
  if (len != n - kHeaderBytes - 4)
    return corruptError(name + " snapshot is truncated or has trailing bytes (header says " + std::to_string(len) +
                        " payload bytes, found " + std::to_string(n - kHeaderBytes - 4) + ")");
  uint32_t stored;
  std::memcpy(&stored, data + n - 4, 4);
  if (stored != crc32(data, n - 4))
    return corruptError(name + " snapshot fails its checksum: the bytes were changed or damaged");
  *version = v;
  *payload = data + kHeaderBytes;
  *payloadLen = static_cast<std::size_t>(len);
  return Status::ok();
}

}  // namespace reelrank
