#include "io/safetensors_reader.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string_view>
#include <utility>

namespace reelrank {

namespace {

Status damaged(const std::string& why) { return corruptError("not a valid .safetensors file: " + why); }

struct Dtype {
  const char* name;
  std::size_t bytes;
};
// The dtypes of the format with a whole number of bytes per value.
constexpr Dtype kDtypes[] = {{"BOOL", 1}, {"U8", 1},  {"I8", 1},  {"F8_E5M2", 1}, {"F8_E4M3", 1},
                             {"I16", 2},  {"U16", 2}, {"F16", 2}, {"BF16", 2},    {"I32", 4},
                             {"U32", 4},  {"F32", 4}, {"F64", 8}, {"I64", 8},     {"U64", 8}};

std::size_t dtypeBytes(const std::string& name) {
  for (const Dtype& d : kDtypes)
    if (name == d.name) return d.bytes;
  return 0;
}

// A reader of the header's JSON, strict (RFC 8259 without fractions and
// exponents, which the header never holds). Each method returns false with
// error() saying what is wrong and where.
class HeaderJson {
 public:
  explicit HeaderJson(std::string_view text) : s_(text) {}
  const std::string& error() const { return error_; }
  bool atEnd() const { return at_ == s_.size(); }
  std::size_t position() const { return at_; }

  void skipSpace() {
    while (at_ < s_.size() && (s_[at_] == ' ' || s_[at_] == '\t' || s_[at_] == '\n' || s_[at_] == '\r')) ++at_;
  }
  bool peek(char c) {
    skipSpace();
    return at_ < s_.size() && s_[at_] == c;
  }
  bool take(char c, const char* what) {
    skipSpace();
    if (at_ < s_.size() && s_[at_] == c) {
      ++at_;
      return true;
    }
    return fail(std::string("expected ") + what);
  }
  // After the first member of an object or array: ',' (true, *more) or the
  // closing bracket (true, !*more).
  bool next(char close, bool* more) {
    skipSpace();
    if (at_ < s_.size() && s_[at_] == ',') {
      ++at_;
      *more = true;
      return true;
    }
    if (at_ < s_.size() && s_[at_] == close) {
      ++at_;
      *more = false;
      return true;
    }
    return fail(close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
  }

  bool string(std::string* out) {
    if (!take('"', "a string")) return false;
    std::string v;
    while (true) {
      if (at_ >= s_.size()) return fail("the header ends inside a string (truncated)");
      const auto c = static_cast<unsigned char>(s_[at_]);
      if (c == '"') {
        ++at_;
        break;
      }
      if (c < 0x20) return fail("a control character inside a string");
      if (c == '\\') {
        if (!escape(&v)) return false;
      } else if (c < 0x80) {
        v.push_back(static_cast<char>(c));
        ++at_;
      } else if (!utf8(&v)) {
        return false;
      }
    }
    *out = std::move(v);
    return true;
  }

  // A whole number >= 0 that fits in 64 bits.
  bool unsignedNumber(uint64_t* out) {
    skipSpace();
    if (at_ < s_.size() && s_[at_] == '-') return fail("a negative number");
    if (at_ >= s_.size() || s_[at_] < '0' || s_[at_] > '9') return fail("expected a whole number");
    const std::size_t start = at_;
    uint64_t v = 0;
    while (at_ < s_.size() && s_[at_] >= '0' && s_[at_] <= '9') {
      const auto digit = static_cast<uint64_t>(s_[at_] - '0');
      if (v > (std::numeric_limits<uint64_t>::max() - digit) / 10) return fail("a number past 2^64 - 1");
      v = v * 10 + digit;
      ++at_;
    }
    if (s_[start] == '0' && at_ - start > 1) return fail("a number with a leading zero");
    if (at_ < s_.size() && (s_[at_] == '.' || s_[at_] == 'e' || s_[at_] == 'E'))
      return fail("a number with a fraction or exponent (the header holds whole numbers only)");
    *out = v;
    return true;
  }

  bool fail(const std::string& why) {
    error_ = why + " at header byte " + std::to_string(at_) +
             (at_ == s_.size() ? " (where the header ends: truncated?)" : "");
    return false;
  }

 private:
  bool hex4(uint32_t* out) {
    if (s_.size() - at_ < 4) return fail("the header ends inside a \\u escape (truncated)");
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[at_ + k];
      uint32_t d;
      if (c >= '0' && c <= '9') {
        d = static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        d = static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        d = static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return fail("a \\u escape without four hex digits");
      }
      v = v * 16 + d;
    }
    at_ += 4;
    *out = v;
    return true;
  }

