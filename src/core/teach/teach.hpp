// Teaching functions: the textbook algorithms step by step, for the demo.
// They run the same code as the models (cosineToRows, nearestNeighbors,
// predictFromNeighbors), so what a student sees is what production computes.
#pragma once
#include <vector>

#include "models/user_knn.hpp"

namespace reelrank::teach {

struct CosineTrace {
  std::vector<double> products;  // a_i * b_i
  double dot = 0, normA = 0, normB = 0, value = 0;
};
// Cosine of two equal-length vectors, with every intermediate step.
Status cosine(const std::vector<double>& a, const std::vector<double>& b, CosineTrace* out);

struct CellTrace {
  int32_t user, item;
  std::vector<PredictionTerm> terms;          // neighbours of `user` that rated `item`
  double numerator, denominator, prediction;  // prediction NaN when no neighbour rated it
};

struct UserCfResult {
  int32_t rows = 0, cols = 0;
  std::vector<double> similarity;  // rows x rows, row-major
  std::vector<std::vector<Neighbor>> neighbors;
  std::vector<double> predictions;  // rows x cols, row-major; NaN where unpredictable
  std::vector<CellTrace> steps;     // one per cell, row-major
};

// User-based CF on a small dense matrix; NaN marks a missing rating.
Status userBasedCF(const std::vector<double>& R, int32_t rows, int32_t cols, int32_t k, bool normalized,
                   UserCfResult* out);

}  // namespace reelrank::teach
