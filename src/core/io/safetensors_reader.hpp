// Reader for the Hugging Face .safetensors format, so weights trained with
// PyTorch (safetensors.torch.save_file) load without a conversion step.
//
// Layout: a u64 little-endian header length N, then N bytes of UTF-8 JSON (an
// object, which writers pad with trailing spaces), then the data section. Each
// header entry but "__metadata__" is a tensor:
//   "name": {"dtype": "F32", "shape": [rows, cols], "data_offsets": [begin, end]}
// with the offsets relative to the first byte after the header; the optional
// "__metadata__" maps strings to strings.
//
// Everything is checked before a byte of data is read: the header length
// (within the buffer), the JSON (strict: no duplicate keys, no fractions or
// exponents, no leading zeros, escapes incl. \uXXXX surrogate pairs, valid
// UTF-8, nothing but spaces after the object), each entry's keys and types, a
// known dtype, end >= begin, shape product x dtype size == end - begin
// (overflow-checked), and the tensors tiling the data section exactly, as the
// format requires: no overlap, no hole, nothing after the last one. A file
// failing any of these is E_CORRUPT with a message naming the tensor or field;
// one past a limit below is E_MEMORY. Asking for a tensor the file does not
// hold as asked (missing, another shape, another dtype) is E_ARG naming it.
//
// The JSON is read against the header's schema rather than into a general
// tree: nesting is fixed (header object, entry object, array of numbers), so
// no input recurses, and what is kept grows with the entries, never faster
// than the header's bytes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/status.hpp"

namespace reelrank {

// The longest JSON header accepted (the reference implementation's limit).
constexpr std::size_t kMaxSafetensorsHeaderBytes = 100'000'000;
// The most header entries (tensors plus __metadata__ pairs) accepted: a model
// has hundreds, a large language model's shard a few thousand.
constexpr std::size_t kMaxSafetensorsEntries = 100'000;
// The most dimensions a tensor may have (NumPy's limit; PyTorch's is 64).
constexpr std::size_t kMaxSafetensorsRank = 32;

struct SafetensorsTensor {
  std::string dtype;               // as written: "F32", "F16", "BF16", "I64", ...
  std::size_t elementBytes = 0;    // the size of one value of dtype
  std::vector<std::size_t> shape;  // empty for a scalar
  std::size_t begin = 0, end = 0;  // byte offsets into the data section
};

class SafetensorsFile {
 public:
  // Parses and checks the header. The file keeps a pointer into `bytes`, which
  // must outlive it. On failure *out is left as it was.
  static Status parse(const uint8_t* bytes, std::size_t size, SafetensorsFile* out);

  const std::map<std::string, SafetensorsTensor>& tensors() const { return tensors_; }
  const SafetensorsTensor* find(const std::string& name) const;
  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  bool hasMetadata() const { return hasMetadata_; }

  // Copies tensor `name` into *out (row-major) when it is F32 with exactly
  // `expectedShape`; otherwise E_ARG naming the tensor and saying what was
  // expected and found. On failure *out is left as it was.
  Status f32Tensor(const std::string& name, const std::vector<std::size_t>& expectedShape,
                   std::vector<float>* out) const;

 private:
  const uint8_t* data_ = nullptr;  // the data section
  std::size_t dataSize_ = 0;
  std::map<std::string, SafetensorsTensor> tensors_;
  std::map<std::string, std::string> metadata_;
  bool hasMetadata_ = false;
};

// "[3, 4]": for messages.
std::string shapeText(const std::vector<std::size_t>& shape);

}  // namespace reelrank
