// Candidates: which items a feed may hold, and the best of them by blended
// score, the pool that diversity, the creator cap and exploration work on.
#pragma once
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "rank/blend.hpp"
#include "rank/ranker.hpp"

namespace reelrank {

// A blended score and its item.
using Scored = std::pair<float, int32_t>;

struct Candidates {
  std::vector<uint8_t> eligible;  // per item
  std::size_t count = 0;          // items eligible
  // With a candidate list (a server's page), the eligible items in ascending
  // order, so a page of 500 is ranked in passes over 500, not the catalogue.
  std::vector<int32_t> list;
  bool listed = false;
  const std::vector<int32_t>* only() const { return listed ? &list : nullptr; }
};

// The request's candidate list (or every item), minus its excluded items and
// the items of its excluded creators.
Candidates eligibleItems(const ItemSide& side, const RankRequest& req);

// How many of the best to keep: k, or max(5k, 50) when a re-ranking
// (diversity, creator cap, calibration) needs room to choose.
std::size_t poolSize(const RankRequest& req);

// The best `size` eligible items by blended score, best first; ties go to
// the lower item index.
// `only`: the eligible items in ascending order, when known (Candidates::only()).
std::vector<Scored> topCandidates(const BlendPlan& plan, const ItemSignals& signals,
                                  const std::vector<uint8_t>& eligible, std::size_t size,
                                  const std::vector<int32_t>* only = nullptr);

}  // namespace reelrank
