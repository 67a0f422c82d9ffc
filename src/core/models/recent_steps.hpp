// How the item-to-item sequence models (transitions, slist) read a person:
// their recent events as (item, weight), most recent first. The last event
// weighs 1 and each step further back `decay` times less, over the last
// `history` steps; a positive event (a view, a like) counts +1 and a negative
// one (a skip, a dislike) -skipWeight; a repeated event of the item just seen
// (a like after its view) is one step. A query without order (a training
// user) reads its bag of items, each +1 or -skipWeight, undecayed.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include "models/recommender.hpp"

namespace reelrank {

inline std::vector<std::pair<int32_t, float>> weightedRecentSteps(const Query& q, int32_t history, double decay,
                                                                  double skipWeight) {
  std::vector<std::pair<int32_t, float>> h;
  const auto negative = -static_cast<float>(skipWeight);
  if (q.recent.empty()) {
    for (const auto& [item, w] : q.items) h.emplace_back(item, w > 0 ? 1.0f : (w < 0 ? negative : 0.0f));
    return h;
  }
  float factor = 1.0f;
  int32_t last = -1;
  for (auto it = q.recent.rbegin(); it != q.recent.rend() && static_cast<int32_t>(h.size()) < history; ++it) {
    if (it->weight == 0 || it->item == last) continue;
    last = it->item;
    h.emplace_back(it->item, factor * (it->weight > 0 ? 1.0f : negative));
    factor *= static_cast<float>(decay);
  }
  return h;
}

}  // namespace reelrank
