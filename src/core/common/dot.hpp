// The dot product every dense scoring loop shares. A plain float reduction
// never vectorises (strict FP order); eight independent partial sums let the
// compiler use SIMD in the wasm build too (-msimd128), where Eigen has no SIMD
// path (TOOLCHAIN.md pitfalls 5 and 13).
#pragma once
#include <cstdint>

namespace reelrank {

// a . b over n floats, with eight partial sums (vectorisable).
inline float dotf(const float* a, const float* b, int32_t n) {
  float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
  int32_t k = 0;
  for (; k + 8 <= n; k += 8) {
    s0 += a[k] * b[k];
    s1 += a[k + 1] * b[k + 1];
    s2 += a[k + 2] * b[k + 2];
    s3 += a[k + 3] * b[k + 3];
    s4 += a[k + 4] * b[k + 4];
    s5 += a[k + 5] * b[k + 5];
    s6 += a[k + 6] * b[k + 6];
    s7 += a[k + 7] * b[k + 7];
  }
  for (; k < n; ++k) s0 += a[k] * b[k];
  return ((s0 + s4) + (s1 + s5)) + ((s2 + s6) + (s3 + s7));
}

}  // namespace reelrank
