#include "eval/evaluate.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "eval/eval_rows.hpp"
#include "eval/metrics.hpp"
#include "eval/splits.hpp"
#include "models/algorithm_registry.hpp"
#include "rank/calibration.hpp"

namespace reelrank::eval {

namespace {

using Clock = std::chrono::steady_clock;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kMaxK = 10000;  // RankRequest's own limit
constexpr std::size_t kMaxFolds = 100;
constexpr std::size_t kProgressEvery = 16;  // people between progress calls: cheap, yet a cancel lands fast

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

Status cancelled() { return Status::error(ErrorCode::Cancelled, "the evaluation was cancelled"); }

// Whole-string decimal parse; strtod because emscripten 3.1.6's libc++ lacks floating-point from_chars.
bool parseDouble(std::string_view text, double* out) {
  if (text.empty() || text.size() > 40) return false;
  const std::string copy(text);
  char* end = nullptr;
  const double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

struct Runner {
  const EvalLog& log;
  const Catalog* catalog;
  const EvalConfig& config;
  const EvalProgressFn& progress;
  Clock::time_point started;
  int folds;

  bool report(EvalStage stage, int fold, std::size_t done, std::size_t total) const {
    return !progress || progress(EvalProgress{stage, fold, folds, done, total, secondsSince(started)});
  }
};

struct FoldFigures {
  TopNSummary topN;
  RatingErrorMetrics withFallback, modelOnly;
  std::size_t userFallbacks = 0, globalFallbacks = 0;
  double fit = 0, recommend = 0, predict = 0;
  std::size_t trainRows = 0, testRows = 0;
};

Status runFold(const Runner& run, const Split& split, int fold, FoldFigures* out) {
  const std::vector<EvalRow>& rows = run.log.rows();
  if (split.train.empty()) return Status::error(ErrorCode::Empty, "the training part of the split is empty");
  if (!run.report(EvalStage::Fit, fold, 0, 1)) return cancelled();
  const Clock::time_point fitStart = Clock::now();
  Interactions trainLog;
  RR_TRY(trainLog.addBatch(run.log.eventsOf(split.train)));
  ProgressFn fitProgress;
  bool stopped = false;
  if (run.progress) {
    fitProgress = [&](const Progress& p) {
      stopped = !run.report(EvalStage::Fit, fold, static_cast<std::size_t>(std::max(p.iteration, 0)),
                            static_cast<std::size_t>(std::max(p.iterations, 1)));
      return !stopped;
    };
  }
  Model model;
  Status trained = Model::train(trainLog, run.catalog, run.config.train, fitProgress, &model);
  if (stopped) return cancelled();
  RR_TRY(trained);
  out->fit = secondsSince(fitStart);

  // The log's dense indices -> the model's (its users are the training part's, in its own order).
  const ItemSide& side = model.side();
  const std::size_t nUsers = run.log.users().size(), nItems = model.itemCount();
  std::vector<int32_t> modelUser(nUsers), modelItem(run.log.items().size());
  for (std::size_t u = 0; u < nUsers; ++u)
    modelUser[u] = side.users.find(run.log.users().name(static_cast<int32_t>(u)));
  for (std::size_t i = 0; i < modelItem.size(); ++i)
    modelItem[i] = side.catalog.items().find(run.log.items().name(static_cast<int32_t>(i)));

  std::vector<std::vector<int32_t>> trainItems(nUsers);
  std::vector<std::vector<uint32_t>> testRows(nUsers);
  std::vector<double> popularity(nItems, 0.0), userSum(nUsers, 0.0);
  std::vector<std::size_t> userRated(nUsers, 0);
  double globalSum = 0;
  std::size_t globalRated = 0;
  for (uint32_t r : split.train) {
    const EvalRow& row = rows[r];
    const int32_t m = modelItem[static_cast<std::size_t>(row.item)];
    if (m < 0) continue;  // cannot happen: every training item is a model item
    trainItems[static_cast<std::size_t>(row.user)].push_back(m);
    popularity[static_cast<std::size_t>(m)] += 1.0;
    if (row.rated) {
      userSum[static_cast<std::size_t>(row.user)] += row.value;
      ++userRated[static_cast<std::size_t>(row.user)];
      globalSum += row.value;
      ++globalRated;
    }
  }
  for (uint32_t r : split.test) testRows[static_cast<std::size_t>(rows[r].user)].push_back(r);
  const double globalMean = globalRated > 0 ? globalSum / static_cast<double>(globalRated) : kNaN;

  TopNOptions options;
  options.k = run.config.k;
  options.itemCount = nItems;
  options.longTail = longTailItems(popularity);
  options.popularity = std::move(popularity);
  options.tagCount = side.tags.idf.size();
  if (side.catalog.tags().size() > 0) {
    options.itemTags.resize(nItems);
    for (std::size_t i = 0; i < nItems; ++i) options.itemTags[i] = side.catalog.video(static_cast<int32_t>(i)).tags;
  }
  TopNMetrics metrics;
  RR_TRY(TopNMetrics::create(std::move(options), &metrics));

  const bool ratings = run.log.hasRatings() && predictsRatings(run.config.train);
  std::vector<std::size_t> people;
  for (std::size_t u = 0; u < nUsers; ++u)
    if (!testRows[u].empty()) people.push_back(u);
  std::vector<int32_t> relevant, ranked;
  std::vector<Recommendation> recs;
  std::vector<double> mix;
  for (std::size_t p = 0; p < people.size(); ++p) {
    if (p % kProgressEvery == 0 && !run.report(EvalStage::Recommend, fold, p, people.size())) return cancelled();
    const std::size_t u = people[p];
    const int32_t mu = modelUser[u];
    const Query q = mu >= 0 ? model.queryForUserIndex(mu) : Query{};
    relevant.clear();
    for (uint32_t r : testRows[u]) {
      if (!rows[r].relevant) continue;
      const int32_t m = modelItem[static_cast<std::size_t>(rows[r].item)];
      // An item the model never saw gets an index no ranking holds: a relevant item nobody can hit.
      relevant.push_back(m >= 0 ? m : static_cast<int32_t>(nItems) + rows[r].item);
    }
    ranked.clear();
    if (!relevant.empty()) {
      const Clock::time_point t = Clock::now();
      RankRequest request;
      request.k = run.config.k;
      request.exclude = trainItems[u];
      request.explain = false;
      request.calibration = run.config.calibration;
      request.popularityCorrection = run.config.popularityCorrection;
      RR_TRY(rankItems(side, model.algorithm(), model.blend(), q, request, &recs));
      for (const Recommendation& rec : recs) ranked.push_back(rec.item);
      out->recommend += secondsSince(t);
    }
    // The mix the re-ranking follows (the training query's), so the metric measures what it corrects.
    mix = historyMix(side, q);
    RR_TRY(metrics.add(ranked, relevant, &mix));
    if (!ratings) continue;
    const Clock::time_point t = Clock::now();
    for (uint32_t r : testRows[u]) {
      if (!rows[r].rated) continue;
      const int32_t m = modelItem[static_cast<std::size_t>(rows[r].item)];
      double predicted = mu >= 0 && m >= 0 ? model.algorithm().predict(side, q, m) : kNaN;
      if (!std::isfinite(predicted)) predicted = kNaN;
      RR_TRY(out->modelOnly.add(predicted, rows[r].value));
      if (std::isnan(predicted)) {
        if (userRated[u] > 0) {
          predicted = userSum[u] / static_cast<double>(userRated[u]);
          ++out->userFallbacks;
        } else {
          predicted = globalMean;
          ++out->globalFallbacks;
        }
      }
      RR_TRY(out->withFallback.add(predicted, rows[r].value));
    }
    out->predict += secondsSince(t);
  }
  if (!run.report(EvalStage::Recommend, fold, people.size(), people.size())) return cancelled();
  out->topN = metrics.summary();
  out->trainRows = split.train.size();
  out->testRows = split.test.size();
  return Status::ok();
}

Status runAll(const EvalLog& log, const std::vector<Split>& splits, const Catalog* catalog, const EvalConfig& config,
              const EvalProgressFn& progress, EvalResult* out) {
  const Runner run{log, catalog, config, progress, Clock::now(), static_cast<int>(splits.size())};
  EvalResult r;
  r.algorithm = config.train.algorithm;
  r.split = splitSpecName(config.split);
  r.k = config.k;
  r.folds = static_cast<int>(splits.size());
  r.ratingMetrics = log.hasRatings() && predictsRatings(config.train);
  for (std::size_t f = 0; f < splits.size(); ++f) {
    if (splits[f].test.empty())
      return Status::error(ErrorCode::Empty,
                           "the test part of the split is empty: per-user splits hold rows back only "
                           "from people with at least " +
                               std::to_string(kMinRowsForTest) + " rows");
    FoldFigures fig;
    RR_TRY(runFold(run, splits[f], static_cast<int>(f), &fig));
    const TopNSummary& t = fig.topN;
    r.trainRows += static_cast<double>(fig.trainRows);
    r.testRows += static_cast<double>(fig.testRows);
    r.users += static_cast<double>(t.users);
    r.skippedUsers += static_cast<double>(t.skippedUsers);
    r.precision += t.precision;
    r.recall += t.recall;
    r.ndcg += t.ndcg;
    r.map += t.map;
    r.hitRate += t.hitRate;
    r.mrr += t.mrr;
    r.coverage += t.coverage;
    r.averagePopularity += t.averagePopularity;
    r.diversity += t.diversity;
    r.longTailShare += t.longTailShare;
    r.miscalibration += t.miscalibration;
    r.rmse += fig.withFallback.rmse();
    r.mae += fig.withFallback.mae();
    r.rmseModelOnly += fig.modelOnly.rmse();
    r.maeModelOnly += fig.modelOnly.mae();
    r.ratingsTested += static_cast<double>(fig.modelOnly.count() + fig.modelOnly.unpredicted());
    r.ratingsPredicted += static_cast<double>(fig.modelOnly.count());
    r.userMeanFallbacks += static_cast<double>(fig.userFallbacks);
    r.globalMeanFallbacks += static_cast<double>(fig.globalFallbacks);
    r.fitSeconds += fig.fit;
    r.recommendSeconds += fig.recommend;
    r.predictSeconds += fig.predict;
  }
  const double n = static_cast<double>(splits.size());
  for (double* x : {&r.trainRows,
                    &r.testRows,
                    &r.users,
                    &r.skippedUsers,
                    &r.precision,
                    &r.recall,
                    &r.ndcg,
                    &r.map,
                    &r.hitRate,
                    &r.mrr,
                    &r.coverage,
                    &r.averagePopularity,
                    &r.diversity,
                    &r.longTailShare,
                    &r.miscalibration,
                    &r.rmse,
                    &r.mae,
                    &r.rmseModelOnly,
                    &r.maeModelOnly,
                    &r.ratingsTested,
                    &r.ratingsPredicted,
                    &r.userMeanFallbacks,
                    &r.globalMeanFallbacks,
                    &r.fitSeconds,
                    &r.recommendSeconds,
                    &r.predictSeconds})
    *x /= n;
  if (!r.ratingMetrics) r.rmse = r.mae = r.rmseModelOnly = r.maeModelOnly = kNaN;
  *out = std::move(r);
  return Status::ok();
}

// Checks what can be checked before the (possibly long) split and training,
// so a typo in an algorithm name fails at once.
Status checkConfig(const EvalConfig& config) {
  if (config.k < 1 || config.k > kMaxK) return argError("k must be an integer from 1 to " + std::to_string(kMaxK));
  RankRequest request;  // the re-ranking options, checked as a ranking checks them
  request.calibration = config.calibration;
  request.popularityCorrection = config.popularityCorrection;
  RR_TRY(request.validate());
  return config.train.validate();
}

}  // namespace

Status parseSplitSpec(std::string_view text, SplitSpec* out) {
  const std::string hint =
      "; use kfold:K (e.g. kfold:5), user:FRACTION (e.g. user:0.25) or time:FRACTION (e.g. time:0.2)";
  if (text == "given") {
    out->kind = SplitKind::Given;
    return Status::ok();
  }
  const std::size_t colon = text.find(':');
  const std::string_view name = text.substr(0, colon),
                         arg = colon == std::string_view::npos ? "" : text.substr(colon + 1);
  double v = 0;
  if (colon == std::string_view::npos || !parseDouble(arg, &v))
    return argError("split '" + std::string(text.substr(0, 60)) + "' is not understood" + hint);
  SplitSpec s;
  if (name == "kfold") {
    if (v != std::floor(v) || v < 2 || v > static_cast<double>(kMaxFolds))
      return argError("kfold needs a whole number of folds from 2 to " + std::to_string(kMaxFolds));
    s.kind = SplitKind::KFold;
    s.folds = static_cast<std::size_t>(v);
  } else if (name == "user" || name == "time") {
    if (!(v > 0 && v < 1))
      return argError("the test fraction of a " + std::string(name) + " split must lie strictly between 0 and 1");
    s.kind = name == "user" ? SplitKind::PerUserRandom : SplitKind::PerUserTemporal;
    s.fraction = v;
  } else {
    return argError("unknown split '" + std::string(name.substr(0, 40)) + "'" + hint);
  }
  *out = s;
  return Status::ok();
}

std::string splitSpecName(const SplitSpec& spec) {
  auto fraction = [](double f) {
    std::string s = std::to_string(f);  // "0.250000": trim the zeros a person would not write
    while (s.size() > 1 && s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
  };
  switch (spec.kind) {
    case SplitKind::KFold:
      return "kfold:" + std::to_string(spec.folds);
    case SplitKind::PerUserRandom:
      return "user:" + fraction(spec.fraction);
    case SplitKind::PerUserTemporal:
      return "time:" + fraction(spec.fraction);
    case SplitKind::Given:
      return "given";
  }
  return "unknown";
}

const char* evalStageName(EvalStage stage) { return stage == EvalStage::Fit ? "fit" : "recommend"; }

bool predictsRatings(const TrainConfig& config) {
  // Asked of the algorithm's registry entry; false for a name or options that
  // training will refuse anyway.
  const AlgorithmEntry* entry = findAlgorithm(config.algorithm);
  Options resolved;
  return entry && resolveOptions(*entry, config.options, &resolved).isOk() && entry->predictsRatings(resolved);
}

Status evaluate(const EventBatch& events, const Catalog* catalog, const EvalConfig& config,
                const EvalProgressFn& progress, EvalResult* out) {
  RR_TRY(checkConfig(config));
  EvalLog log;
  RR_TRY(log.add(events, 0));
  RR_TRY(log.group(config.train.policy));
  if (log.rows().empty()) return Status::error(ErrorCode::Empty, "there are no events to evaluate on");
  const std::vector<Rating> rows = log.ratingRows();
  std::vector<Split> splits(1);
  switch (config.split.kind) {
    case SplitKind::KFold:
      RR_TRY(kFoldSplits(rows, config.split.folds, config.seed, &splits));
      break;
    case SplitKind::PerUserRandom:
      RR_TRY(perUserRandomSplit(rows, config.split.fraction, config.seed, &splits[0]));
      break;
    case SplitKind::PerUserTemporal:
      RR_TRY(perUserTemporalSplit(rows, config.split.fraction, &splits[0]));
      break;
    case SplitKind::Given:
      return argError("a given split needs separate train and test logs (evaluateGiven)");
  }
  return runAll(log, splits, catalog, config, progress, out);
}

Status evaluate(const Interactions& log, const Catalog* catalog, const EvalConfig& config,
                const EvalProgressFn& progress, EvalResult* out) {
  EventBatch b;
  const auto& events = log.events();
  for (std::size_t k = 0; k < events.size(); ++k) {
    if (k) {
      b.users.push_back('\0');
      b.items.push_back('\0');
    }
    b.users += log.users().name(events[k].user);
    b.items += log.items().name(events[k].item);
    b.types.push_back(static_cast<uint8_t>(events[k].type));
    b.values.push_back(events[k].value);
    b.durations.push_back(events[k].duration);
    b.timestamps.push_back(events[k].timestamp);
  }
  return evaluate(b, catalog, config, progress, out);
}

Status evaluateGiven(const EventBatch& train, const EventBatch& test, const Catalog* catalog, const EvalConfig& config,
                     const EvalProgressFn& progress, EvalResult* out) {
  RR_TRY(checkConfig(config));
  EvalLog log;
  RR_TRY(log.add(train, 0));
  RR_TRY(log.add(test, 1));
  RR_TRY(log.group(config.train.policy));
  std::vector<Split> splits(1);
  splits[0].train = log.rowsOfPart(0);
  splits[0].test = log.rowsOfPart(1);
  if (splits[0].train.empty()) return Status::error(ErrorCode::Empty, "the training log is empty");
  if (splits[0].test.empty()) return Status::error(ErrorCode::Empty, "the test log is empty");
  EvalConfig given = config;
  given.split.kind = SplitKind::Given;
  return runAll(log, splits, catalog, given, progress, out);
}

}  // namespace reelrank::eval
