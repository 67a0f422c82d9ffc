// Calibrated re-ranking, the popularity correction and the evaluation's
// long-tail share and miscalibration, each against numbers worked out by hand
// in the comments.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "eval/evaluate.hpp"
#include "eval/metrics.hpp"
#include "rank/calibration.hpp"
#include "rank/diversity.hpp"
#include "rank/ranker.hpp"
#include "rank_test_helpers.hpp"
#include "test_helpers.hpp"

using namespace reelrank;
using reelrank::testing::batch;
using reelrank::testing::E;
using reelrank::testing::FixedScores;
using reelrank::testing::itemsOf;
using reelrank::testing::sideOf;

namespace {

std::vector<int32_t> itemsOf(const std::vector<Recommendation>& v) {
  std::vector<int32_t> out;
  for (const Recommendation& r : v) out.push_back(r.item);
  return out;
}

// The collaborative part alone: no content, creator or popularity prior.
BlendWeights collaborativeOnly() {
  BlendWeights b;
  b.content = b.creator = b.popularity = 0;
  return b;
}

// KL of p = (0.5, 0.5) against a list of one tag only: q~ = (0.995, 0.005).
const double kOneSided = 0.5 * std::log(0.5 / 0.995) + 0.5 * std::log(0.5 / 0.005);  // 1.958518...

}  // namespace

TEST_CASE("tagMix: Steck's eq. 1 on four items written out", "[calibration]") {
  // Tags x y z; a {x}, b {x y}, c {y z}, d untagged, e {z} with a negative weight.
  const ItemSide side = sideOf({{"a", {"x"}, "", 0, {}},
                                {"b", {"x", "y"}, "", 0, {}},
                                {"c", {"y", "z"}, "", 0, {}},
                                {"d", {}, "", 0, {}},
                                {"e", {"z"}, "", 0, {}}});
  const auto x = static_cast<std::size_t>(side.catalog.tags().find("x"));
  const auto y = static_cast<std::size_t>(side.catalog.tags().find("y"));
  const auto z = static_cast<std::size_t>(side.catalog.tags().find("z"));
  // Weights a 2, b 1, c 1, d 5 (untagged: nothing), e -1 (not an interest: nothing).
  // p(x) = (2 * 1 + 1 * 1/2) / 4 = 0.625, p(y) = (1/2 + 1/2) / 4 = 0.25, p(z) = (1/2) / 4 = 0.125.
  const std::vector<double> p = tagMix(side, {{0, 2.0f}, {1, 1.0f}, {2, 1.0f}, {3, 5.0f}, {4, -1.0f}});
  REQUIRE(p.size() == 3);
  CHECK(p[x] == Approx(0.625));
  CHECK(p[y] == Approx(0.25));
  CHECK(p[z] == Approx(0.125));
  // Nothing tagged with a positive weight: all zero. A model without tags: empty.
  CHECK(tagMix(side, {{3, 1.0f}, {4, 0.0f}}) == std::vector<double>{0, 0, 0});
  CHECK(tagMix(sideOf({{"a", {}, "", 0, {}}}), {{0, 1.0f}}).empty());
}

TEST_CASE("miscalibration: KL(p || q~) with alpha 0.01 by hand", "[calibration]") {
  const std::vector<double> p = {0.625, 0.25, 0.125}, q = {0.5, 0.5, 0.0};
  // q~ = 0.99 q + 0.01 p = (0.50125, 0.4975, 0.00125):
  // KL = 0.625 ln(0.625 / 0.50125) + 0.25 ln(0.25 / 0.4975) + 0.125 ln(100) = 0.5415168...
  CHECK(miscalibration(p, q) ==
        Approx(0.625 * std::log(0.625 / 0.50125) + 0.25 * std::log(0.25 / 0.4975) + 0.125 * std::log(100.0)));
  CHECK(miscalibration(p, q) == Approx(0.5415168).epsilon(1e-6));
  CHECK(miscalibration(p, p) == Approx(0.0).margin(1e-15));
  // A list with none of the history's tags: q~ = alpha p, KL = ln(1 / alpha).
  CHECK(miscalibration(p, {0, 0, 0}) == Approx(std::log(100.0)));
  CHECK(miscalibration({0.5, 0.5}, {1.0, 0.0}) == Approx(kOneSided));
  // No history mix: nothing to be calibrated to.
  CHECK(std::isnan(miscalibration({0, 0, 0}, q)));
  CHECK(std::isnan(miscalibration({}, {})));
  CHECK(std::isnan(miscalibration(p, {1.0, 0.0})));
}

