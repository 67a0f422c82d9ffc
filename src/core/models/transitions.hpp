// TransitionsModel: what people watch right after an item. From every training
// sequence it counts, for each watched item i, the items watched in the next
// `window` events (weighted 1/distance), keeps each row's `neighbors` largest
// and normalises the row to sum 1: T[i][j] ~ P(j soon after i).
//
// A person's score for j reads their recent events, most recent first:
//   score(j) = sum_k decay^k * s_k * T[i_k][j]   over the last `history` events,
// with s_k = +1 for an event the policy weighs positively (a view, a like) and
// -skipWeight for a negative one (a skip, a dislike), so a skip pushes down
// what usually follows the skipped video for the next few swipes. A query with
// no order (a training user) reads its bag of items instead. The reason for a
// result is the recent event that gave it most ("because you just watched X").
#pragma once
#include <memory>
#include <vector>

#include "models/recommender.hpp"

namespace reelrank {

class TransitionsModel : public Recommender {
 public:
  static constexpr int kDefaultWindow = 3;
  static constexpr int kDefaultHistory = 10;
  static constexpr double kDefaultDecay = 0.6;
  static constexpr double kDefaultSkipWeight = 0.5;
  static constexpr int kDefaultNeighbors = 200;

  static Status train(const Options& o, const ItemSide& side, const ProgressFn& progress,
                      std::unique_ptr<Recommender>* out);
  static Status read(BinaryReader& r, const ItemSide& side, std::unique_ptr<Recommender>* out);

  const char* algorithm() const override { return "transitions"; }
  void score(const ItemSide& side, const Query& q, std::vector<float>& scores) const override;
  bool explain(const ItemSide& side, const Query& q, int32_t item, Reason* why) const override;
  // The items most often watched soon after `item`.
  std::vector<std::pair<int32_t, float>> similarItems(const ItemSide& side, int32_t item, std::size_t n) const override;
  void write(BinaryWriter& w, bool includeUsers) const override;

  // T[from][to], 0 when `to` is not among from's kept successors.
  float transition(int32_t from, int32_t to) const;

 private:
  // The weighted events a query contributes: (item, weight), most recent first.
  std::vector<std::pair<int32_t, float>> weightedHistory(const Query& q) const;

  int32_t window_ = kDefaultWindow, history_ = kDefaultHistory;
  double decay_ = kDefaultDecay, skipWeight_ = kDefaultSkipWeight;
  std::vector<int32_t> start_;  // items + 1: CSR rows of successors, sorted by item
  std::vector<int32_t> next_;
  std::vector<float> share_;
};

}  // namespace reelrank
