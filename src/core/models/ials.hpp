// ials: implicit-feedback matrix factorisation (Hu, Koren, Volinsky 2008).
// Every cell of the users x items matrix counts: a cell with event weight w
// has preference p = (w > 0) and confidence c = 1 + alpha |w|; every other
// cell has p = 0, c = 1. The objective is
//   sum_{u,i} c_ui (p_ui - x_u . y_i)^2 + lambda (sum_u l_u |x_u|^2 + sum_i l_i |y_i|^2)
// (l = 1, or the row's entry count with scaleRegularization: "ALS-WR").
// Alternating half-steps fix one side and solve the other. Each row's normal
// equations (YᵀY + Yᵀ(C_u - I)Y + lambda l_u I) x_u = YᵀC_u p_u are solved by a
// few conjugate-gradient steps warm-started from the row's previous vector
// (Takács, Pilászy, Tikk 2011), with YᵀY computed once per half-step, so a
// sweep costs O(nnz f + (users + items) f^2) per CG step instead of the
// O((users + items) f^3) of exact solves.
// Each sweep solves items first and users second, so the trained user vectors
// are solutions against the final item factors: a fold-in of a training user
// (fold_in.hpp, exact) reproduces their vector up to the CG tolerance.
#pragma once
#include "models/recommender.hpp"

namespace reelrank {

// Chosen on ml-latest-small with the per-user 75/25 split (docs/models.md):
// ranking quality rises steeply with the penalty up to about 40 (NDCG@10
// 0.334 at 0.1, 0.392 at 30, 0.403 at 40) and falls after it; confidence
// slopes above 1 hurt; 20 sweeps reach the plateau.
struct IalsDefaults {
  static constexpr int kFactors = 64;
  static constexpr int kIterations = 20;
  static constexpr double kRegularization = 40.0;
  static constexpr int kCgSteps = 3;
  static constexpr uint64_t kSeed = 42;
};

// Options: factors, iterations, regularization, alpha (default: the weight
// policy's confidenceAlpha), cgSteps, scaleRegularization (0/1), seed.
Status trainIals(const Options& o, const ItemSide& side, const ProgressFn& progress, std::unique_ptr<Recommender>* out);

}  // namespace reelrank
