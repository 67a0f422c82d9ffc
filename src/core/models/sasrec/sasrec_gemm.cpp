#include "models/sasrec/sasrec_gemm.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "models/sasrec/sasrec_vec4.hpp"

namespace reelrank::sasrec {

namespace {

constexpr int32_t kMr = 4;    // rows of a tile
constexpr int32_t kNr = 8;    // columns of a tile: two vectors
constexpr int32_t kKc = 256;  // depth of a packed block (the B panels stay in cache)

// A's four rows of a tile as packedGemm packs them: kc x 4, interleaved.
struct PackedRows {
  const float* a;
  float at(int32_t kk, int32_t r) const { return a[kk * kMr + r]; }
};
// Or read in place, one pointer per row: the tile broadcasts A's elements
// one at a time, so packing A only pays where it is transposed.
struct RowPointers {
  const float* row[kMr];
  float at(int32_t kk, int32_t r) const { return row[r][kk]; }
};

// One 4 x 8 tile over a depth of kc: b holds kc x 8 (a panel).
template <typename Rows>
inline void tile(const Rows& a, const float* b, int32_t kc, float* c, int32_t ldc, int32_t rows, int32_t cols) {
  V4 c00{}, c01{}, c10{}, c11{}, c20{}, c21{}, c30{}, c31{};
  for (int32_t kk = 0; kk < kc; ++kk) {
    const V4 b0 = loadV4(b + kk * kNr), b1 = loadV4(b + kk * kNr + 4);
    const V4 a0 = V4{} + a.at(kk, 0), a1 = V4{} + a.at(kk, 1), a2 = V4{} + a.at(kk, 2), a3 = V4{} + a.at(kk, 3);
    c00 += a0 * b0;
    c01 += a0 * b1;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c30 += a3 * b0;
    c31 += a3 * b1;
  }
  if (rows == kMr && cols == kNr) {  // a whole tile: vector adds into C
    const V4 acc[kMr][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}};
    for (int32_t r = 0; r < kMr; ++r) {
      float* row = c + static_cast<std::size_t>(r) * ldc;
      const V4 lo = loadV4(row) + acc[r][0], hi = loadV4(row + 4) + acc[r][1];
      std::memcpy(row, &lo, 16);
      std::memcpy(row + 4, &hi, 16);
    }
    return;
  }
  float out[kMr][kNr];
  std::memcpy(&out[0][0], &c00, 16);
  std::memcpy(&out[0][4], &c01, 16);
  std::memcpy(&out[1][0], &c10, 16);
  std::memcpy(&out[1][4], &c11, 16);
  std::memcpy(&out[2][0], &c20, 16);
  std::memcpy(&out[2][4], &c21, 16);
  std::memcpy(&out[3][0], &c30, 16);
  std::memcpy(&out[3][4], &c31, 16);
  for (int32_t r = 0; r < rows; ++r)
    for (int32_t j = 0; j < cols; ++j) c[static_cast<std::size_t>(r) * ldc + j] += out[r][j];
}

// B's rows k0..k0+kc-1 as panels of 8 columns, each kc x 8 contiguous, zero-padded.
void packPanels(const float* b, int32_t ldb, bool transB, int32_t k0, int32_t kc, int32_t n, float* out) {
  const int32_t panels = (n + kNr - 1) / kNr;
  for (int32_t p = 0; p < panels; ++p) {
    float* dst = out + static_cast<std::size_t>(p) * kc * kNr;
    const int32_t j0 = p * kNr, cols = std::min(kNr, n - j0);
    for (int32_t kk = 0; kk < kc; ++kk) {
      float* row = dst + kk * kNr;
      if (!transB) {
        const float* src = b + static_cast<std::size_t>(k0 + kk) * ldb + j0;
        for (int32_t j = 0; j < cols; ++j) row[j] = src[j];
      } else {
        for (int32_t j = 0; j < cols; ++j) row[j] = b[static_cast<std::size_t>(j0 + j) * ldb + k0 + kk];
      }
      for (int32_t j = cols; j < kNr; ++j) row[j] = 0.0f;
    }
  }
}

void clearRows(int32_t m, int32_t n, float* c, int32_t ldc) {
  for (int32_t i = 0; i < m; ++i)
    std::fill(c + static_cast<std::size_t>(i) * ldc, c + static_cast<std::size_t>(i) * ldc + n, 0.0f);
}

}  // namespace

