// UserKnnModel: user-based collaborative filtering, the source article's
// algorithm. Similarity between two people is the cosine of their rows of the
// interaction matrix (missing = 0). N_k(u) is u's k most similar people (with
// similarity > 0). The prediction for person u and item i is
//   raw:        r(u,i) = sum_{j in N_k(u)} w(u,j) * r(j,i)
//   normalised: r(u,i) = sum_{j in N_k(u), j rated i} w(u,j) * r(j,i) / sum_{same j} |w(u,j)|
// Ranking uses the raw form (an item many close neighbours liked rises);
// predict() uses the normalised form, which stays on the rating scale.
#pragma once
#include "models/recommender.hpp"

namespace reelrank {

struct Neighbor {
  int32_t user;
  float weight;
};

// Cosine between the sparse row `q` (pairs of column, value) and every row of
// R (C is R column-major, norms the row norms). Writes one value per row.
void cosineToRows(const SparseRows& R, const SparseCols& C, const std::vector<float>& norms,
                  const std::vector<std::pair<int32_t, float>>& q, std::vector<float>& sims);
// The k rows with the largest positive similarity, best first (ties: lower row first), skipping `skip`.
std::vector<Neighbor> nearestNeighbors(const std::vector<float>& sims, std::size_t k, int32_t skip);
// Looks up R(row, col); false when the cell is not stored.
bool storedValue(const SparseRows& R, int32_t row, int32_t col, float* value);

struct PredictionTerm {
  int32_t user;
  float weight;
  float rating;
  double contribution;  // weight * rating
};
// Prediction from neighbours; `terms` (optional) receives each neighbour that
// rated the item. Returns NaN when no neighbour rated it (normalised form).
double predictFromNeighbors(const SparseRows& R, const std::vector<Neighbor>& nbrs, int32_t item, bool normalized,
                            std::vector<PredictionTerm>* terms, double* numerator, double* denominator);

class UserKnnModel final : public Recommender {
 public:
  static constexpr int kDefaultNeighbors = 50;
  static Status train(const Options& o, const ItemSide& side, std::unique_ptr<Recommender>* out);
  static Status read(BinaryReader& r, const ItemSide& side, std::unique_ptr<Recommender>* out);
  const char* algorithm() const override { return "userknn"; }
  void score(const ItemSide& side, const Query& q, std::vector<float>& scores) const override;
  double predict(const ItemSide& side, const Query& q, int32_t item) const override;
  bool explain(const ItemSide& side, const Query& q, int32_t item, Reason* out) const override;
  void write(BinaryWriter& w, bool includeUsers) const override;

 private:
  std::vector<Neighbor> neighborsOf(const ItemSide& side, const Query& q) const;
  int32_t neighbors_ = kDefaultNeighbors;
  bool normalized_ = true;
};

}  // namespace reelrank
