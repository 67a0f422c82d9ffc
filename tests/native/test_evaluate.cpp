// The evaluation harness end to end, on logs small enough to work out by hand
// (the expected figures are derived in the comments), plus the benchmark's
// scoring kernels.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "eval/eval_rows.hpp"
#include "eval/evaluate.hpp"
#include "eval/scoring_kernels.hpp"
#include "test_helpers.hpp"

using namespace reelrank;
using namespace reelrank::eval;
using reelrank::testing::batch;
using reelrank::testing::E;

namespace {

E rating(const char* user, const char* item, double value) { return {user, item, EventType::Rating, value, 0, 0}; }

// Training ratings. Popularity (training rows per item): a 3, b 2, c 1, d 1, f 1.
// Model item order is first appearance in the training log: a b c d f, so
// popularity ranks a, b, then c, d, f (ties by index).
EventBatch givenTrain() {
  return batch({rating("u1", "a", 4), rating("u1", "b", 2), rating("u2", "a", 5), rating("u2", "c", 3),
                rating("u3", "a", 3), rating("u3", "b", 4), rating("u4", "d", 2), rating("u4", "f", 4)});
}
// Held out: e is unknown to the model; u5 is unknown to the model.
EventBatch givenTest() {
  return batch({rating("u1", "c", 5), rating("u1", "d", 1), rating("u2", "b", 4), rating("u3", "e", 2),
                rating("u4", "b", 5), rating("u5", "a", 4)});
}

EvalConfig config(const char* algorithm, std::size_t k = 10) {
  EvalConfig c;
  c.train.algorithm = algorithm;
  c.k = k;
  return c;
}

// A random ratings log: `users` people, each rating about half of `items` items.
EventBatch randomLog(int users, int items, uint32_t seed) {
  std::vector<E> ev;
  uint32_t s = seed;
  auto next = [&s]() { return s = s * 1664525u + 1013904223u; };
  for (int u = 0; u < users; ++u)
    for (int i = 0; i < items; ++i)
      if ((next() >> 16) % 2 == 0 || i == u % items)
        ev.push_back({"u" + std::to_string(u), "i" + std::to_string(i), EventType::Rating,
                      1.0 + static_cast<double>((next() >> 16) % 5), 0, 1000.0 + static_cast<double>(next() % 100000)});
  return batch(ev);
}

void sameResult(const EvalResult& a, const EvalResult& b) {
  CHECK(a.users == b.users);
  CHECK(a.precision == b.precision);
  CHECK(a.recall == b.recall);
  CHECK(a.ndcg == b.ndcg);
  CHECK(a.map == b.map);
  CHECK(a.coverage == b.coverage);
  CHECK(a.trainRows == b.trainRows);
  if (a.ratingMetrics) CHECK(a.rmse == b.rmse);
}

}  // namespace

TEST_CASE("split specs parse and print", "[evaluate]") {
  SplitSpec s;
  REQUIRE(parseSplitSpec("kfold:5", &s).isOk());
  CHECK(s.kind == SplitKind::KFold);
  CHECK(s.folds == 5);
  REQUIRE(parseSplitSpec("user:0.25", &s).isOk());
  CHECK(s.kind == SplitKind::PerUserRandom);
  CHECK(s.fraction == 0.25);
  CHECK(splitSpecName(s) == "user:0.25");
  REQUIRE(parseSplitSpec("time:0.2", &s).isOk());
  CHECK(s.kind == SplitKind::PerUserTemporal);
  CHECK(splitSpecName(s) == "time:0.2");
  for (const char* bad : {"kfold:1", "kfold:2.5", "kfold:", "user:1", "user:0", "time:-0.1", "user:abc", "random:0.2",
                          "kfold", "", "time:nan"}) {
    INFO(bad);
    CHECK(parseSplitSpec(bad, &s).code() == ErrorCode::Arg);
  }
  CHECK(s.kind == SplitKind::PerUserTemporal);  // a failed parse leaves *out alone
}

