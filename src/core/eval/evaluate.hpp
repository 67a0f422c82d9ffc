// Offline evaluation harness: split a log, train a model on the training part,
// rank for every test person and score the lists (metrics.hpp), and, for
// ratings logs, predict the held-out ratings. It lives in the core so a page
// (or a Web Worker) can evaluate in the browser exactly as the CLI does.
// docs/evaluation.md is the user-facing description.
//
// Rows. The log becomes one row per distinct (user, item) pair (eval_rows.hpp
// says how values and relevance are derived); the split works on rows, and the
// training log is rebuilt from the original events of the training rows.
//
// Top-N. For each person with at least one test row, in ascending order of
// first appearance in the log: rank the model's items with the person's
// training items excluded (the ranker's own path: rankItems with the person's
// training query, the model's blend weights, explain off), keep the first k,
// and score them against the person's relevant test items. People whose test
// rows are all irrelevant are counted in skippedUsers. A test person absent
// from the training part (possible in k-fold) is ranked with an empty profile,
// which is what a newcomer gets. Test items the model has never seen stay in
// the relevant set (they lower recall; no model could rank them).
//   popularity  = number of training rows (pairs) of the item
//   diversity   = tag distance over the model catalogue's tags; NaN without tags
//   coverage    = distinct recommended items / model items
//   longTailShare  = share of recommended slots outside the head: the most
//                    popular items that make up 20% of the training rows
//                    (metrics.hpp longTailItems)
//   miscalibration = mean KL(history mix || list mix) over the test people
//                    whose training items have tags (rank/calibration.hpp);
//                    NaN without tags
// EvalConfig's calibration and popularityCorrection go into every ranking
// (RankRequest's fields of the same names), so their effect is measured.
//
// Ratings. When the log holds rating events and the algorithm predicts on the
// rating scale (itemknn, mf; userknn unless normalize = 0; the others score
// preference, not ratings), every rated test row is predicted with the
// algorithm's predict(). A NaN prediction (no similar item or neighbour rated
// it, an item or person absent from training) falls back to the person's mean
// training rating, then the global mean training rating; RMSE and MAE include
// the fallbacks, and the counts of each kind are reported, as are the RMSE and
// MAE over the model's own predictions alone.
//
// k-fold runs every fold and reports the mean of the per-fold figures (means
// of metrics, of users, of seconds); the other splits run once.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "common/status.hpp"
#include "data/catalog.hpp"
#include "data/interactions.hpp"
#include "models/model.hpp"

namespace reelrank::eval {

enum class SplitKind : uint8_t { KFold, PerUserRandom, PerUserTemporal, Given };

struct SplitSpec {
  SplitKind kind = SplitKind::PerUserRandom;
  std::size_t folds = 5;   // KFold
  double fraction = 0.25;  // PerUserRandom, PerUserTemporal: test share of each person's rows
};

// "kfold:5", "user:0.25", "time:0.2" (also "given" for evaluateGiven).
Status parseSplitSpec(std::string_view text, SplitSpec* out);
std::string splitSpecName(const SplitSpec& spec);

struct EvalConfig {
  SplitSpec split;
  TrainConfig train;  // algorithm, options, weighting policy, blend weights
  std::size_t k = 10;
  uint64_t seed = 42;               // for the shuffled splits
  double calibration = 0;           // RankRequest::calibration of every ranking
  double popularityCorrection = 0;  // RankRequest::popularityCorrection of every ranking
};

// Fit: building the training log and training; Recommend: ranking (and, for
// ratings, predicting) for each test person.
enum class EvalStage : uint8_t { Fit = 0, Recommend };
const char* evalStageName(EvalStage stage);

struct EvalProgress {
  EvalStage stage;
  int fold;  // 0-based
  int folds;
  std::size_t done;  // Fit: the algorithm's iterations (0 of 1 at the start); Recommend: people
  std::size_t total;
  double seconds;  // since evaluate() started
};
// Return false to cancel: evaluate() then returns E_CANCELLED.
using EvalProgressFn = std::function<bool(const EvalProgress&)>;

struct EvalResult {
  std::string algorithm;
  std::string split;
  std::size_t k = 0;
  int folds = 1;
  double trainRows = 0, testRows = 0;  // per fold
  // Top-N (means over folds). NaN where not measured.
  double users = 0, skippedUsers = 0;
  double precision = 0, recall = 0, ndcg = 0, map = 0, hitRate = 0, mrr = 0;
  double coverage = 0, averagePopularity = 0, diversity = 0;
  double longTailShare = 0, miscalibration = 0;
  // Ratings: valid only when ratingMetrics.
  bool ratingMetrics = false;
  double rmse = 0, mae = 0;                    // with fallbacks, over every rated test row
  double rmseModelOnly = 0, maeModelOnly = 0;  // over the model's own predictions
  double ratingsTested = 0, ratingsPredicted = 0, userMeanFallbacks = 0, globalMeanFallbacks = 0;
  // Seconds per fold: training (log building included), ranking, rating prediction.
  double fitSeconds = 0, recommendSeconds = 0, predictSeconds = 0;
};

// Evaluates one algorithm on a log split by config.split (not Given).
Status evaluate(const EventBatch& events, const Catalog* catalog, const EvalConfig& config,
                const EvalProgressFn& progress, EvalResult* out);
Status evaluate(const Interactions& log, const Catalog* catalog, const EvalConfig& config,
                const EvalProgressFn& progress, EvalResult* out);
// Evaluates on an external split: `train` is the training log, `test` the
// held-out events (config.split is ignored).
Status evaluateGiven(const EventBatch& train, const EventBatch& test, const Catalog* catalog, const EvalConfig& config,
                     const EvalProgressFn& progress, EvalResult* out);

// Whether the algorithm's predict() is on the scale of the ratings it was
// trained with (so RMSE/MAE mean something).
bool predictsRatings(const TrainConfig& config);

}  // namespace reelrank::eval