TEST_CASE("slotWeight: the DCG discount 1 / log2(slot + 2)", "[calibration]") {
  CHECK(slotWeight(0) == 1.0);
  CHECK(slotWeight(1) == Approx(0.6309298));  // 1 / log2 3
  CHECK(slotWeight(2) == 0.5);                // 1 / log2 4
  CHECK(slotWeight(9) == Approx(0.2890648));  // 1 / log2 11, the tenth slot
}

TEST_CASE("the greedy calibrated pick: the weight flips the second slot", "[calibration]") {
  // a {x}, b {x}, c {y}; history (x 0.5, y 0.5). Relevance over the pool: a 1, b 0.8, c 0.
  // Slot 1 (relevance weight 1): every entry gives a one-tag list (KL 1.9585), so a's relevance wins.
  // Slot 2 (relevance weight 1 / log2 3 = 0.63093): b keeps the list all x (KL 1.9585), c makes it
  // (0.5, 0.5) (KL 0):
  //   b: (1 - w) 0.8 0.63093 - w 1.9585,  c: 0  ->  b while w < 0.50474 / (0.50474 + 1.9585) = 0.2049.
  // (Without the slot's discount, Steck's set objective, b would hold up to w = 0.8 / 2.7585 = 0.290.)
  const ItemSide side = sideOf({{"a", {"x"}, "", 0, {}}, {"b", {"x"}, "", 0, {}}, {"c", {"y"}, "", 0, {}}});
  const std::vector<Scored> pool = {{1.0f, 0}, {0.9f, 1}, {0.5f, 2}};
  const std::vector<double> history = {0.5, 0.5};
  CreatorCap c1(0), c2(0), c3(0), c4(0), c5(0), c6(0);
  CHECK(itemsOf(selectCalibrated(side, pool, 2, 0.1, 0.0, history, c1)) == std::vector<int32_t>{0, 1});
  CHECK(itemsOf(selectCalibrated(side, pool, 2, 0.5, 0.0, history, c2)) == std::vector<int32_t>{0, 2});
  CHECK(itemsOf(selectCalibrated(side, pool, 2, 0.20, 0.0, history, c3)) == std::vector<int32_t>{0, 1});
  CHECK(itemsOf(selectCalibrated(side, pool, 2, 0.21, 0.0, history, c4)) == std::vector<int32_t>{0, 2});
  CHECK(itemsOf(selectCalibrated(side, pool, 2, 0.25, 0.0, history, c6)) == std::vector<int32_t>{0, 2});
  // Without a history mix there is nothing to calibrate to: the pool's order.
  CHECK(itemsOf(selectCalibrated(side, pool, 3, 0.9, 0.0, {0, 0}, c5)) == std::vector<int32_t>{0, 1, 2});
  // Weight 0 is selectDiverse exactly, with diversity too.
  CreatorCap d1(0), d2(0);
  CHECK(selectCalibrated(side, pool, 3, 0.0, 0.5, history, d1) == selectDiverse(side, pool, 3, 0.5, d2));
  // The creator cap still holds: a and b by A, cap 1, so slot 2 can only be c.
  const ItemSide capped = sideOf({{"a", {"x"}, "A", 0, {}}, {"b", {"x"}, "A", 0, {}}, {"c", {"y"}, "B", 0, {}}});
  CreatorCap one(1);
  CHECK(itemsOf(selectCalibrated(capped, pool, 3, 0.1, 0.0, history, one)) == std::vector<int32_t>{0, 2});
}

TEST_CASE("the calibrated set is listed best score first, whatever order the greedy took it in", "[calibration]") {
  // a {x} 1.0, b {x, y} 0.6, c {x} 0.5; history (x 0.5, y 0.5); relevance over the pool a 1, b 0.2, c 0.
  // Slot 1 (weight 1): a or c alone leave y out (KL 1.9585), b alone matches the history (KL 0):
  //   a: (1 - w) - w 1.9585,  b: (1 - w) 0.2  ->  b first once w > 0.8 / 2.7585 = 0.290.
  // Slot 2 (weight 0.63093) after b: a or c make the mix (0.75, 0.25), q~ (0.7475, 0.2525),
  //   KL 0.5 ln(0.5 / 0.7475) + 0.5 ln(0.5 / 0.2525) = 0.14054, the same for both: a's relevance wins.
  // So at w 0.5 the greedy takes b, then a; at w 0.25 a, then b (b: 0.0595 against c: -0.4896).
  // Miscalibration is the set's (both lists are {a, b}), so the list is ordered by score: a, b.
  const ItemSide side = sideOf({{"a", {"x"}, "", 0, {}}, {"b", {"x", "y"}, "", 0, {}}, {"c", {"x"}, "", 0, {}}});
  const std::vector<Scored> pool = {{1.0f, 0}, {0.6f, 1}, {0.5f, 2}};
  const std::vector<double> history = {0.5, 0.5};
  for (double w : {0.25, 0.5}) {
    CreatorCap cap(0);
    const std::vector<Scored> list = selectCalibrated(side, pool, 2, w, 0.0, history, cap);
    INFO("weight " << w);
    CHECK(itemsOf(list) == std::vector<int32_t>{0, 1});
    REQUIRE(list.size() == 2);
    CHECK(list[0].first == 1.0f);
    CHECK(list[1].first == 0.6f);
  }
  // With three slots at w 0.5: b, a, then c (its relevance 0, the only one left); listed a, b, c.
  CreatorCap three(0);
  CHECK(itemsOf(selectCalibrated(side, pool, 3, 0.5, 0.0, history, three)) == std::vector<int32_t>{0, 1, 2});
}