TEST_CASE("rows: one per pair, latest rating wins, engagement relevance by net weight", "[evaluate]") {
  EvalLog log;
  REQUIRE(log.add(batch({{"u", "a", EventType::Rating, 2, 0, 10},
                         {"u", "a", EventType::Rating, 5, 0, 20},
                         {"u", "b", EventType::View, 30, 60, 5},      // half a view: +0.5
                         {"u", "b", EventType::Like, 0, 60, 6},       // +4
                         {"u", "c", EventType::View, 60, 60, 7},      // a full view: +1
                         {"u", "c", EventType::Dislike, 0, 60, 8}}),  // -4
                  0)
              .isOk());
  REQUIRE(log.group(WeightPolicy{}).isOk());
  const auto& rows = log.rows();
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].rated);
  CHECK(rows[0].value == 5);
  CHECK(rows[0].timestamp == 20);
  CHECK(rows[1].value == Approx(4.5));
  CHECK(rows[1].relevant);
  CHECK(rows[2].value == Approx(-3));
  CHECK_FALSE(rows[2].relevant);
  const EventBatch b = log.eventsOf({1});
  CHECK(b.types.size() == 2);
  CHECK(b.items == std::string("b\0b", 3));
  // A bad batch adds nothing.
  CHECK(log.add(batch({{"u", "z", EventType::Rating, 1, 0, 0}, {"", "z", EventType::Rating, 1, 0, 0}}), 0).code() ==
        ErrorCode::Arg);
  CHECK(log.eventCount() == 6);
}

TEST_CASE("popularity on a given split: every metric by hand", "[evaluate]") {
  EvalResult r;
  REQUIRE(evaluateGiven(givenTrain(), givenTest(), nullptr, config("popularity", 2), {}, &r).isOk());
  // Lists (training items excluded), relevant test items, and per-user scores:
  //   u1 [c d] {c d}: P 1,   R 1, NDCG 1,          AP 1,   RR 1
  //   u2 [b d] {b}:   P 1/2, R 1, NDCG 1,          AP 1,   RR 1
  //   u3 [c d] {e}:   all 0 (e is not a model item: nobody could rank it)
  //   u4 [a b] {b}:   P 1/2, R 1, NDCG 1/log2(3),  AP 1/2, RR 1/2
  //   u5 [a b] {a}:   P 1/2, R 1, NDCG 1,          AP 1,   RR 1   (not in training: empty profile)
  CHECK(r.users == 5);
  CHECK(r.skippedUsers == 0);
  CHECK(r.precision == Approx(2.5 / 5));
  CHECK(r.recall == Approx(4.0 / 5));
  CHECK(r.ndcg == Approx((3 + 1 / std::log2(3.0)) / 5));
  CHECK(r.map == Approx(3.5 / 5));
  CHECK(r.hitRate == Approx(4.0 / 5));
  CHECK(r.mrr == Approx(3.5 / 5));
  // Recommended {a b c d} of the 5 model items; slots' training counts 1+1, 2+1, 1+1, 3+2, 3+2 over 10.
  CHECK(r.coverage == Approx(4.0 / 5));
  CHECK(r.averagePopularity == Approx(17.0 / 10));
  CHECK(std::isnan(r.diversity));  // no catalogue, no tags
  // Popularity does not predict ratings.
  CHECK_FALSE(r.ratingMetrics);
  CHECK(std::isnan(r.rmse));
  CHECK(r.trainRows == 8);
  CHECK(r.testRows == 6);
  CHECK(r.split == "given");
  CHECK(r.folds == 1);
}

TEST_CASE("item-kNN RMSE/MAE by hand, with the fallbacks counted", "[evaluate]") {
  EvalConfig c = config("itemknn", 2);
  c.train.options["shrink"] = 0;
  EvalResult r;
  REQUIRE(evaluateGiven(givenTrain(), givenTest(), nullptr, c, {}, &r).isOk());
  REQUIRE(r.ratingMetrics);
  // Item columns (u1..u4): a (4,5,3,0), b (2,0,4,0), c (0,3,0,0), d (0,0,0,2), f (0,0,0,4).
  // Cosines: ab 20/sqrt(1000), ac 15/(3 sqrt 50), df 1, every other pair 0.
  //   u1 c=5: (4 ac) / ac = 4                     error -1
  //   u1 d=1: no similar item -> u1 mean 3         error +2    (user fallback)
  //   u2 b=4: (5 ab) / ab = 5                     error +1
  //   u3 e=2: e unknown -> u3 mean 3.5             error +1.5  (user fallback)
  //   u4 b=5: d, f unlike b -> u4 mean 3           error -2    (user fallback)
  //   u5 a=4: u5 unknown -> global mean 27/8       error -0.625 (global fallback)
  CHECK(r.ratingsTested == 6);
  CHECK(r.ratingsPredicted == 2);
  CHECK(r.userMeanFallbacks == 3);
  CHECK(r.globalMeanFallbacks == 1);
  CHECK(r.rmse == Approx(std::sqrt((1 + 4 + 1 + 2.25 + 4 + 0.390625) / 6)));
  CHECK(r.mae == Approx((1 + 2 + 1 + 1.5 + 2 + 0.625) / 6));
  CHECK(r.rmseModelOnly == Approx(1.0));
  CHECK(r.maeModelOnly == Approx(1.0));
}

