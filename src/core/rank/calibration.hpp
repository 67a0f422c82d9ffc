// Calibration (Steck, "Calibrated Recommendations", RecSys 2018): the tag mix
// of a feed should follow the tag mix of the person's history, so a person who
// watches 70% cooking and 30% travel is not shown a feed of cooking alone.
//
//   p(g|i)   = 1 / |tags(i)| for each tag g of item i                 (eq. 1)
//   mix(g)   = sum_i w_i p(g|i) / sum_i w_i over the items with tags
//   q~       = (1 - alpha) q + alpha p                                  (eq. 4)
//   KL(p||q~) = sum_{g : p(g) > 0} p(g) log(p(g) / q~(g))              (eq. 3)
//
// The re-ranking builds the list greedily (eq. 5, ranked): the step that
// fills slot r (1-based) takes the pool entry that maximises
//   (1 - calibration) * gain / log2(r + 1) - calibration * KL(p || q~(list + entry))
// where gain is the entry's relevance (its blended score rescaled to [0, 1]
// over the pool, as the diversity re-ranking does, so the weight means the
// same for every algorithm's score scale) and, with diversity > 0, MMR's
// (1 - diversity) * relevance - diversity * max similarity (so calibration 0
// is diversity.hpp's selectDiverse exactly). Steck's objective sums the
// scores of the list as a set; here each slot's relevance is discounted as
// DCG discounts it, so the greedy maximises (1 - w) DCG - w KL: a feed is
// read from the top, and calibration changes the lower slots first. On
// ml-latest-small this halved the NDCG@10 that halving miscalibration costs
// (docs/evaluation.md). The list's mix q weighs each listed item equally.
#pragma once
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "models/item_side.hpp"
#include "rank/candidates.hpp"
#include "rank/creator_cap.hpp"

namespace reelrank {

// Steck's alpha: keeps q~ > 0 wherever p > 0, so KL is finite (at most log(1/alpha)).
constexpr double kCalibrationAlpha = 0.01;

// The weighted tag mix of `weightedItems` (model item index, weight) over the
// model's tags: one entry per tag (ItemSide::tags), summing to 1. Items
// without tags and weights <= 0 contribute nothing (a skip is not an
// interest). Empty when the model has no tags; all zero when no item given
// has both tags and a positive weight.
std::vector<double> tagMix(const ItemSide& side, const std::vector<std::pair<int32_t, float>>& weightedItems);

// KL(p || q~), q~ = (1 - alpha) q + alpha p; p and q are mixes over the same
// tags. NaN when p is empty or all zero (no history mix: nothing to be
// calibrated to) or when the lengths differ; 0 when q equals p.
double miscalibration(const std::vector<double>& p, const std::vector<double>& q, double alpha = kCalibrationAlpha);

// The person's history mix the re-ranking follows: tagMix of the Query's
// items. Their weights are the profile's decayed interest (watch ratio, likes
// and the recency half-life already folded in), so the mix follows what the
// person watches now, not what they watched once.
std::vector<double> historyMix(const ItemSide& side, const Query& q);

// The DCG weight of 0-based slot `slot`, 1 / log2(slot + 2): 1, 0.631, 0.5, ...
double slotWeight(std::size_t slot);

// Up to `count` entries of `pool` (best first), chosen by the greedy and
// listed best score first; creators at their cap are skipped and taken ones
// counted in `cap`.
// `history`: historyMix(); when it is empty or all zero there is nothing to
// calibrate to and this is selectDiverse(side, pool, count, diversity, cap).
std::vector<Scored> selectCalibrated(const ItemSide& side, const std::vector<Scored>& pool, std::size_t count,
                                     double calibration, double diversity, const std::vector<double>& history,
                                     CreatorCap& cap);

}  // namespace reelrank