TEST_CASE("calibration in the ranker: the history's mix, weight 0 is the uncalibrated feed", "[calibration]") {
  // h1 {x} and h2 {y} are the person's history (equal weights: mix 0.5, 0.5),
  // excluded from the feed; the candidates as in the greedy case above.
  const ItemSide side = sideOf({{"h1", {"x"}, "", 0, {}},
                                {"h2", {"y"}, "", 0, {}},
                                {"a", {"x"}, "", 0, {}},
                                {"b", {"x"}, "", 0, {}},
                                {"c", {"y"}, "", 0, {}}});
  const FixedScores algo({0.0f, 0.0f, 1.0f, 0.9f, 0.5f});
  Query q;
  q.items = {{0, 1.0f}, {1, 1.0f}};
  RankRequest req;
  req.k = 2;
  req.exclude = {0, 1};
  std::vector<Recommendation> plain, zero, some, strong;
  REQUIRE(rankItems(side, algo, collaborativeOnly(), q, req, &plain).isOk());
  req.calibration = 0.0;
  REQUIRE(rankItems(side, algo, collaborativeOnly(), q, req, &zero).isOk());
  req.calibration = 0.2;
  REQUIRE(rankItems(side, algo, collaborativeOnly(), q, req, &some).isOk());
  req.calibration = 0.5;
  REQUIRE(rankItems(side, algo, collaborativeOnly(), q, req, &strong).isOk());
  CHECK(itemsOf(plain) == std::vector<int32_t>{2, 3});
  REQUIRE(zero.size() == plain.size());
  for (std::size_t i = 0; i < plain.size(); ++i) {
    CHECK(zero[i].item == plain[i].item);
    CHECK(zero[i].score == plain[i].score);  // bit for bit
  }
  CHECK(itemsOf(some) == std::vector<int32_t>{2, 3});
  CHECK(itemsOf(strong) == std::vector<int32_t>{2, 4});
  CHECK(strong[1].score == Approx(0.5f));  // a calibrated pick keeps its own blended score
  // A skipped video (negative weight) is no part of the history mix: with
  // only h1 liked, the mix is all x and c is never preferred.
  q.items = {{0, 1.0f}, {1, -1.0f}};
  std::vector<Recommendation> skipped;
  REQUIRE(rankItems(side, algo, collaborativeOnly(), q, req, &skipped).isOk());
  CHECK(itemsOf(skipped) == std::vector<int32_t>{2, 3});
}

TEST_CASE("the popularity correction: score - beta * popularity", "[calibration]") {
  ItemSide side = sideOf({{"a", {}, "", 0, {}}, {"b", {}, "", 0, {}}, {"c", {}, "", 0, {}}});
  side.popularity = {1.0f, 0.2f, 0.5f};
  const FixedScores algo({1.0f, 0.9f, 0.5f});
  RankRequest req;
  req.k = 3;
  auto rank = [&](double beta) {
    req.popularityCorrection = beta;
    std::vector<Recommendation> out;
    REQUIRE(rankItems(side, algo, collaborativeOnly(), Query{}, req, &out).isOk());
    return out;
  };
  // beta 0: 1, 0.9, 0.5.  beta 0.5: a 0.5, b 0.8, c 0.25.  beta 4: a -3, b 0.1, c -1.5.
  CHECK(itemsOf(rank(0.0)) == std::vector<int32_t>{0, 1, 2});
  const auto half = rank(0.5);
  CHECK(itemsOf(half) == std::vector<int32_t>{1, 0, 2});
  CHECK(half[0].score == Approx(0.8));
  CHECK(half[1].score == Approx(0.5));
  CHECK(half[2].score == Approx(0.25));
  const auto most = rank(RankRequest::kMaxPopularityCorrection);
  CHECK(itemsOf(most) == std::vector<int32_t>{1, 2, 0});
  CHECK(most[2].score == Approx(-3.0));
  // Without a correction the parts sum bit for bit as before.
  const BlendPlan plan{1.0f, 0.5f, 0.2f, 0.1f};
  const BlendParts parts = weigh(plan, 0.3f, 0.7f, 0.1f, 0.9f);
  CHECK(parts.score() == parts.collaborative + parts.popularity + parts.content + parts.creator + parts.server);
}

