#include "eval/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "rank/calibration.hpp"

namespace reelrank::eval {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void sortUnique(std::vector<int32_t>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

// 1 - cosine of two binary tag vectors given as sorted, distinct, non-empty lists.
double tagDistance(const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
  std::size_t shared = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++shared, ++i, ++j;
    }
  }
  return 1.0 - static_cast<double>(shared) / std::sqrt(static_cast<double>(a.size()) * static_cast<double>(b.size()));
}

}  // namespace

Status scoreRanking(const std::vector<int32_t>& ranked, const std::vector<int32_t>& relevant, std::size_t k,
                    RankingScores* out) {
  if (k == 0) return argError("ranking metrics need k >= 1");
  if (relevant.empty()) return Status::error(ErrorCode::Empty, "a user with no relevant items has no ranking metrics");
  std::vector<int32_t> truth = relevant;
  sortUnique(&truth);
  std::vector<uint8_t> found(truth.size(), 0);  // so that a repeated item is a hit once
  const std::size_t n = std::min(ranked.size(), k);
  RankingScores s;
  double dcg = 0, precisionSum = 0;
  for (std::size_t r = 1; r <= n; ++r) {
    const auto it = std::lower_bound(truth.begin(), truth.end(), ranked[r - 1]);
    if (it == truth.end() || *it != ranked[r - 1]) continue;
    uint8_t& seen = found[static_cast<std::size_t>(it - truth.begin())];
    if (seen) continue;
    seen = 1;
    ++s.hits;
    dcg += 1.0 / std::log2(static_cast<double>(r) + 1.0);
    precisionSum += static_cast<double>(s.hits) / static_cast<double>(r);
    if (s.hits == 1) s.reciprocalRank = 1.0 / static_cast<double>(r);
  }
  const std::size_t ideal = std::min(truth.size(), k);
  double idcg = 0;
  for (std::size_t r = 1; r <= ideal; ++r) idcg += 1.0 / std::log2(static_cast<double>(r) + 1.0);
  s.precision = static_cast<double>(s.hits) / static_cast<double>(k);
  s.recall = static_cast<double>(s.hits) / static_cast<double>(truth.size());
  s.ndcg = dcg / idcg;
  s.averagePrecision = precisionSum / static_cast<double>(ideal);
  s.hitRate = s.hits > 0 ? 1.0 : 0.0;
  *out = s;
  return Status::ok();
}

Status TopNMetrics::create(TopNOptions options, TopNMetrics* out) {
  if (options.k == 0) return argError("top-N metrics need k >= 1");
  if (options.itemCount == 0) return argError("top-N metrics need the catalogue size (itemCount >= 1)");
  const std::string items = std::to_string(options.itemCount);
  if (!options.popularity.empty()) {
    if (options.popularity.size() != options.itemCount)
      return argError("popularity has " + std::to_string(options.popularity.size()) + " entries for " + items +
                      " items");
    for (double p : options.popularity)
      if (!std::isfinite(p) || p < 0) return argError("every item popularity must be a finite number >= 0");
  }
  if (!options.longTail.empty() && options.longTail.size() != options.itemCount)
    return argError("longTail has " + std::to_string(options.longTail.size()) + " entries for " + items + " items");
  if (!options.itemTags.empty()) {
    if (options.itemTags.size() != options.itemCount)
      return argError("itemTags has " + std::to_string(options.itemTags.size()) + " entries for " + items + " items");
    for (auto& tags : options.itemTags) {
      for (int32_t t : tags)
        if (t < 0) return argError("tag indices must be >= 0");
      sortUnique(&tags);
    }
  }
  TopNMetrics m;
  m.options_ = std::move(options);
  m.configured_ = true;
  m.recommended_.assign(m.options_.itemCount, 0);
  *out = std::move(m);
  return Status::ok();
}

bool TopNMetrics::fillListTags(const std::vector<int32_t>& ranked, std::size_t n) {
  const bool haveList = !options_.itemTags.empty();
  if (!haveList && !options_.tagsOf) return false;
  listTags_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<int32_t>& tags = listTags_[i];
    if (haveList) {
      tags = options_.itemTags[static_cast<std::size_t>(ranked[i])];
    } else {
      tags.clear();
      options_.tagsOf(ranked[i], &tags);
      sortUnique(&tags);
    }
  }
  return true;
}

double TopNMetrics::listDiversity(std::size_t n) const {
  double sum = 0;
  std::size_t pairs = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (listTags_[i].empty()) continue;
    for (std::size_t j = i + 1; j < n; ++j) {
      if (listTags_[j].empty()) continue;
      sum += tagDistance(listTags_[i], listTags_[j]);
      ++pairs;
    }
  }
  return pairs > 0 ? sum / static_cast<double>(pairs) : -1;
}

double TopNMetrics::listMiscalibration(std::size_t n, const std::vector<double>& historyMix) const {
  // The list's mix as tagMix makes it, each listed item of weight 1.
  std::vector<double> mix(historyMix.size(), 0.0);
  double tagged = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::vector<int32_t>& tags = listTags_[i];
    if (tags.empty()) continue;
    for (int32_t t : tags)
      if (static_cast<std::size_t>(t) < mix.size())
        mix[static_cast<std::size_t>(t)] += 1.0 / static_cast<double>(tags.size());
    tagged += 1.0;
  }
  if (tagged > 0)
    for (double& m : mix) m /= tagged;
  return reelrank::miscalibration(historyMix, mix);
}

