// PopularityModel: the decayed count of positive events per item, scaled to
// [0, 1] by log1p(count) / log1p(max). The baseline every model must beat and
// the prior that gives a brand-new person a sensible feed.
#pragma once
#include "models/recommender.hpp"

namespace reelrank {

class PopularityModel final : public Recommender {
 public:
  static Status train(const Options& o, const ItemSide& side, std::unique_ptr<Recommender>* out);
  static Status read(BinaryReader& r, const ItemSide& side, std::unique_ptr<Recommender>* out);
  const char* algorithm() const override { return "popularity"; }
  void score(const ItemSide& side, const Query&, std::vector<float>& scores) const override {
    for (std::size_t i = 0; i < scores.size(); ++i) scores[i] += side.popularity[i];
  }
  double predict(const ItemSide& side, const Query&, int32_t item) const override {
    return side.popularity[static_cast<std::size_t>(item)];
  }
  bool explain(const ItemSide& side, const Query&, int32_t item, Reason* out) const override {
    *out = {ReasonKind::Popular, -1, side.popularity[static_cast<std::size_t>(item)]};
    return true;
  }
};

}  // namespace reelrank