TEST_CASE("calibration and popularityCorrection at their limits and one past", "[calibration]") {
  const ItemSide side = sideOf({{"a", {"x"}, "", 0, {}}, {"b", {"y"}, "", 0, {}}});
  const FixedScores algo({1.0f, 0.5f});
  Query q;
  q.items = {{0, 1.0f}};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto status = [&](double calibration, double correction) {
    RankRequest req;
    req.k = 1;
    req.calibration = calibration;
    req.popularityCorrection = correction;
    std::vector<Recommendation> out;
    return rankItems(side, algo, collaborativeOnly(), q, req, &out);
  };
  CHECK(status(0, 0).isOk());
  CHECK(status(RankRequest::kMaxCalibration, 0).isOk());
  CHECK(status(0, RankRequest::kMaxPopularityCorrection).isOk());
  for (double bad : {-1e-9, RankRequest::kMaxCalibration + 1e-9, nan}) {
    const Status s = status(bad, 0);
    CHECK(s.code() == ErrorCode::Arg);
    CHECK(s.message().find("calibration") != std::string::npos);
  }
  for (double bad : {-1e-9, RankRequest::kMaxPopularityCorrection + 1e-9, nan}) {
    const Status s = status(0, bad);
    CHECK(s.code() == ErrorCode::Arg);
    CHECK(s.message().find("popularityCorrection") != std::string::npos);
  }
}

TEST_CASE("the long tail: outside the items that make the first 20% of interactions", "[calibration][eval]") {
  // Counts 5 3 1 1 (total 10, 20% = 2): item 0 alone reaches it.
  CHECK(eval::longTailItems({5, 3, 1, 1}) == std::vector<uint8_t>{0, 1, 1, 1});
  // Counts 1 3 1 5 1: 5 of 11 >= 2.2, so item 3 is the head.
  CHECK(eval::longTailItems({1, 3, 1, 5, 1}) == std::vector<uint8_t>{1, 1, 1, 0, 1});
  // 1 1 1 1 1 1 (20% = 1.2): ties go to the lower index, two items make it.
  CHECK(eval::longTailItems({1, 1, 1, 1, 1, 1}) == std::vector<uint8_t>{0, 0, 1, 1, 1, 1});
  CHECK(eval::longTailItems({0, 0}) == std::vector<uint8_t>{0, 0});
}

TEST_CASE("top-N long-tail share and miscalibration by hand", "[calibration][eval]") {
  // Items 0 {t0}, 1 {t0 t1}, 2 {t1}, 3 untagged; the long tail is 1 2 3.
  eval::TopNOptions o;
  o.k = 2;
  o.itemCount = 4;
  o.itemTags = {{0}, {0, 1}, {1}, {}};
  o.tagCount = 2;
  o.longTail = {0, 1, 1, 1};
  eval::TopNMetrics m;
  REQUIRE(eval::TopNMetrics::create(o, &m).isOk());
  const std::vector<double> even = {0.5, 0.5};
  // [0 3]: the list's mix is item 0's alone (1, 0): KL 1.9585; slots: 1 tail.
  REQUIRE(m.add({0, 3}, {0}, &even).isOk());
  // [1 2]: mix ((0.5 + 0) / 2, (0.5 + 1) / 2) = (0.25, 0.75), q~ = (0.2525, 0.7475); slots: 2 tail.
  REQUIRE(m.add({1, 2}, {2}, &even).isOk());
  // No history mix: counted in every other measure, not in miscalibration.
  REQUIRE(m.add({0, 1}, {1}, nullptr).isOk());
  const eval::TopNSummary s = m.summary();
  CHECK(s.longTailShare == Approx(4.0 / 6));
  CHECK(s.calibratedUsers == 2);
  CHECK(s.miscalibration == Approx((kOneSided + 0.5 * std::log(0.5 / 0.2525) + 0.5 * std::log(0.5 / 0.7475)) / 2));
  // Without tags or a long tail: not measured (NaN, never 0).
  eval::TopNOptions bare;
  bare.itemCount = 4;
  eval::TopNMetrics b;
  REQUIRE(eval::TopNMetrics::create(bare, &b).isOk());
  REQUIRE(b.add({0, 1}, {1}, &even).isOk());
  CHECK(std::isnan(b.summary().longTailShare));
  CHECK(std::isnan(b.summary().miscalibration));
  o.longTail = {0, 1};
  eval::TopNMetrics wrong;
  CHECK(eval::TopNMetrics::create(o, &wrong).code() == ErrorCode::Arg);
}

