// Shared by the ranker's tests: an item side made by hand and an algorithm
// whose scores are fixed per item.
#pragma once
#include <catch2/catch.hpp>
#include <utility>
#include <vector>

#include "models/item_side.hpp"
#include "models/model.hpp"
#include "models/recommender.hpp"
#include "rank/candidates.hpp"
#include "test_helpers.hpp"

namespace reelrank::testing {

// The catalogue only, no training users, zero popularity unless a test sets it.
inline ItemSide sideOf(const std::vector<VideoInput>& videos) {
  ItemSide side;
  REQUIRE(side.catalog.addMany(videos).isOk());
  side.popularity.assign(side.catalog.size(), 0.0f);
  side.derive();
  return side;
}

// A popularity model of `events` over `cat` with no time decay, so the
// impression and positive counts a test works out by hand are the model's.
inline Model popularityOf(const Catalog& cat, const std::vector<E>& events) {
  Interactions log;
  REQUIRE(log.addBatch(batch(events)).isOk());
  TrainConfig c;
  c.algorithm = "popularity";
  c.policy.halfLifeDays = 0;
  Model m;
  REQUIRE(Model::train(log, &cat, c, {}, &m).isOk());
  return m;
}

// Scores fixed per item; explains every item as "similar to item 1".
class FixedScores final : public Recommender {
 public:
  explicit FixedScores(std::vector<float> s) : s_(std::move(s)) {}
  const char* algorithm() const override { return "fixed"; }
  void score(const ItemSide&, const Query&, std::vector<float>& scores) const override {
    for (std::size_t j = 0; j < scores.size(); ++j) scores[j] += s_[j];
  }
  bool explain(const ItemSide&, const Query&, int32_t, Reason* out) const override {
    *out = {ReasonKind::Similar, 1, 0.0f};
    return true;
  }

 private:
  std::vector<float> s_;
};

inline std::vector<int32_t> itemsOf(const std::vector<Scored>& v) {
  std::vector<int32_t> out;
  for (const Scored& s : v) out.push_back(s.second);
  return out;
}

}  // namespace reelrank::testing
