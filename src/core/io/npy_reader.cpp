#include "io/npy_reader.hpp"

#include <cstring>
#include <string_view>

namespace reelrank {

namespace {

constexpr char kMagic[6] = {'\x93', 'N', 'U', 'M', 'P', 'Y'};

Status damaged(const std::string& why) { return corruptError("not a valid .npy file: " + why); }

void skipSpace(std::string_view s, std::size_t& at) {
  while (at < s.size() && (s[at] == ' ' || s[at] == '\t' || s[at] == '\n' || s[at] == '\r')) ++at;
}

// Finds `'key':` (either quote style) and leaves `at` on the value.
bool findKey(std::string_view header, const char* key, std::size_t* at) {
  for (const char quote : {'\'', '"'}) {
    const std::string pattern = std::string(1, quote) + key + quote;
    const std::size_t k = header.find(pattern);
    if (k == std::string_view::npos) continue;
    std::size_t p = k + pattern.size();
    skipSpace(header, p);
    if (p >= header.size() || header[p] != ':') return false;
    ++p;
    skipSpace(header, p);
    *at = p;
    return true;
  }
  return false;
}

bool parseString(std::string_view s, std::size_t at, std::string* out) {
  if (at >= s.size() || (s[at] != '\'' && s[at] != '"')) return false;
  const std::size_t end = s.find(s[at], at + 1);
  if (end == std::string_view::npos) return false;
  *out = std::string(s.substr(at + 1, end - at - 1));
  return true;
}

// A tuple of non-negative integers: "()", "(5,)", "(3, 4)", "(3, 4,)".
bool parseShape(std::string_view s, std::size_t at, std::vector<std::size_t>* shape) {
  if (at >= s.size() || s[at] != '(') return false;
  ++at;
  shape->clear();
  while (true) {
    skipSpace(s, at);
    if (at < s.size() && s[at] == ')') return true;
    std::size_t v = 0, digits = 0;
    while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
      if (v > (SIZE_MAX - 9) / 10) return false;
      v = v * 10 + static_cast<std::size_t>(s[at] - '0');
      ++at;
      ++digits;
    }
    while (at < s.size() && s[at] == 'L') ++at;  // Python 2 wrote long integers as 3L
    if (digits == 0) return false;
    shape->push_back(v);
    skipSpace(s, at);
    if (at < s.size() && s[at] == ',') {
      ++at;
      continue;
    }
    skipSpace(s, at);
    if (at < s.size() && s[at] == ')') return true;
    return false;
  }
}

}  // namespace

Status readNpy(const uint8_t* bytes, std::size_t n, NpyArray* out) {
  if (n < 10 || std::memcmp(bytes, kMagic, sizeof kMagic) != 0)
    return damaged("it does not start with the .npy magic \\x93NUMPY (got " + std::to_string(n) + " bytes)");
  const uint8_t major = bytes[6], minor = bytes[7];
  if (major < 1 || major > 3 || minor != 0)
    return Status::error(ErrorCode::Version, ".npy format version " + std::to_string(major) + "." +
                                                 std::to_string(minor) +
                                                 " is not supported (this reader knows 1.0, 2.0 and 3.0)");
  std::size_t headerLen, start;
  if (major == 1) {
    headerLen = static_cast<std::size_t>(bytes[8]) | static_cast<std::size_t>(bytes[9]) << 8;
    start = 10;
  } else {
    if (n < 12) return damaged("the file ends inside its header");
    headerLen = static_cast<std::size_t>(bytes[8]) | static_cast<std::size_t>(bytes[9]) << 8 |
                static_cast<std::size_t>(bytes[10]) << 16 | static_cast<std::size_t>(bytes[11]) << 24;
    start = 12;
  }
  if (headerLen > n - start) return damaged("the file ends inside its header (truncated)");
  const std::string_view header(reinterpret_cast<const char*>(bytes + start), headerLen);

  std::string descr;
  std::size_t at;
  if (!findKey(header, "descr", &at) || !parseString(header, at, &descr))
    return damaged("its header has no 'descr' (dtype) entry");
  if (!findKey(header, "fortran_order", &at)) return damaged("its header has no 'fortran_order' entry");
  const bool fortran = header.compare(at, 4, "True") == 0;
  if (!fortran && header.compare(at, 5, "False") != 0) return damaged("its 'fortran_order' is neither True nor False");
  std::vector<std::size_t> shape;
  if (!findKey(header, "shape", &at) || !parseShape(header, at, &shape))
    return damaged("its header has no readable 'shape' tuple");

  std::size_t itemSize;
  std::string dtype;
  if (descr == "<f4") {
    itemSize = 4;
    dtype = "float32";
  } else if (descr == "<f8") {
    itemSize = 8;
    dtype = "float64";
  } else if (descr == ">f4" || descr == ">f8") {
    return argError(".npy array is big-endian ('" + descr + "'); save it little-endian: arr.astype('<f4')");
  } else {
    return argError(".npy dtype '" + descr +
                    "' is not supported; save float32 or float64: np.save(path, arr.astype(np.float32))");
  }
  if (fortran)
    return argError(
        ".npy array is in Fortran (column-major) order; save it in C order: np.save(path, np.ascontiguousarray(arr))");
  std::size_t count = 1;
  for (std::size_t d : shape) {
    if (d != 0 && count > kMaxNpyValues / d)
      return Status::error(ErrorCode::Memory,
                           ".npy array holds more than " + std::to_string(kMaxNpyValues) + " values");
    count *= d;
  }
  if (count > kMaxNpyValues)
    return Status::error(ErrorCode::Memory, ".npy array holds more than " + std::to_string(kMaxNpyValues) + " values");
  const std::size_t dataBytes = n - start - headerLen;
  if (dataBytes != count * itemSize)
    return damaged("its shape needs " + std::to_string(count * itemSize) + " data bytes but the file has " +
                   std::to_string(dataBytes) + (dataBytes < count * itemSize ? " (truncated)" : " (trailing bytes)"));
  std::vector<float> data(count);
  const uint8_t* p = bytes + start + headerLen;
  if (itemSize == 4) {
    if (count) std::memcpy(data.data(), p, count * 4);  // every target we build for is little-endian
  } else {
    for (std::size_t k = 0; k < count; ++k) {
      double v;
      std::memcpy(&v, p + 8 * k, 8);
      data[k] = static_cast<float>(v);
    }
  }
  out->shape = std::move(shape);
  out->data = std::move(data);
  out->dtype = std::move(dtype);
  return Status::ok();
}

}  // namespace reelrank