Status TopNMetrics::add(const std::vector<int32_t>& ranked, const std::vector<int32_t>& relevant,
                        const std::vector<double>* historyMix) {
  if (!configured_) return Status::error(ErrorCode::State, "TopNMetrics must be made with TopNMetrics::create");
  const std::size_t n = std::min(ranked.size(), options_.k);
  for (std::size_t i = 0; i < n; ++i) {
    if (ranked[i] < 0 || static_cast<std::size_t>(ranked[i]) >= options_.itemCount)
      return argError("ranked item " + std::to_string(ranked[i]) + " is outside the catalogue (0.." +
                      std::to_string(options_.itemCount - 1) + ")");
  }
  if (relevant.empty()) {
    ++skippedUsers_;
    return Status::ok();
  }
  RankingScores s;
  RR_TRY(scoreRanking(ranked, relevant, options_.k, &s));
  ++users_;
  precision_ += s.precision;
  recall_ += s.recall;
  ndcg_ += s.ndcg;
  map_ += s.averagePrecision;
  hitRate_ += s.hitRate;
  mrr_ += s.reciprocalRank;
  for (std::size_t i = 0; i < n; ++i) {
    const auto item = static_cast<std::size_t>(ranked[i]);
    if (!recommended_[item]) {
      recommended_[item] = 1;
      ++distinctRecommended_;
    }
    if (!options_.popularity.empty()) popularitySum_ += options_.popularity[item];
    if (!options_.longTail.empty()) longTailSlots_ += options_.longTail[item];
  }
  slots_ += n;
  if (!fillListTags(ranked, n)) return Status::ok();
  const double diversity = listDiversity(n);
  if (diversity >= 0) {
    diversitySum_ += diversity;
    ++diversityUsers_;
  }
  if (historyMix && historyMix->size() == options_.tagCount) {
    const double kl = listMiscalibration(n, *historyMix);
    if (!std::isnan(kl)) {
      miscalibrationSum_ += kl;
      ++calibratedUsers_;
    }
  }
  return Status::ok();
}

TopNSummary TopNMetrics::summary() const {
  TopNSummary out;
  out.k = options_.k;
  out.users = users_;
  out.skippedUsers = skippedUsers_;
  const double users = static_cast<double>(users_);
  const bool any = users_ > 0;
  out.precision = any ? precision_ / users : kNaN;
  out.recall = any ? recall_ / users : kNaN;
  out.ndcg = any ? ndcg_ / users : kNaN;
  out.map = any ? map_ / users : kNaN;
  out.hitRate = any ? hitRate_ / users : kNaN;
  out.mrr = any ? mrr_ / users : kNaN;
  out.coverage = options_.itemCount > 0
                     ? static_cast<double>(distinctRecommended_) / static_cast<double>(options_.itemCount)
                     : kNaN;
  out.averagePopularity =
      !options_.popularity.empty() && slots_ > 0 ? popularitySum_ / static_cast<double>(slots_) : kNaN;
  out.diversity = diversityUsers_ > 0 ? diversitySum_ / static_cast<double>(diversityUsers_) : kNaN;
  out.diversityUsers = diversityUsers_;
  out.longTailShare = !options_.longTail.empty() && slots_ > 0
                          ? static_cast<double>(longTailSlots_) / static_cast<double>(slots_)
                          : kNaN;
  out.miscalibration = calibratedUsers_ > 0 ? miscalibrationSum_ / static_cast<double>(calibratedUsers_) : kNaN;
  out.calibratedUsers = calibratedUsers_;
  return out;
}

Status trainingPopularity(const std::vector<Rating>& rows, const std::vector<uint32_t>& trainRows,
                          std::size_t itemCount, std::vector<double>* out) {
  std::vector<double> popularity(itemCount, 0.0);
  for (uint32_t r : trainRows) {
    if (r >= rows.size()) return argError("training row " + std::to_string(r) + " does not exist");
    const int32_t item = rows[r].item;
    if (item < 0 || static_cast<std::size_t>(item) >= itemCount)
      return argError("row " + std::to_string(r) + " has item " + std::to_string(item) + ", outside 0.." +
                      std::to_string(itemCount) + "-1");
    popularity[static_cast<std::size_t>(item)] += 1.0;
  }
  *out = std::move(popularity);
  return Status::ok();
}

std::vector<uint8_t> longTailItems(const std::vector<double>& popularity, double headShare) {
  std::vector<uint8_t> tail(popularity.size(), 0);
  double total = 0;
  for (double p : popularity) total += p;
  if (!(total > 0)) return tail;
  std::vector<int32_t> order(popularity.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int32_t>(i);
  std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    return popularity[static_cast<std::size_t>(a)] > popularity[static_cast<std::size_t>(b)];
  });
  double head = 0;
  for (int32_t i : order) {
    if (head >= headShare * total) {
      tail[static_cast<std::size_t>(i)] = 1;
    } else {
      head += popularity[static_cast<std::size_t>(i)];
    }
  }
  return tail;
}

Status RatingErrorMetrics::add(double predicted, double actual) {
  if (!std::isfinite(actual)) return argError("an actual rating must be a finite number");
  if (std::isnan(predicted)) {
    ++unpredicted_;
    return Status::ok();
  }
  if (!std::isfinite(predicted)) return argError("a predicted rating must be finite (or NaN for none)");
  const double error = predicted - actual;
  squaredSum_ += error * error;
  absoluteSum_ += std::fabs(error);
  ++count_;
  return Status::ok();
}

double RatingErrorMetrics::rmse() const {
  return count_ > 0 ? std::sqrt(squaredSum_ / static_cast<double>(count_)) : kNaN;
}

double RatingErrorMetrics::mae() const { return count_ > 0 ? absoluteSum_ / static_cast<double>(count_) : kNaN; }

}  // namespace reelrank::eval
