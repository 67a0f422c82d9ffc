#include "rank/candidates.hpp"

#include <algorithm>

namespace reelrank {

Candidates eligibleItems(const ItemSide& side, const RankRequest& req) {
  const std::size_t n = side.itemCount();
  Candidates out;
  out.eligible.assign(n, req.restrictToCandidates ? 0 : 1);
  for (int32_t c : req.candidates) out.eligible[static_cast<std::size_t>(c)] = 1;
  for (int32_t e : req.exclude) out.eligible[static_cast<std::size_t>(e)] = 0;
  if (!req.excludeCreators.empty()) {
    std::vector<uint8_t> blocked(side.catalog.creators().size(), 0);
    for (int32_t c : req.excludeCreators) blocked[static_cast<std::size_t>(c)] = 1;
    for (std::size_t j = 0; j < n; ++j) {
      const int32_t c = side.itemCreator[j];
      if (c >= 0 && blocked[static_cast<std::size_t>(c)]) out.eligible[j] = 0;
    }
  }
  if (req.restrictToCandidates) {
    out.listed = true;
    for (int32_t c : req.candidates)
      if (out.eligible[static_cast<std::size_t>(c)]) out.list.push_back(c);
    std::sort(out.list.begin(), out.list.end());
    out.list.erase(std::unique(out.list.begin(), out.list.end()), out.list.end());
    out.count = out.list.size();
    return out;
  }
  for (uint8_t e : out.eligible) out.count += e;
  return out;
}

std::size_t poolSize(const RankRequest& req) {
  const bool rerank = req.diversity > 0 || req.maxPerCreator > 0 || req.calibration > 0;
  return rerank ? std::max<std::size_t>(5 * req.k, 50) : req.k;
}

std::vector<Scored> topCandidates(const BlendPlan& plan, const ItemSignals& signals,
                                  const std::vector<uint8_t>& eligible, std::size_t size,
                                  const std::vector<int32_t>* only) {
  // One pass over contiguous arrays, keeping the best `size` in a min-heap
  // (its top is the worst kept): this loop is the hot path of a feed.
  auto better = [](const Scored& a, const Scored& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  };
  std::vector<Scored> pool;
  pool.reserve(size + 1);
  const std::size_t n = only ? only->size() : eligible.size();
  for (std::size_t at = 0; at < n; ++at) {
    const std::size_t j = only ? static_cast<std::size_t>((*only)[at]) : at;
    if (!only && !eligible[j]) continue;
    const Scored entry(signals.weighed(plan, j).score(), static_cast<int32_t>(j));
    if (pool.size() < size) {
      pool.push_back(entry);
      std::push_heap(pool.begin(), pool.end(), better);
    } else if (better(entry, pool.front())) {
      std::pop_heap(pool.begin(), pool.end(), better);
      pool.back() = entry;
      std::push_heap(pool.begin(), pool.end(), better);
    }
  }
  std::sort(pool.begin(), pool.end(), better);
  return pool;
}

}  // namespace reelrank