  static void appendUtf8(uint32_t cp, std::string* v) {
    if (cp < 0x80) {
      v->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      v->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      v->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      v->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      v->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      v->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      v->push_back(static_cast<char>(0xF0 | (cp >> 18)));
      v->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      v->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      v->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  // At a backslash.
  bool escape(std::string* v) {
    if (s_.size() - at_ < 2) return fail("the header ends inside an escape (truncated)");
    const char c = s_[at_ + 1];
    at_ += 2;
    switch (c) {
      case '"':
        v->push_back('"');
        return true;
      case '\\':
        v->push_back('\\');
        return true;
      case '/':
        v->push_back('/');
        return true;
      case 'b':
        v->push_back('\b');
        return true;
      case 'f':
        v->push_back('\f');
        return true;
      case 'n':
        v->push_back('\n');
        return true;
      case 'r':
        v->push_back('\r');
        return true;
      case 't':
        v->push_back('\t');
        return true;
      case 'u':
        break;
      default:
        at_ -= 2;
        return fail("an unknown escape");
    }
    uint32_t cp = 0;
    if (!hex4(&cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return fail("a \\u escape of a lone low surrogate");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (s_.size() - at_ < 2 || s_[at_] != '\\' || s_[at_ + 1] != 'u')
        return fail("a \\u escape of a high surrogate without its low surrogate");
      at_ += 2;
      uint32_t low = 0;
      if (!hex4(&low)) return false;
      if (low < 0xDC00 || low > 0xDFFF) return fail("a \\u escape of a high surrogate without its low surrogate");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    appendUtf8(cp, v);
    return true;
  }

  // At a byte >= 0x80: one well-formed UTF-8 sequence (no overlong forms, no
  // surrogates, nothing past U+10FFFF).
  bool utf8(std::string* v) {
    const auto lead = static_cast<unsigned char>(s_[at_]);
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
      len = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      len = 3;
      if (lead == 0xE0) lo = 0xA0;
      if (lead == 0xED) hi = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      len = 4;
      if (lead == 0xF0) lo = 0x90;
      if (lead == 0xF4) hi = 0x8F;
    } else {
      return fail("a byte that is not UTF-8");
    }
    if (s_.size() - at_ < len) return fail("the header ends inside a UTF-8 sequence (truncated)");
    for (std::size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(s_[at_ + k]);
      if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) return fail("a byte that is not UTF-8");
    }
    v->append(s_.data() + at_, len);
    at_ += len;
    return true;
  }

  std::string_view s_;
  std::size_t at_ = 0;
  std::string error_;
};

std::string numbersText(const std::vector<uint64_t>& v) {
  std::string s = "[";
  for (std::size_t k = 0; k < v.size(); ++k) s += (k ? ", " : "") + std::to_string(v[k]);
  return s + "]";
}

// [n, ...] of whole numbers.
bool readNumbers(HeaderJson& j, std::vector<uint64_t>* out) {
  out->clear();
  if (!j.take('[', "'['")) return false;
  if (j.peek(']')) return j.take(']', "']'");
  for (bool more = true; more;) {
    if (out->size() == kMaxSafetensorsRank)
      return j.fail("more than " + std::to_string(kMaxSafetensorsRank) + " numbers");
    uint64_t v;
    if (!j.unsignedNumber(&v)) return false;
    out->push_back(v);
    if (!j.next(']', &more)) return false;
  }
  return true;
}

// {"dtype": ..., "shape": [...], "data_offsets": [begin, end]}, each once.
Status readTensorEntry(HeaderJson& j, const std::string& name, std::size_t dataSize, SafetensorsTensor* out) {
  const std::string where = "tensor '" + name + "': ";
  if (!j.take('{', "'{'")) return damaged(where + j.error());
  bool haveDtype = false, haveShape = false, haveOffsets = false;
  std::vector<uint64_t> shape, offsets;
  if (j.peek('}'))
    j.take('}', "'}'");
  else
    for (bool more = true; more;) {
      std::string key;
      if (!j.string(&key) || !j.take(':', "':'")) return damaged(where + j.error());
      if (key == "dtype") {
        if (haveDtype) return damaged(where + "\"dtype\" given twice");
        if (!j.string(&out->dtype)) return damaged(where + "\"dtype\": " + j.error());
        haveDtype = true;
      } else if (key == "shape") {
        if (haveShape) return damaged(where + "\"shape\" given twice");
        if (!readNumbers(j, &shape)) return damaged(where + "\"shape\": " + j.error());
        haveShape = true;
      } else if (key == "data_offsets") {
        if (haveOffsets) return damaged(where + "\"data_offsets\" given twice");
        if (!readNumbers(j, &offsets)) return damaged(where + "\"data_offsets\": " + j.error());
        haveOffsets = true;
      } else {
        return damaged(where + "unknown key '" + key + "'");
      }
      if (!j.next('}', &more)) return damaged(where + j.error());
    }
  if (!haveDtype) return damaged(where + "no \"dtype\"");
  if (!haveShape) return damaged(where + "no \"shape\"");
  if (!haveOffsets) return damaged(where + "no \"data_offsets\"");
  out->elementBytes = dtypeBytes(out->dtype);
  if (out->elementBytes == 0) return damaged(where + "unknown dtype '" + out->dtype + "'");
  if (offsets.size() != 2)
    return damaged(where + "\"data_offsets\" has " + std::to_string(offsets.size()) + " numbers, not 2 [begin, end]");
  if (offsets[1] < offsets[0])
    return damaged(where + "\"data_offsets\" end " + std::to_string(offsets[1]) + " is before its begin " +
                   std::to_string(offsets[0]));
  if (offsets[1] > dataSize)
    return damaged(where + "\"data_offsets\" end " + std::to_string(offsets[1]) + " is past the end of the data (" +
                   std::to_string(dataSize) + " bytes; truncated?)");
  out->begin = static_cast<std::size_t>(offsets[0]);
  out->end = static_cast<std::size_t>(offsets[1]);
  // The shape's byte count, unless it passes 2^64 (a zero dimension empties
  // any shape, however large the others).
  const std::size_t bytes = out->end - out->begin;
  const bool empty = std::find(shape.begin(), shape.end(), uint64_t{0}) != shape.end();
  uint64_t need = empty ? 0 : out->elementBytes;
  bool tooLarge = false;
  for (uint64_t d : shape) {
    if (empty) break;
    if (need > std::numeric_limits<uint64_t>::max() / d) {
      tooLarge = true;
      break;
    }
    need *= d;
  }
  if (tooLarge || need != bytes)
    return damaged(where + "shape " + numbersText(shape) + " of " + out->dtype + " needs " +
                   (tooLarge ? std::string("more than 2^64") : std::to_string(need)) +
                   " bytes but its \"data_offsets\" hold " + std::to_string(bytes));
  // A dimension of a non-empty tensor divides its byte count, so fits in size_t.
  for (uint64_t d : shape)
    if (d > std::numeric_limits<std::size_t>::max())
      return Status::error(ErrorCode::Memory,
                           where + "a dimension of " + std::to_string(d) + " is past this platform's sizes");
  out->shape.assign(shape.begin(), shape.end());
  return Status::ok();
}

Status readMetadata(HeaderJson& j, std::size_t* entries, std::map<std::string, std::string>* out) {
  if (!j.take('{', "'{'")) return damaged("\"__metadata__\": " + j.error() + " (it must be an object of strings)");
  if (j.peek('}')) {
    j.take('}', "'}'");
    return Status::ok();
  }
  for (bool more = true; more;) {
    std::string key, value;
    if (!j.string(&key) || !j.take(':', "':'")) return damaged("\"__metadata__\": " + j.error());
    if (!j.peek('"')) return damaged("\"__metadata__\" value of '" + key + "' is not a string");
    if (!j.string(&value)) return damaged("\"__metadata__\" value of '" + key + "': " + j.error());
    if (out->count(key)) return damaged("\"__metadata__\" has the key '" + key + "' twice");
    if (++*entries > kMaxSafetensorsEntries)
      return Status::error(ErrorCode::Memory,
                           ".safetensors header has more than " + std::to_string(kMaxSafetensorsEntries) + " entries");
    out->emplace(std::move(key), std::move(value));
    if (!j.next('}', &more)) return damaged("\"__metadata__\": " + j.error());
  }
  return Status::ok();
}

}  // namespace

std::string shapeText(const std::vector<std::size_t>& shape) {
  std::string s = "[";
  for (std::size_t k = 0; k < shape.size(); ++k) s += (k ? ", " : "") + std::to_string(shape[k]);
  return s + "]";
}

Status SafetensorsFile::parse(const uint8_t* bytes, std::size_t size, SafetensorsFile* out) {
  if (size < 8)
    return damaged("it has " + std::to_string(size) + " bytes, fewer than the 8 of its header length (truncated)");
  uint64_t headerLen = 0;
  for (int k = 7; k >= 0; --k) headerLen = headerLen << 8 | bytes[k];
  if (headerLen > size - 8)
    return damaged("its header length " + std::to_string(headerLen) + " is past the end of the file (" +
                   std::to_string(size - 8) + " bytes follow it; truncated?)");
  if (headerLen > kMaxSafetensorsHeaderBytes)
    return Status::error(ErrorCode::Memory, ".safetensors header of " + std::to_string(headerLen) +
                                                " bytes is longer than the limit of " +
                                                std::to_string(kMaxSafetensorsHeaderBytes));
  const std::size_t n = static_cast<std::size_t>(headerLen);
  const std::size_t dataSize = size - 8 - n;
  HeaderJson j(std::string_view(reinterpret_cast<const char*>(bytes + 8), n));

  SafetensorsFile f;
  f.data_ = bytes + 8 + n;
  f.dataSize_ = dataSize;
  std::size_t entries = 0;
  if (!j.take('{', "the header to be a JSON object ('{')")) return damaged(j.error());
  if (j.peek('}'))
    j.take('}', "'}'");
  else
    for (bool more = true; more;) {
      std::string name;
      if (!j.string(&name) || !j.take(':', "':'")) return damaged(j.error());
      if (name == "__metadata__") {
        if (f.hasMetadata_) return damaged("\"__metadata__\" given twice");
        f.hasMetadata_ = true;
        RR_TRY(readMetadata(j, &entries, &f.metadata_));
      } else {
        if (f.tensors_.count(name)) return damaged("the tensor '" + name + "' is named twice");
        if (++entries > kMaxSafetensorsEntries)
          return Status::error(ErrorCode::Memory, ".safetensors header has more than " +
                                                      std::to_string(kMaxSafetensorsEntries) + " entries");
        SafetensorsTensor t;
        RR_TRY(readTensorEntry(j, name, dataSize, &t));
        f.tensors_.emplace(std::move(name), std::move(t));
      }
      if (!j.next('}', &more)) return damaged(j.error());
    }
  j.skipSpace();
  if (!j.atEnd())
    return damaged("bytes other than spaces after the header's JSON object, at header byte " +
                   std::to_string(j.position()));

  // The tensors tile the data section: sorted by offset, each starts where the
  // one before ends, and the last ends at the end.
  std::vector<std::pair<const std::string*, const SafetensorsTensor*>> order;
  order.reserve(f.tensors_.size());
  for (const auto& [name, t] : f.tensors_) order.emplace_back(&name, &t);
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    if (a.second->begin != b.second->begin) return a.second->begin < b.second->begin;
    return a.second->end != b.second->end ? a.second->end < b.second->end : *a.first < *b.first;
  });
  std::size_t covered = 0;
  const std::string* last = nullptr;
  for (const auto& [name, t] : order) {
    if (t->begin < covered)
      return damaged("the tensors '" + *last + "' and '" + *name + "' overlap (bytes " + std::to_string(t->begin) +
                     ".." + std::to_string(covered) + " of the data)");
    if (t->begin > covered)
      return damaged("data bytes " + std::to_string(covered) + ".." + std::to_string(t->begin) +
                     " belong to no tensor (before '" + *name + "')");
    covered = t->end;
    last = name;
  }
  if (covered != dataSize)
    return damaged(std::to_string(dataSize - covered) + " data bytes after the last tensor belong to no tensor");
  *out = std::move(f);
  return Status::ok();
}

const SafetensorsTensor* SafetensorsFile::find(const std::string& name) const {
  const auto it = tensors_.find(name);
  return it == tensors_.end() ? nullptr : &it->second;
}

Status SafetensorsFile::f32Tensor(const std::string& name, const std::vector<std::size_t>& expectedShape,
                                  std::vector<float>* out) const {
  const SafetensorsTensor* t = find(name);
  if (!t) return argError(".safetensors file has no tensor '" + name + "' (expected " + shapeText(expectedShape) + ")");
  if (t->dtype != "F32")
    return argError(".safetensors tensor '" + name + "' is " + t->dtype +
                    "; reelrank reads F32 (export it with tensor.float())");
  if (t->shape != expectedShape)
    return argError(".safetensors tensor '" + name + "' has shape " + shapeText(t->shape) + "; expected " +
                    shapeText(expectedShape));
  std::vector<float> v((t->end - t->begin) / 4);
  // memcpy from bytes of any alignment; every target we build for is little-endian.
  if (!v.empty()) std::memcpy(v.data(), data_ + t->begin, v.size() * 4);
  *out = std::move(v);
  return Status::ok();
}

}  // namespace reelrank