TEST_CASE("engagement logs: a pair is relevant only when its net weight is positive", "[evaluate]") {
  const EventBatch train = batch({{"u1", "a", EventType::Like, 0, 0, 1},
                                  {"u2", "a", EventType::Like, 0, 0, 1},
                                  {"u2", "b", EventType::Like, 0, 0, 2},
                                  {"u3", "b", EventType::Like, 0, 0, 2}});
  // u1 watched b fully and liked it; u3 watched a and then disliked it.
  const EventBatch test = batch({{"u1", "b", EventType::View, 10, 10, 3},
                                 {"u1", "b", EventType::Like, 0, 10, 3},
                                 {"u3", "a", EventType::View, 10, 10, 3},
                                 {"u3", "a", EventType::Dislike, 0, 10, 4}});
  EvalResult r;
  REQUIRE(evaluateGiven(train, test, nullptr, config("popularity", 1), {}, &r).isOk());
  CHECK(r.users == 1);         // u1, whose only candidate is b: a hit
  CHECK(r.skippedUsers == 1);  // u3: nothing relevant held out
  CHECK(r.precision == 1);
  CHECK_FALSE(r.ratingMetrics);
}

TEST_CASE("no leakage: on a complete matrix only the held-out items remain to be found", "[evaluate]") {
  // Everyone rated everything, so once training items are excluded the only
  // candidates are the person's test items: every list is all hits. A test
  // item leaking into training would be excluded (recall < 1); a training item
  // not excluded would take a slot (precision < 1).
  std::vector<E> ev;
  for (int u = 0; u < 8; ++u)
    for (int i = 0; i < 8; ++i)
      // Each person's latest items differ, so every item is someone's training item under time:0.25 too.
      ev.push_back({"u" + std::to_string(u), "i" + std::to_string(i), EventType::Rating, 1.0 + (u * i) % 5, 0,
                    static_cast<double>(u * 8 + (i + u) % 8)});
  for (const char* algorithm : {"popularity", "itemknn", "userknn"}) {
    for (const char* split : {"user:0.25", "time:0.25"}) {
      INFO(algorithm << " " << split);
      EvalConfig c = config(algorithm, 2);
      REQUIRE(parseSplitSpec(split, &c.split).isOk());
      EvalResult r;
      REQUIRE(evaluate(batch(ev), nullptr, c, {}, &r).isOk());
      CHECK(r.users == 8);
      CHECK(r.testRows == 16);  // round(0.25 * 8) = 2 per person
      CHECK(r.precision == 1);
      CHECK(r.recall == 1);
      CHECK(r.ndcg == Approx(1));
    }
  }
}

TEST_CASE("evaluation is deterministic under a seed; k-fold averages its folds", "[evaluate]") {
  const EventBatch log = randomLog(40, 30, 11);
  for (const char* split : {"user:0.25", "kfold:3", "time:0.2"}) {
    INFO(split);
    EvalConfig c = config("itemknn", 5);
    REQUIRE(parseSplitSpec(split, &c.split).isOk());
    c.seed = 7;
    EvalResult a, b;
    REQUIRE(evaluate(log, nullptr, c, {}, &a).isOk());
    REQUIRE(evaluate(log, nullptr, c, {}, &b).isOk());
    sameResult(a, b);
    CHECK(a.ratingMetrics);
    CHECK(a.ratingsTested == a.ratingsPredicted + a.userMeanFallbacks + a.globalMeanFallbacks);
  }
  EvalConfig c = config("userknn", 5);
  REQUIRE(parseSplitSpec("kfold:3", &c.split).isOk());
  EvalResult k3;
  REQUIRE(evaluate(log, nullptr, c, {}, &k3).isOk());
  CHECK(k3.folds == 3);
  EvalLog rows;
  REQUIRE(rows.add(log, 0).isOk());
  REQUIRE(rows.group(WeightPolicy{}).isOk());
  CHECK(k3.trainRows + k3.testRows == Approx(static_cast<double>(rows.rows().size())));
  // An Interactions log evaluates exactly as the batch it was filled from.
  Interactions asLog;
  REQUIRE(asLog.addBatch(log).isOk());
  EvalResult viaLog;
  REQUIRE(evaluate(asLog, nullptr, c, {}, &viaLog).isOk());
  sameResult(viaLog, k3);
  // Another seed gives another split (and, on this log, other figures).
  EvalResult other;
  c.seed = 8;
  REQUIRE(evaluate(log, nullptr, c, {}, &other).isOk());
  CHECK(other.rmse != k3.rmse);
}

