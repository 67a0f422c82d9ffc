// ease: Embarrassingly Shallow Autoencoder (Steck 2019). An item-item weight
// matrix B with a zero diagonal, the closed-form minimiser of
//   |X - X B|_F^2 + lambda |B|_F^2   subject to diag(B) = 0:
//   P = (XᵀX + lambda I)⁻¹,   B = I - P diag(1 / diag P),  i.e. B_ij = -P_ij / P_jj (i != j).
// A person with item vector x scores item j as (x B)_j = sum_i x_i B_ij.
// X holds each positive cell's weight (the default), or 1 for each positive
// cell (binary = 1, Steck's setting); negative cells never enter X: a dislike
// does not make two items alike. At scoring time a dislike counts -1 (binary) or its
// weight, so it pushes down what it would have predicted.
//
// Memory: B is dense, items^2 floats, and training holds two such matrices
// (XᵀX factored in place, then P). So EASE keeps only the `maxItems`
// most-interacted items (the others get no collaborative score: the content
// and popularity parts of the blend still rank them), and refuses with
// E_MEMORY, before allocating, when asked for more than kMaxItems.
// Time: a Cholesky factorisation and an inverse, about n^3 / 3 + 4 n^3 / 3
// flops (docs/models.md has the measurements).
#pragma once
#include "models/recommender.hpp"

namespace reelrank {

class EaseModel final : public Recommender {
 public:
  // Chosen on ml-latest-small (per-user 75/25) and the KuaiRand sample
  // (time 0.2), docs/models.md: X of weights beats binary X on both (the
  // weights carry rating, engagement and recency), lambda 2500 is best on
  // both at the default weighting, and beyond the 2,000 most-interacted items
  // NDCG@10 does not rise (0.4138 at 2,000; 0.4127 at 5,000) while time grows
  // as n^3.
  static constexpr double kDefaultLambda = 2500.0;
  static constexpr int kDefaultMaxItems = 2000;
  static constexpr bool kDefaultBinary = false;
  static constexpr int kMaxItems = 10000;  // 2 x 10,000^2 floats = 800 MB while training

  static Status train(const Options& o, const ItemSide& side, const ProgressFn& progress,
                      std::unique_ptr<Recommender>* out);
  static Status read(BinaryReader& r, const ItemSide& side, std::unique_ptr<Recommender>* out);
  const char* algorithm() const override { return "ease"; }
  void score(const ItemSide& side, const Query& q, std::vector<float>& scores) const override;
  bool explain(const ItemSide& side, const Query& q, int32_t item, Reason* out) const override;
  std::vector<std::pair<int32_t, float>> similarItems(const ItemSide& side, int32_t item, std::size_t n) const override;
  void write(BinaryWriter& w, bool includeUsers) const override;

  // B_ij for model items i and j (0 when either was not kept).
  float weight(int32_t i, int32_t j) const;
  std::size_t keptItems() const { return kept_.size(); }

 private:
  float input(float w) const;  // the X value of a query weight
  void deriveIndex(std::size_t items);

  double lambda_ = kDefaultLambda;
  bool binary_ = kDefaultBinary;
  std::vector<int32_t> kept_;  // model item of each EASE row, ascending
  std::vector<int32_t> row_;   // derived: EASE row of each model item, -1 when not kept
  std::vector<float> b_;       // kept x kept, row-major
};

}  // namespace reelrank
