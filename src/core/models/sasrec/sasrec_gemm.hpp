// The matrix products of SASRec training, C (+)= op(A) op(B) on row-major
// floats. Natively they are Eigen's (its SSE/AVX kernels). Eigen has no wasm
// SIMD path (TOOLCHAIN.md note 5): in the wasm build they go to packedGemm,
// a small blocked kernel written with vector extensions (4 x 8 tiles of
// 4-float vectors: eight independent accumulators, note 13) that clang turns
// into wasm SIMD with -msimd128. packedGemm is also compiled natively, so the
// native tests check it against Eigen (and -DREELRANK_SASREC_PACKED_GEMM uses
// it natively too, to test and time the wasm path on the host).
#pragma once
#include <cstdint>

#include "models/sasrec/sasrec_layers.hpp"

namespace reelrank::sasrec {

// C[m x n] = (accumulate ? C : 0) + op(A) op(B), with op(A) m x k and op(B) k x n;
// A is stored m x k (lda) or, transposed, k x m; likewise B. Leading dimensions in floats.
void packedGemm(int32_t m, int32_t n, int32_t k, const float* a, int32_t lda, bool transA, const float* b, int32_t ldb,
                bool transB, float* c, int32_t ldc, bool accumulate);

// The same product on Eigen row-major matrices, maps and blocks (c sized m x n
// by the caller; a block of c may be a temporary).
template <typename MA, typename MB, typename MC>
void matmul(const MA& a, bool transA, const MB& b, bool transB, MC&& c, bool accumulate) {
#if defined(__wasm_simd128__) || defined(REELRANK_SASREC_PACKED_GEMM)
  const auto m = static_cast<int32_t>(transA ? a.cols() : a.rows());
  const auto k = static_cast<int32_t>(transA ? a.rows() : a.cols());
  const auto n = static_cast<int32_t>(transB ? b.rows() : b.cols());
  packedGemm(m, n, k, a.data(), static_cast<int32_t>(a.outerStride()), transA, b.data(),
             static_cast<int32_t>(b.outerStride()), transB, c.data(), static_cast<int32_t>(c.outerStride()),
             accumulate);
#else
  if (transA && transB) {
    if (accumulate)
      c.noalias() += a.transpose() * b.transpose();
    else
      c.noalias() = a.transpose() * b.transpose();
  } else if (transA) {
    if (accumulate)
      c.noalias() += a.transpose() * b;
    else
      c.noalias() = a.transpose() * b;
  } else if (transB) {
    if (accumulate)
      c.noalias() += a * b.transpose();
    else
      c.noalias() = a * b.transpose();
  } else {
    if (accumulate)
      c.noalias() += a * b;
    else
      c.noalias() = a * b;
  }
#endif
}

}  // namespace reelrank::sasrec
