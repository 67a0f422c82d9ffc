// Offline evaluation metrics.
//
// Top-N metrics for one user. Input: a ranked list of item indices (training
// items already excluded by the caller; only the first k entries count) and
// the user's relevant (test) items T. rel_r = 1 when the item at rank r is in
// T and has not appeared at an earlier rank (a repeated item is a hit once:
// otherwise a list [b, b, b] would "find" b three times). Repeats in T count
// once. The list order is final: the caller breaks score ties (e.g. by item
// index) before ranking, so results do not depend on sort stability.
//   hits         = sum_{r=1..k} rel_r
//   Precision@k  = hits / k            (the requested k, even if the list is shorter)
//   Recall@k     = hits / |T|
//   NDCG@k       = DCG / IDCG, DCG = sum_{r=1..k} rel_r / log2(r + 1),
//                  IDCG = sum_{r=1..min(|T|, k)} 1 / log2(r + 1)
//   MAP@k        = (1 / min(|T|, k)) * sum_{r : rel_r = 1} Precision@r,
//                  Precision@r = hits among ranks 1..r, divided by r
//   HitRate@k    = 1 if hits > 0, else 0
//   MRR@k        = 1 / (rank of the first hit), 0 when there is none
// A user with no relevant items has no recall or NDCG: scoreRanking returns
// E_EMPTY and TopNMetrics leaves the user out of every average.
//
// TopNMetrics averages the per-user metrics over the users it counts (those
// with at least one relevant item), and adds list-level measures over the same
// users' lists (first k entries):
//   coverage@k          distinct items recommended / number of catalogue items
//   average popularity  mean, over every recommended slot, of the item's
//                       popularity (its number of training interactions, see
//                       trainingPopularity); NaN when no popularity was given
//   diversity (ILD)     per list, the mean over item pairs of 1 - cosine of
//                       their tag sets, |A ∩ B| / sqrt(|A| |B|); pairs with an
//                       untagged item are skipped, and lists without a tagged
//                       pair are left out; then the mean over lists. NaN when
//                       no list had a tagged pair.
//   long-tail share     recommended slots whose item is in the long tail
//                       (TopNOptions::longTail, see longTailItems) / slots;
//                       NaN when no long tail was given
//   miscalibration      per list, KL(history mix || list mix) (Steck 2018,
//                       rank/calibration.hpp: alpha 0.01, each listed item
//                       weighing the same, untagged items counting for
//                       nothing), for the lists given a history mix with
//                       some weight; the mean over those lists. NaN when
//                       there was none (a catalogue without tags).
//
// RatingErrorMetrics: RMSE = sqrt(mean (p - a)^2), MAE = mean |p - a| over the
// (predicted p, actual a) pairs with a prediction; a NaN prediction means "no
// prediction" and is counted in `unpredicted` instead.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "common/status.hpp"
#include "eval/splits.hpp"

