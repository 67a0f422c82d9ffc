// Reader for NumPy's .npy format (numpy.lib.format), so item factors trained
// on a cluster (Spark MLlib ALS, Python `implicit`) can be saved with
// numpy.save and loaded in the browser without a conversion step.
//
// Layout: the magic "\x93NUMPY", a major and minor version byte, the header
// length (u16 little-endian for version 1.0, u32 for 2.0 and 3.0), then the
// header, a Python dict literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (9724, 64), }
// padded with spaces to a 64-byte boundary and ended by '\n', then the data.
//
// Accepted: versions 1.0, 2.0, 3.0; dtype '<f4' (float32) or '<f8' (float64,
// converted to float32); C order; any number of dimensions (a 0-d array is
// one value). Refused with E_ARG and a message saying what to do: Fortran
// order, big-endian data, any other dtype. A damaged file (bad magic, a header
// that is not such a dict, data shorter or longer than the shape says) is
// E_CORRUPT; an unknown format version is E_VERSION.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/status.hpp"

namespace reelrank {

struct NpyArray {
  std::vector<std::size_t> shape;
  std::vector<float> data;  // C order (last index fastest)
  std::string dtype;        // the stored type: "float32" or "float64"
};

// Most values an array may hold (1 GiB as float32).
constexpr std::size_t kMaxNpyValues = std::size_t{1} << 28;

// On failure *out is left as it was.
Status readNpy(const uint8_t* bytes, std::size_t n, NpyArray* out);

}  // namespace reelrank