void packedGemm(int32_t m, int32_t n, int32_t k, const float* a, int32_t lda, bool transA, const float* b, int32_t ldb,
                bool transB, float* c, int32_t ldc, bool accumulate) {
  if (!accumulate) clearRows(m, n, c, ldc);
  if (m <= 0 || n <= 0 || k <= 0) return;
  const int32_t panels = (n + kNr - 1) / kNr;
  static thread_local std::vector<float> bp, ap;
  bp.resize(static_cast<std::size_t>(kKc) * panels * kNr);
  ap.resize(static_cast<std::size_t>(kKc) * kMr);
  auto A = [&](int32_t i, int32_t kk) {
    return transA ? a[static_cast<std::size_t>(kk) * lda + i] : a[static_cast<std::size_t>(i) * lda + kk];
  };
  for (int32_t k0 = 0; k0 < k; k0 += kKc) {
    const int32_t kc = std::min(kKc, k - k0);
    packPanels(b, ldb, transB, k0, kc, n, bp.data());
    for (int32_t i0 = 0; i0 < m; i0 += kMr) {
      const int32_t rows = std::min(kMr, m - i0);
      for (int32_t kk = 0; kk < kc; ++kk)
        for (int32_t r = 0; r < kMr; ++r)
          ap[static_cast<std::size_t>(kk) * kMr + r] = r < rows ? A(i0 + r, k0 + kk) : 0.0f;
      for (int32_t p = 0; p < panels; ++p)
        tile(PackedRows{ap.data()}, bp.data() + static_cast<std::size_t>(p) * kc * kNr, kc,
             c + static_cast<std::size_t>(i0) * ldc + p * kNr, ldc, rows, std::min(kNr, n - p * kNr));
    }
  }
}

void PackedB::pack(const float* b, int32_t k, int32_t n, int32_t ldb, bool transB) {
  k_ = k;
  n_ = n;
  panels_.resize(static_cast<std::size_t>(k) * static_cast<std::size_t>((n + kNr - 1) / kNr) * kNr);
  packPanels(b, ldb, transB, 0, k, n, panels_.data());
}

void gemmPacked(int32_t m, const float* a, int32_t lda, const PackedB& b, float* c, int32_t ldc, bool accumulate,
                int32_t causalFrom) {
  const int32_t n = b.cols(), k = b.depth();
  if (!accumulate) clearRows(m, n, c, ldc);
  if (m <= 0 || n <= 0 || k <= 0) return;
  const int32_t panels = (n + kNr - 1) / kNr;
  for (int32_t i0 = 0; i0 < m; i0 += kMr) {
    const int32_t rows = std::min(kMr, m - i0);
    // Causal: the tile's last row, causalFrom + i0 + rows - 1, reads B's rows up to itself.
    const int32_t depth = causalFrom < 0 ? k : std::min(k, causalFrom + i0 + rows);
    RowPointers rp{};
    // Past the last row the pointers repeat it; those lanes are never stored.
    for (int32_t r = 0; r < kMr; ++r) rp.row[r] = a + static_cast<std::size_t>(i0 + std::min(r, rows - 1)) * lda;
    for (int32_t p = 0; p < panels; ++p)
      tile(rp, b.panel(p), depth, c + static_cast<std::size_t>(i0) * ldc + p * kNr, ldc, rows,
           std::min(kNr, n - p * kNr));
  }
}

}  // namespace reelrank::sasrec
