// ItemKnnModel: item-item collaborative filtering. Similarity is the cosine
// between item columns of the (positive part of the) interaction matrix,
// shrunk towards 0 for items with little support:
//   sim(i, j) = x_i . x_j / (|x_i| |x_j| + shrink)
// Only each item's `neighbors` most similar items N_k(j) are kept (sparse
// rows). A person's score for j is sum over their items p in N_k(j) of
// w_p * sim(j, p): a candidate is judged by its own nearest neighbours, the
// classic item-based form (Sarwar et al. 2001). Truncating on the other side
// (each watched item spreading to its own neighbours) scores NDCG@10 0.29
// instead of 0.35 on ml-latest-small, so the rows are also kept transposed,
// p -> { j : p in N_k(j) }, for scoring in O(|profile| * k).
#pragma once
#include "models/recommender.hpp"

namespace reelrank {

class ItemKnnModel final : public Recommender {
 public:
  static constexpr int kDefaultNeighbors = 100;
  static constexpr double kDefaultShrink = 10.0;

  static Status train(const Options& o, const ItemSide& side, const ProgressFn& progress,
                      std::unique_ptr<Recommender>* out);
  static Status read(BinaryReader& r, const ItemSide& side, std::unique_ptr<Recommender>* out);
  const char* algorithm() const override { return "itemknn"; }
  void score(const ItemSide& side, const Query& q, std::vector<float>& scores) const override;
  double predict(const ItemSide& side, const Query& q, int32_t item) const override;
  bool explain(const ItemSide& side, const Query& q, int32_t item, Reason* out) const override;
  std::vector<std::pair<int32_t, float>> similarItems(const ItemSide& side, int32_t item, std::size_t n) const override;
  void write(BinaryWriter& w, bool includeUsers) const override;

  // Similarity of j in i's neighbour list, 0 when absent.
  float similarity(int32_t i, int32_t j) const;

 private:
  int32_t neighbors_ = kDefaultNeighbors;
  double shrink_ = kDefaultShrink;
  void transpose();

  std::vector<int32_t> start_;  // CSR: start_[j]..start_[j+1] index nbr_/sim_: N_k(j)
  std::vector<int32_t> nbr_;    // sorted by item index within a row
  std::vector<float> sim_;
  std::vector<int32_t> byStart_;  // derived transpose: byStart_[p].. lists the j with p in N_k(j)
  std::vector<int32_t> byItem_;
  std::vector<float> bySim_;
};

}  // namespace reelrank