namespace {
// Every like at time 0, so no decay sets the items apart.
E like(const char* user, const char* item) { return {user, item, EventType::Like, 0, 0, 0}; }

// Training likes: a by u1 u2 u3, b by u2, c by u1, d by u3 (counts 3 1 1 1 of
// 6: the head is a, 3 >= 1.2). Model items a b c d (first appearance).
// Tags: a {x}, b {y}, c {x y}, d {y}. Histories (equal like weights):
// u1 {a c} -> (0.75, 0.25); u2 {a b} and u3 {a d} -> (0.5, 0.5); u4 none.
// Held out: u1 b, u2 c, u3 b, u4 d.
eval::EvalResult evaluateTiny(std::size_t k, double calibration) {
  const EventBatch train =
      batch({like("u1", "a"), like("u2", "a"), like("u3", "a"), like("u2", "b"), like("u1", "c"), like("u3", "d")});
  const EventBatch test = batch({like("u1", "b"), like("u2", "c"), like("u3", "b"), like("u4", "d")});
  Catalog catalog;
  REQUIRE(
      catalog
          .addMany(
              {{"a", {"x"}, "", 0, {}}, {"b", {"y"}, "", 0, {}}, {"c", {"x", "y"}, "", 0, {}}, {"d", {"y"}, "", 0, {}}})
          .isOk());
  eval::EvalConfig c;
  c.train.algorithm = "popularity";
  c.train.blend = collaborativeOnly();
  c.k = k;
  c.calibration = calibration;
  eval::EvalResult r;
  REQUIRE(eval::evaluateGiven(train, test, &catalog, c, {}, &r).isOk());
  return r;
}
}  // namespace

TEST_CASE("evaluate: long-tail share and miscalibration on a tiny log, with and without calibration",
          "[calibration][eval]") {
  // u1's list against (0.75, 0.25) when it holds y only: q~ = (0.0075, 0.9925).
  const double u1 = 0.75 * std::log(100.0) + 0.25 * std::log(0.25 / 0.9925);
  // k 2, popularity (a 1, b c d log 2 / log 4 = 0.5, ties to the lower index), training items excluded:
  // u1 [b d], u2 [c d], u3 [b c], u4 [a b]: 7 of 8 slots in the long tail.
  // Mixes: u1 (0, 1); u2 and u3 (0.25, 0.75), q~ (0.2525, 0.7475); u4 has no history.
  const eval::EvalResult two = evaluateTiny(2, 0.0);
  CHECK(two.longTailShare == Approx(7.0 / 8));
  CHECK(two.miscalibration == Approx((u1 + 2 * (0.5 * std::log(0.5 / 0.2525) + 0.5 * std::log(0.5 / 0.7475))) / 3));
  // k 1: u1 [b] hit, u2 [c] hit, u3 [b] hit (a one-sided list for a (0.5, 0.5) history), u4 [a] miss.
  const eval::EvalResult plain = evaluateTiny(1, 0.0);
  CHECK(plain.ndcg == Approx(3.0 / 4));
  CHECK(plain.miscalibration == Approx((u1 + 0 + kOneSided) / 3));
  // Calibrated (0.5): b and c tie on relevance (0 each), so for u3 the KL decides: c (KL 0) over b.
  // u1's candidates b, d are both y: b stays. u3's c misses its held-out b.
  const eval::EvalResult calibrated = evaluateTiny(1, 0.5);
  CHECK(calibrated.ndcg == Approx(2.0 / 4));
  CHECK(calibrated.miscalibration == Approx(u1 / 3));
  // The option's range is the ranker's.
  eval::EvalConfig bad;
  bad.train.algorithm = "popularity";
  bad.calibration = 1.5;
  eval::EvalResult r;
  CHECK(eval::evaluateGiven(batch({like("u1", "a")}), batch({like("u1", "b")}), nullptr, bad, {}, &r).code() ==
        ErrorCode::Arg);
}