TEST_CASE("progress reports every stage, and returning false cancels", "[evaluate]") {
  const EventBatch log = randomLog(60, 30, 3);
  EvalConfig c = config("itemknn", 5);
  REQUIRE(parseSplitSpec("kfold:2", &c.split).isOk());
  std::vector<EvalProgress> seen;
  EvalResult r;
  REQUIRE(evaluate(
              log, nullptr, c,
              [&](const EvalProgress& p) {
                seen.push_back(p);
                return true;
              },
              &r)
              .isOk());
  REQUIRE_FALSE(seen.empty());
  CHECK(seen.front().stage == EvalStage::Fit);
  CHECK(seen.back().stage == EvalStage::Recommend);
  CHECK(seen.back().fold == 1);
  CHECK(seen.back().folds == 2);
  CHECK(seen.back().done == seen.back().total);

  for (EvalStage stopAt : {EvalStage::Fit, EvalStage::Recommend}) {
    int calls = 0;
    EvalResult untouched;
    untouched.algorithm = "before";
    const Status s = evaluate(
        log, nullptr, c,
        [&](const EvalProgress& p) {
          ++calls;
          return !(p.stage == stopAt && p.done > 0);
        },
        &untouched);
    CHECK(s.code() == ErrorCode::Cancelled);
    CHECK(untouched.algorithm == "before");
    CHECK(calls > 1);
  }
}

TEST_CASE("bad evaluation input is an error, not a crash", "[evaluate]") {
  EvalResult r;
  CHECK(evaluate(EventBatch{}, nullptr, config("itemknn"), {}, &r).code() == ErrorCode::Empty);
  const EventBatch log = randomLog(20, 10, 5);
  CHECK(evaluate(log, nullptr, config("nope"), {}, &r).code() == ErrorCode::Arg);
  CHECK(evaluate(log, nullptr, config("itemknn", 0), {}, &r).code() == ErrorCode::Arg);
  EvalConfig c = config("itemknn");
  c.train.options["neighbours"] = 3;  // a typo
  CHECK(evaluate(log, nullptr, c, {}, &r).code() == ErrorCode::Arg);
  c = config("content");  // no catalogue, so no tags to work from
  CHECK(evaluate(log, nullptr, c, {}, &r).code() == ErrorCode::Arg);
  // Nobody has the 4 rows a per-user split needs to hold one back.
  CHECK(evaluate(givenTrain(), nullptr, config("itemknn"), {}, &r).code() == ErrorCode::Empty);
  c = config("itemknn");
  REQUIRE(parseSplitSpec("kfold:9", &c.split).isOk());  // more folds than rows
  CHECK(evaluate(givenTrain(), nullptr, c, {}, &r).code() == ErrorCode::Arg);
  CHECK(evaluateGiven(givenTrain(), EventBatch{}, nullptr, config("itemknn"), {}, &r).code() == ErrorCode::Empty);
  CHECK(r.algorithm.empty());
}

TEST_CASE("a catalogue gives diversity and the content algorithm", "[evaluate]") {
  Catalog catalog;
  std::vector<VideoInput> videos(5);
  const char* ids[] = {"a", "b", "c", "d", "f"};
  const std::vector<std::vector<std::string>> tags = {{"x"}, {"x", "y"}, {"y"}, {"z"}, {"z"}};
  for (int i = 0; i < 5; ++i) {
    videos[static_cast<std::size_t>(i)].id = ids[i];
    videos[static_cast<std::size_t>(i)].tags = tags[static_cast<std::size_t>(i)];
  }
  REQUIRE(catalog.addMany(videos).isOk());
  EvalResult r;
  REQUIRE(evaluateGiven(givenTrain(), givenTest(), &catalog, config("content", 2), {}, &r).isOk());
  CHECK(r.users == 5);
  CHECK(std::isfinite(r.diversity));
  CHECK(r.diversity >= 0);
  CHECK(r.diversity <= 1);
}