namespace reelrank::eval {

struct RankingScores {
  std::size_t hits = 0;
  double precision = 0, recall = 0, ndcg = 0, averagePrecision = 0, hitRate = 0, reciprocalRank = 0;
};

// E_ARG when k == 0, E_EMPTY when `relevant` is empty; *out untouched then.
Status scoreRanking(const std::vector<int32_t>& ranked, const std::vector<int32_t>& relevant, std::size_t k,
                    RankingScores* out);

// Tags of one item, as tag indices in any order (repeats ignored).
using ItemTagsFn = std::function<void(int32_t item, std::vector<int32_t>* tags)>;

struct TopNOptions {
  std::size_t k = 10;
  std::size_t itemCount = 0;                   // catalogue size: ranked items must lie in 0..itemCount-1
  std::vector<double> popularity;              // per item, finite and >= 0; empty = not measured
  std::vector<std::vector<int32_t>> itemTags;  // per item; empty = use tagsOf
  ItemTagsFn tagsOf;                           // used when itemTags is empty; unset and itemTags empty = no diversity
  std::vector<uint8_t> longTail;               // per item, 1 = in the long tail (longTailItems); empty = not measured
  std::size_t tagCount = 0;                    // the catalogue's tags, the length of a history mix
};

struct TopNSummary {
  std::size_t k = 0;
  std::size_t users = 0;         // users averaged over
  std::size_t skippedUsers = 0;  // users given with no relevant item
  // Averages over `users`; NaN when users == 0.
  double precision = 0, recall = 0, ndcg = 0, map = 0, hitRate = 0, mrr = 0;
  double coverage = 0;
  double averagePopularity = 0;
  double diversity = 0;
  std::size_t diversityUsers = 0;  // lists that had at least one tagged pair
  double longTailShare = 0;
  double miscalibration = 0;
  std::size_t calibratedUsers = 0;  // lists whose miscalibration was measured
};

class TopNMetrics {
 public:
  // Checks the options (k >= 1, itemCount >= 1, popularity and itemTags sized
  // itemCount or empty, popularity finite and >= 0, tags >= 0).
  static Status create(TopNOptions options, TopNMetrics* out);

  // One user's ranked list and relevant items. A user with no relevant item is
  // counted in skippedUsers only. E_ARG (and nothing recorded) when a ranked
  // item lies outside the catalogue; E_STATE when not made by create().
  // `historyMix`: the person's tag mix (rank/calibration.hpp tagMix, tagCount
  // entries) for miscalibration; null, empty or all zero = not measured.
  Status add(const std::vector<int32_t>& ranked, const std::vector<int32_t>& relevant,
             const std::vector<double>* historyMix = nullptr);

  TopNSummary summary() const;

 private:
  bool fillListTags(const std::vector<int32_t>& ranked, std::size_t n);
  double listDiversity(std::size_t n) const;
  double listMiscalibration(std::size_t n, const std::vector<double>& historyMix) const;

  TopNOptions options_;
  bool configured_ = false;
  std::size_t users_ = 0, skippedUsers_ = 0;
  double precision_ = 0, recall_ = 0, ndcg_ = 0, map_ = 0, hitRate_ = 0, mrr_ = 0;
  std::vector<uint8_t> recommended_;  // per item: appeared in some counted list
  std::size_t distinctRecommended_ = 0;
  double popularitySum_ = 0;
  std::size_t slots_ = 0;
  double diversitySum_ = 0;
  std::size_t diversityUsers_ = 0;
  std::size_t longTailSlots_ = 0;
  double miscalibrationSum_ = 0;
  std::size_t calibratedUsers_ = 0;
  std::vector<std::vector<int32_t>> listTags_;  // scratch: tag sets of the current list
};

// Popularity for TopNOptions: the number of training rows of each item.
// E_ARG when a training row index or an item index is out of range.
Status trainingPopularity(const std::vector<Rating>& rows, const std::vector<uint32_t>& trainRows,
                          std::size_t itemCount, std::vector<double>* out);

// The long tail for TopNOptions: every item outside the head, the head being
// the most popular items (by `popularity`, ties to the lower index) that
// together first reach `headShare` of all interactions (the sum of
// `popularity`). 1 = long tail. All zero when the sum is 0.
std::vector<uint8_t> longTailItems(const std::vector<double>& popularity, double headShare = 0.2);

class RatingErrorMetrics {
 public:
  // E_ARG when `actual` is not finite or `predicted` is infinite; NaN
  // `predicted` is an unpredicted pair.
  Status add(double predicted, double actual);
  std::size_t count() const { return count_; }
  std::size_t unpredicted() const { return unpredicted_; }
  double rmse() const;  // NaN when count() == 0
  double mae() const;   // NaN when count() == 0

 private:
  std::size_t count_ = 0, unpredicted_ = 0;
  double squaredSum_ = 0, absoluteSum_ = 0;
};

}  // namespace reelrank::eval
