#include "rank/diversity.hpp"

#include <algorithm>
#include <cmath>

namespace reelrank {

float itemContentSimilarity(const ItemSide& side, int32_t a, int32_t b) {
  const TagIndex& ti = side.tags;
  const auto ia = static_cast<std::size_t>(a), ib = static_cast<std::size_t>(b);
  const bool tagsA = ti.itemStart[ia] < ti.itemStart[ia + 1];
  const bool tagsB = ti.itemStart[ib] < ti.itemStart[ib + 1];
  const float* ea = side.catalog.embedding(a);
  const float* eb = side.catalog.embedding(b);
  float sum = 0;
  int parts = 0;
  if (tagsA && tagsB) {
    sum += ti.cosine(a, b);
    ++parts;
  }
  if (ea && eb) {
    const double na = side.embeddingSqNorms[ia], nb = side.embeddingSqNorms[ib];
    if (na > 0 && nb > 0) {
      double dot = 0;
      for (int d = 0; d < side.catalog.embeddingDim(); ++d) dot += static_cast<double>(ea[d]) * eb[d];
      sum += static_cast<float>(dot / std::sqrt(na * nb));
      ++parts;
    }
  }
  return parts ? sum / static_cast<float>(parts) : 0.0f;
}

std::vector<Scored> selectDiverse(const ItemSide& side, const std::vector<Scored>& pool, std::size_t count,
                                  double diversity, CreatorCap& cap) {
  std::vector<Scored> chosen;
  if (pool.empty()) return chosen;
  if (!(diversity > 0)) {
    // Without diversity each round's winner is the first free entry, so one
    // pass in the pool's order picks the same items (a re-ranked page of 500
    // would otherwise cost 500 passes over 500).
    for (std::size_t a = 0; a < pool.size() && chosen.size() < count; ++a) {
      const int32_t creator = side.itemCreator[static_cast<std::size_t>(pool[a].second)];
      if (cap.full(creator)) continue;
      chosen.push_back(pool[a]);
      cap.take(creator);
    }
    return chosen;
  }
  const float lo = pool.back().first, hi = pool.front().first;
  const float span = hi > lo ? hi - lo : 1.0f;
  std::vector<float> maxSim(pool.size(), 0.0f);
  std::vector<uint8_t> used(pool.size(), 0);
  const double lambda = 1.0 - diversity;
  while (chosen.size() < count) {
    std::size_t best = pool.size();
    double bestValue = -1e300;
    for (std::size_t a = 0; a < pool.size(); ++a) {
      if (used[a] || cap.full(side.itemCreator[static_cast<std::size_t>(pool[a].second)])) continue;
      const double rel = (pool[a].first - lo) / span;
      // Without diversity the first free entry wins: the pool's own order.
      const double v = diversity > 0 ? lambda * rel - (1.0 - lambda) * maxSim[a] : -static_cast<double>(a);
      if (v > bestValue) {
        bestValue = v;
        best = a;
      }
    }
    if (best == pool.size()) break;  // the creator cap left nothing
    used[best] = 1;
    chosen.push_back(pool[best]);
    cap.take(side.itemCreator[static_cast<std::size_t>(pool[best].second)]);
    if (diversity > 0)
      for (std::size_t a = 0; a < pool.size(); ++a)
        if (!used[a]) maxSim[a] = std::max(maxSim[a], itemContentSimilarity(side, pool[a].second, pool[best].second));
  }
  return chosen;
}

}  // namespace reelrank
