// Four floats as one SIMD value for SASRec's hand-vectorised loops: SSE
// natively, v128 in wasm with -msimd128 (GCC and clang both accept
// vector_size and broadcast scalars in arithmetic). Eigen has no wasm SIMD
// path (TOOLCHAIN.md note 5).
#pragma once
#include <cstring>

namespace reelrank::sasrec {

typedef float V4 __attribute__((vector_size(16)));

// Four floats from p, which need not be aligned.
inline V4 loadV4(const float* p) {
  V4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace reelrank::sasrec
