#include "teach/teach.hpp"

#include <cmath>

namespace reelrank::teach {

Status cosine(const std::vector<double>& a, const std::vector<double>& b, CosineTrace* out) {
  if (a.empty() || a.size() != b.size())
    return argError("cosine needs two non-empty vectors of the same length (got " + std::to_string(a.size()) + " and " +
                    std::to_string(b.size()) + ")");
  CosineTrace t;
  double na = 0, nb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!std::isfinite(a[i]) || !std::isfinite(b[i])) return argError("cosine needs finite numbers");
    t.products.push_back(a[i] * b[i]);
    t.dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  t.normA = std::sqrt(na);
  t.normB = std::sqrt(nb);
  if (t.normA == 0 || t.normB == 0) return argError("cosine is undefined when a vector is all zeros");
  t.value = t.dot / (t.normA * t.normB);
  *out = std::move(t);
  return Status::ok();
}

Status userBasedCF(const std::vector<double>& R, int32_t rows, int32_t cols, int32_t k, bool normalized,
                   UserCfResult* out) {
  if (rows < 1 || cols < 1 || rows > 200 || cols > 200)
    return argError("the teaching matrix must have 1..200 rows and 1..200 columns");
  if (R.size() != static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols))
    return argError("the matrix rows must all have the same length");
  if (k < 1) return argError("k must be an integer >= 1");
  std::vector<Eigen::Triplet<float, int32_t>> cells;
  for (int32_t u = 0; u < rows; ++u)
    for (int32_t i = 0; i < cols; ++i) {
      const double v = R[static_cast<std::size_t>(u) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(i)];
      if (std::isnan(v)) continue;
      if (!std::isfinite(v)) return argError("ratings must be finite numbers (or null for missing)");
      cells.emplace_back(u, i, static_cast<float>(v));
    }
  SparseRows M(rows, cols);
  M.setFromTriplets(cells.begin(), cells.end());
  M.makeCompressed();
  SparseCols C(M);
  std::vector<float> norms(static_cast<std::size_t>(rows));
  for (int32_t u = 0; u < rows; ++u) norms[static_cast<std::size_t>(u)] = M.row(u).norm();

  UserCfResult res;
  res.rows = rows;
  res.cols = cols;
  res.similarity.assign(static_cast<std::size_t>(rows) * static_cast<std::size_t>(rows), 0.0);
  std::vector<float> sims;
  for (int32_t u = 0; u < rows; ++u) {
    std::vector<std::pair<int32_t, float>> q;
    for (SparseRows::InnerIterator it(M, u); it; ++it) q.emplace_back(it.index(), it.value());
    cosineToRows(M, C, norms, q, sims);
    for (int32_t v = 0; v < rows; ++v)
      res.similarity[static_cast<std::size_t>(u) * static_cast<std::size_t>(rows) + static_cast<std::size_t>(v)] =
          sims[static_cast<std::size_t>(v)];
    res.neighbors.push_back(nearestNeighbors(sims, static_cast<std::size_t>(k), u));
  }
  for (int32_t u = 0; u < rows; ++u)
    for (int32_t i = 0; i < cols; ++i) {
      CellTrace t{u, i, {}, 0, 0, 0};
      t.prediction = predictFromNeighbors(M, res.neighbors[static_cast<std::size_t>(u)], i, normalized, &t.terms,
                                          &t.numerator, &t.denominator);
      res.predictions.push_back(t.prediction);
      res.steps.push_back(std::move(t));
    }
  *out = std::move(res);
  return Status::ok();
}

}  // namespace reelrank::teach
