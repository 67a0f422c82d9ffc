// Exposure figures of a simulation: how evenly impressions spread over
// videos or creators, and how many new videos got enough to be judged.
#pragma once
#include <cstdint>
#include <vector>

namespace reelrank::sim {

// Gini coefficient of non-negative counts: with x sorted ascending and
// 1-based ranks i, G = sum_i (2i - n - 1) x_i / (n sum_i x_i); 0 when every
// count is equal (or all are 0), (n - 1) / n when one holds everything.
double gini(std::vector<double> counts);

// Share of the flagged videos shown at least `target` times; NaN when none is flagged.
double shareReaching(const std::vector<uint32_t>& impressions, const std::vector<uint8_t>& flagged, uint32_t target);

// What the flagged videos got: their mean impressions, and their share of all
// impressions; both NaN when none is flagged (the share also when nothing was
// shown). Why both: whether half the new videos can reach a target is first a
// question of how many impressions went to them at all.
struct FlaggedExposure {
  double meanImpressions;
  double impressionShare;
};
FlaggedExposure flaggedExposure(const std::vector<uint32_t>& impressions, const std::vector<uint8_t>& flagged);

}  // namespace reelrank::sim
