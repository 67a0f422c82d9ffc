// The matrix products of SASRec training, C (+)= op(A) op(B) on row-major
// floats. Natively they are Eigen's (its SSE/AVX kernels). Eigen has no wasm
// SIMD path (TOOLCHAIN.md note 5): in the wasm build they go to packedGemm,
// a small blocked kernel written with vector extensions (4 x 8 tiles of
// 4-float vectors: eight independent accumulators, note 13) that clang turns
// into wasm SIMD with -msimd128. packedGemm is also compiled natively, so the
// native tests check it against Eigen (and -DREELRANK_SASREC_PACKED_GEMM uses
// it natively too, to test and time the wasm path on the host). Inference
// in wasm uses gemmPacked, the same tile with B packed once and reused
// (the weights of every swipe, the values of every row block).
#pragma once
#include <cstdint>
#include <vector>

#include "models/sasrec/sasrec_layers.hpp"

namespace reelrank::sasrec {

// C[m x n] = (accumulate ? C : 0) + op(A) op(B), with op(A) m x k and op(B) k x n;
// A is stored m x k (lda) or, transposed, k x m; likewise B. Leading dimensions in floats.
void packedGemm(int32_t m, int32_t n, int32_t k, const float* a, int32_t lda, bool transA, const float* b, int32_t ldb,
                bool transB, float* c, int32_t ldc, bool accumulate);

// Whether inference multiplies with gemmPacked below: in wasm, where Eigen's
// products are scalar, and with -DREELRANK_SASREC_PACKED_GEMM. Natively
// Eigen's own kernels are faster: reelrank_bench_sasrec latency at 10,000
// items took 0.38-0.45 ms with them, 0.50 ms with these.
#if defined(__wasm_simd128__) || defined(REELRANK_SASREC_PACKED_GEMM)
constexpr bool kPackedProducts = true;
#else
constexpr bool kPackedProducts = false;
#endif

// B packed once for products that reuse it: inference multiplies by the same
// weights on every swipe, and every row block of an attention by the same
// values. Panels of 8 columns, each depth x 8 contiguous (packedGemm's layout).
class PackedB {
 public:
  // B is k x n, row-major with leading dimension ldb, or stored transposed (n x k).
  void pack(const float* b, int32_t k, int32_t n, int32_t ldb, bool transB);
  int32_t depth() const { return k_; }
  int32_t cols() const { return n_; }
  const float* panel(int32_t p) const { return panels_.data() + static_cast<std::size_t>(p) * k_ * 8; }

 private:
  std::vector<float> panels_;
  int32_t k_ = 0, n_ = 0;
};

// C[m x n] = (accumulate ? C : 0) + A B, A m x depth row-major (read in
// place), B packed. causalFrom >= 0: row i of A is 0 past column
// causalFrom + i (attention weights of step causalFrom + i), so B's rows
// past it are not read: P V of a causal block in about half the work.
void gemmPacked(int32_t m, const float* a, int32_t lda, const PackedB& b, float* c, int32_t ldc, bool accumulate,
                int32_t causalFrom = -1);

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
