#include "rank/calibration.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "rank/diversity.hpp"

namespace reelrank {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// KL(p || q~) over the tags where p > 0 (`support`), q given as its
// unnormalised sums `num` over `den` items (den 0: q is all zero).
// `extra`/`extraTags`: one more item's p(g|i) share added to the sums.
double klOfSums(const std::vector<double>& p, const std::vector<int32_t>& support, const std::vector<double>& num,
                double den, const std::vector<double>& extra, double alpha) {
  double kl = 0;
  for (int32_t g : support) {
    const auto t = static_cast<std::size_t>(g);
    const double q = den > 0 ? (num[t] + extra[t]) / den : 0.0;
    kl += p[t] * std::log(p[t] / ((1.0 - alpha) * q + alpha * p[t]));
  }
  return kl;
}

}  // namespace

std::vector<double> tagMix(const ItemSide& side, const std::vector<std::pair<int32_t, float>>& weightedItems) {
  const TagIndex& ti = side.tags;
  std::vector<double> mix(ti.idf.size(), 0.0);
  if (mix.empty()) return mix;
  double total = 0;
  for (const auto& [item, weight] : weightedItems) {
    const auto i = static_cast<std::size_t>(item);
    const int32_t begin = ti.itemStart[i], end = ti.itemStart[i + 1];
    if (!(weight > 0) || begin == end) continue;
    const double share = static_cast<double>(weight) / static_cast<double>(end - begin);
    for (int32_t at = begin; at < end; ++at)
      mix[static_cast<std::size_t>(ti.itemTag[static_cast<std::size_t>(at)])] += share;
    total += weight;
  }
  if (total > 0)
    for (double& m : mix) m /= total;
  return mix;
}

double miscalibration(const std::vector<double>& p, const std::vector<double>& q, double alpha) {
  if (p.empty() || p.size() != q.size()) return kNaN;
  double kl = 0, mass = 0;
  for (std::size_t g = 0; g < p.size(); ++g) {
    if (!(p[g] > 0)) continue;
    mass += p[g];
    kl += p[g] * std::log(p[g] / ((1.0 - alpha) * q[g] + alpha * p[g]));
  }
  return mass > 0 ? kl : kNaN;
}

std::vector<double> historyMix(const ItemSide& side, const Query& q) { return tagMix(side, q.items); }

std::vector<Scored> selectCalibrated(const ItemSide& side, const std::vector<Scored>& pool, std::size_t count,
                                     double calibration, double diversity, const std::vector<double>& history,
                                     CreatorCap& cap) {
  std::vector<int32_t> support;  // the tags the person's history holds
  for (std::size_t g = 0; g < history.size(); ++g)
    if (history[g] > 0) support.push_back(static_cast<int32_t>(g));
  if (!(calibration > 0) || support.empty() || pool.empty()) return selectDiverse(side, pool, count, diversity, cap);

  const TagIndex& ti = side.tags;
  const float lo = pool.back().first, hi = pool.front().first;
  const float span = hi > lo ? hi - lo : 1.0f;
  std::vector<double> num(history.size(), 0.0), extra(history.size(), 0.0);
  double tagged = 0;  // items of the list so far with tags
  std::vector<float> maxSim(pool.size(), 0.0f);
  std::vector<uint8_t> used(pool.size(), 0);
  std::vector<Scored> chosen;
  const double keep = 1.0 - calibration;
  // Without tags an entry leaves the list's mix as it is: one KL for all of them per step.
  while (chosen.size() < count) {
    const double klUntagged = klOfSums(history, support, num, tagged, extra, kCalibrationAlpha);
    std::size_t best = pool.size();
    double bestValue = -std::numeric_limits<double>::infinity();
    for (std::size_t a = 0; a < pool.size(); ++a) {
      const auto item = static_cast<std::size_t>(pool[a].second);
      if (used[a] || cap.full(side.itemCreator[item])) continue;
      const double rel = (pool[a].first - lo) / span;
      const double gain = diversity > 0 ? (1.0 - diversity) * rel - diversity * maxSim[a] : rel;
      const int32_t begin = ti.itemStart[item], end = ti.itemStart[item + 1];
      double kl = klUntagged;
      if (begin < end) {
        const double share = 1.0 / static_cast<double>(end - begin);
        for (int32_t at = begin; at < end; ++at)
          extra[static_cast<std::size_t>(ti.itemTag[static_cast<std::size_t>(at)])] = share;
        kl = klOfSums(history, support, num, tagged + 1.0, extra, kCalibrationAlpha);
        for (int32_t at = begin; at < end; ++at)
          extra[static_cast<std::size_t>(ti.itemTag[static_cast<std::size_t>(at)])] = 0.0;
      }
      const double v = keep * gain - calibration * kl;
      if (v > bestValue) {  // strictly: a tie keeps the earlier (better-scored) entry
        bestValue = v;
        best = a;
      }
    }
    if (best == pool.size()) break;  // the creator cap left nothing
    used[best] = 1;
    chosen.push_back(pool[best]);
    const auto item = static_cast<std::size_t>(pool[best].second);
    cap.take(side.itemCreator[item]);
    const int32_t begin = ti.itemStart[item], end = ti.itemStart[item + 1];
    if (begin < end) {
      for (int32_t at = begin; at < end; ++at)
        num[static_cast<std::size_t>(ti.itemTag[static_cast<std::size_t>(at)])] +=
            1.0 / static_cast<double>(end - begin);
      tagged += 1.0;
    }
    if (diversity > 0)
      for (std::size_t a = 0; a < pool.size(); ++a)
        if (!used[a]) maxSim[a] = std::max(maxSim[a], itemContentSimilarity(side, pool[a].second, pool[best].second));
  }
  return chosen;
}

}  // namespace reelrank