// Embeddings change what content recommends, so an evaluation must train
// with them (issue 11: the JS binding used to rebuild the catalogue without).
// u1 rated a, u2 rated c (5 each); held out: u1 b, u2 d. Tags: a and c share
// x; b and d have none. Embeddings: a (1, 0), b (1, .2), c (-1, 0),
// d (-1, -.2). Tags alone: u1's only tag match is c (cosine 1), b and d
// score 0, so the top-1 is c for u1 (and a for u2): precision@1 = 0. With
// embeddings, content averages the tag and embedding cosines: for u1,
// c = (1 + cos(a, c) = -1) / 2 = 0, b = (0 + 1/sqrt(1.04)) / 2 = 0.49, d = -0.49;
// for u2 likewise d = 0.49 first. So precision@1 = recall@1 = ndcg@1 = 1.
TEST_CASE("content is evaluated with the catalogue's embeddings", "[evaluate]") {
  const EventBatch train = batch({rating("u1", "a", 5), rating("u2", "c", 5)});
  const EventBatch test = batch({rating("u1", "b", 5), rating("u2", "d", 5)});
  const char* ids[] = {"a", "b", "c", "d"};
  const std::vector<std::vector<std::string>> tags = {{"x"}, {}, {"x"}, {}};
  const std::vector<std::vector<float>> emb = {{1, 0}, {1, 0.2f}, {-1, 0}, {-1, -0.2f}};
  auto make = [&](bool withEmbeddings) {
    Catalog c;
    std::vector<VideoInput> videos(4);
    for (std::size_t i = 0; i < 4; ++i) {
      videos[i].id = ids[i];
      videos[i].tags = tags[i];
      if (withEmbeddings) videos[i].embedding = emb[i];
    }
    REQUIRE(c.addMany(videos).isOk());
    return c;
  };
  const Catalog withEmb = make(true), tagsOnly = make(false);
  EvalResult r;
  REQUIRE(evaluateGiven(train, test, &withEmb, config("content", 1), {}, &r).isOk());
  CHECK(r.users == 2);
  CHECK(r.precision == Approx(1.0));
  CHECK(r.recall == Approx(1.0));
  CHECK(r.ndcg == Approx(1.0));
  REQUIRE(evaluateGiven(train, test, &tagsOnly, config("content", 1), {}, &r).isOk());
  CHECK(r.users == 2);
  CHECK(r.precision == Approx(0.0));
  CHECK(r.ndcg == Approx(0.0));
}

TEST_CASE("scoring kernels: cosine scan, neighbour scores, argmax", "[evaluate][kernels]") {
  const std::size_t n = 7, dim = 13;  // dim not a multiple of 8: the tail loop runs
  std::vector<float> items(n * dim), scale(n), q(dim), out(n);
  for (std::size_t i = 0; i < items.size(); ++i) items[i] = static_cast<float>(std::sin(0.7 * static_cast<double>(i)));
  for (std::size_t d = 0; d < dim; ++d) q[d] = static_cast<float>(std::cos(0.3 * static_cast<double>(d)));
  for (std::size_t i = 0; i < n; ++i) scale[i] = 1.0f + static_cast<float>(i);
  cosineScan(items.data(), n, dim, q.data(), scale.data(), out.data());
  for (std::size_t i = 0; i < n; ++i) {
    double expected = 0;
    for (std::size_t d = 0; d < dim; ++d) expected += static_cast<double>(items[i * dim + d]) * q[d];
    CHECK(out[i] == Approx(expected * scale[i]).epsilon(1e-5));
  }
  // CSR: 0 -> {1: 0.5, 2: 0.25}; 1 -> {0: 0.5}; 2 -> {}; profile 0 (w 2), 1 (w -1).
  const std::vector<int32_t> start = {0, 2, 3, 3}, nbr = {1, 2, 0};
  const std::vector<float> sim = {0.5f, 0.25f, 0.5f};
  const std::vector<int32_t> profile = {0, 1};
  const std::vector<float> weights = {2.0f, -1.0f};
  std::vector<float> scores(3, 9.0f);
  neighborScores(start.data(), nbr.data(), sim.data(), 3, profile.data(), weights.data(), 2, scores.data());
  CHECK(scores == std::vector<float>{-0.5f, 1.0f, 0.5f});
  CHECK(argMax(scores.data(), 3) == 1);
  const std::vector<float> ties = {1, 3, 3};
  CHECK(argMax(ties.data(), 3) == 1);
  CHECK(argMax(ties.data(), 0) == -1);
}
