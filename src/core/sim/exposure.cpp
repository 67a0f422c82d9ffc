#include "sim/exposure.hpp"

#include <algorithm>
#include <cmath>

namespace reelrank::sim {

double gini(std::vector<double> x) {
  if (x.empty()) return 0;
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  double total = 0, weighted = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    total += x[i];
    weighted += (2.0 * static_cast<double>(i + 1) - n - 1.0) * x[i];
  }
  return total > 0 ? weighted / (n * total) : 0;
}

double shareReaching(const std::vector<uint32_t>& impressions, const std::vector<uint8_t>& flagged, uint32_t target) {
  std::size_t flaggedCount = 0, reached = 0;
  for (std::size_t i = 0; i < impressions.size() && i < flagged.size(); ++i) {
    if (!flagged[i]) continue;
    ++flaggedCount;
    reached += impressions[i] >= target;
  }
  return flaggedCount ? static_cast<double>(reached) / static_cast<double>(flaggedCount) : std::nan("");
}

FlaggedExposure flaggedExposure(const std::vector<uint32_t>& impressions, const std::vector<uint8_t>& flagged) {
  double n = 0, theirs = 0, all = 0;
  for (std::size_t i = 0; i < impressions.size(); ++i) {
    all += impressions[i];
    if (i < flagged.size() && flagged[i]) {
      n += 1;
      theirs += impressions[i];
    }
  }
  if (n == 0) return {std::nan(""), std::nan("")};
  return {theirs / n, all > 0 ? theirs / all : std::nan("")};
}

}  // namespace reelrank::sim
