// Fold-in: one person's vector computed from their own items against fixed
// item factors, by weighted least squares. This is the on-device privacy
// path: the item side is trained anywhere and shipped, the person's vector is
// solved locally and never leaves the device. The same solves are the user
// half-steps of iALS training, so a fold-in of a training person reproduces
// their trained vector.
//
// Also the small dense kernels the factor models share. They are plain loops
// written so the compiler vectorises them in the wasm build too: Eigen has no
// wasm SIMD path (TOOLCHAIN.md pitfall 5), and a float reduction only
// vectorises when it carries several independent partial sums (pitfall 13).
#pragma once
#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <cstdint>
#include <utility>
#include <vector>

#include "common/dot.hpp"

namespace reelrank {

// y += a * x over n floats (element-wise, so it vectorises as written).
inline void axpyf(float* y, float a, const float* x, int32_t n) {
  for (int32_t k = 0; k < n; ++k) y[k] += a * x[k];
}

// Row-major factor matrix: rows x dim floats, row r at data + r * dim.
struct FactorView {
  const float* data = nullptr;
  int32_t rows = 0;
  int32_t dim = 0;
  const float* row(int32_t r) const { return data + static_cast<std::ptrdiff_t>(r) * dim; }
};

// YᵀY (dim x dim, full, row-major): the part of every implicit normal
// equation shared by all people, computed once per model.
void gramMatrix(const FactorView& y, std::vector<float>* gram);

// Hu-Koren-Volinsky: a signed event weight w gives preference p = (w > 0) and
// confidence c = 1 + alpha |w|. A dislike is a confident 0, not a missing one.
inline float hkvConfidence(float w, double alpha) { return 1.0f + static_cast<float>(alpha) * (w < 0 ? -w : w); }

// The regulariser one person's (or item's) solve uses: lambda, times the
// number of their entries when scaled ("ALS-WR", Zhou et al. 2008, the form
// Spark MLlib uses; an empty row still gets lambda so the system stays
// positive definite).
inline double effectiveLambda(double lambda, bool scaled, std::size_t entries) {
  return scaled && entries > 0 ? lambda * static_cast<double>(entries) : lambda;
}

struct ImplicitSolve {
  double regularization = 0.1;
  double alpha = 1.0;
  bool scaleRegularization = false;
};

struct ExplicitSolve {
  double regularization = 0.1;      // on the vector
  double biasRegularization = 0.1;  // on the person's bias
  // Both scaled by the number of entries: SGD with a per-rating penalty (mf)
  // penalises a person once per rating, so their share of its objective is
  // n * lambda |x|^2.
  bool scaleRegularization = false;
};

// A person's normal equations, factored, kept so that an explanation can ask
// how much each of their items contributes to an item's score (HKV section 5):
//   score(j) = yjᵀ x = sum_k t_k (yjᵀ A⁻¹ y_k), with t_k the right-hand side weight of item k.
// For the explicit form the vectors carry a trailing 1 (the person's bias).
struct FoldInSystem {
  int32_t dim = 0;  // unknowns: factors (+ 1 for the explicit bias)
  Eigen::LLT<Eigen::MatrixXf> llt;
  Eigen::VectorXf x;                             // the solution
  std::vector<std::pair<int32_t, float>> terms;  // (item, t_k) with t_k != 0
  bool ok = false;                               // false for an empty profile (x = 0)
};

// Implicit fold-in, solved exactly (Cholesky):
//   (YᵀY + sum_k (c_k - 1) y_k y_kᵀ + lambda I) x = sum_k c_k p_k y_k
// Entries are (item, signed weight); items outside 0..rows-1 are skipped.
void foldInImplicit(const FactorView& y, const float* gram, const std::vector<std::pair<int32_t, float>>& entries,
                    const ImplicitSolve& p, FoldInSystem* out);

// Explicit fold-in for a biased model r = mu + b_u + b_i + x . y_i: solves for
// (x, b_u) from the person's values r_k:
//   min sum_k (r_k - mu - b_k - b_u - x . y_k)^2 + lambda |x|^2 + lambdaBias b_u^2
// itemBias may be null (no item biases).
void foldInExplicit(const FactorView& y, const float* itemBias, double mu,
                    const std::vector<std::pair<int32_t, float>>& entries, const ExplicitSolve& p, FoldInSystem* out);

// Contribution of each of the person's positive items (t_k > 0: liked, or
// rated above their baseline) to the score of item `j`, as pairs of item and
// contribution, from a solved system. Items with t_k <= 0 are left out: they
// are never the reason for a recommendation.
void foldInContributions(const FactorView& y, const FoldInSystem& s, int32_t j,
                         std::vector<std::pair<int32_t, float>>* out);

}  // namespace reelrank
