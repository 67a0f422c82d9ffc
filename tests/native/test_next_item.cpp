// The next-item protocol (eval/next_item.hpp) on logs small enough to rank by
// hand. Every log uses `popularity`, whose ranking is the count of training
// events per item (ties by model index = first appearance in the training log),
// so each person's rank can be worked out on paper; the derivations are in the comments.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "eval/next_item.hpp"
#include "test_helpers.hpp"

using namespace reelrank;
using namespace reelrank::eval;
using reelrank::testing::batch;
using reelrank::testing::E;

namespace {

E ev(const char* user, const char* item, double t) { return {user, item, EventType::Rating, 1, 0, t}; }

const double kRank2 = 1.0 / std::log2(3.0);  // NDCG of a hit at rank 2
const double kRank4 = 1.0 / std::log2(5.0);

// A: p1 p2 | p3        B: p2 p5 | p1      C: q q(repeat, dropped) p4 | p2
// E: p3 p1 | z         D: p1 p2 (train only)  F: p1 p3 (train only)  G: p4 (train only)
// ("|" separates the test item; the item before it is the validation item.)
std::vector<E> looLog() {
  return {ev("A", "p1", 1), ev("A", "p2", 2), ev("A", "p3", 3), ev("B", "p2", 1), ev("B", "p5", 2), ev("B", "p1", 3),
          ev("C", "q", 1),  ev("C", "q", 2),  ev("C", "p4", 3), ev("C", "p2", 4), ev("D", "p1", 1), ev("D", "p2", 2),
          ev("E", "p3", 1), ev("E", "p1", 2), ev("E", "z", 3),  ev("F", "p1", 1), ev("F", "p3", 2), ev("G", "p4", 5)};
}

NextItemConfig popularityConfig(std::size_t k = 10) {
  NextItemConfig c;
  c.train.algorithm = "popularity";
  c.k = k;
  return c;
}

}  // namespace

TEST_CASE("leave-one-out: ranks, NDCG, ties and an unseen test item, worked by hand", "[next_item]") {
  // Test stage, training = everything but each asked person's last item:
  //   A p1 p2, B p2 p5, C q p4, D p1 p2, E p3 p1, F p1 p3, G p4.
  // Counts: p1 4, p2 3, p3 2, p4 2, p5 1, q 1. Model indices by first
  // appearance: p1 0, p2 1, p5 2, q 3, p4 4, p3 5. Order: p1 p2 p4 p3 p5 q
  // (p4 before p3 on the tie, by index).
  //   A (p1 p2 excluded): p4 p3 p5 q      -> p3 at rank 2 (lost the tie to p4)
  //   B (p2 p5 excluded): p1 p4 p3 q      -> p1 at rank 1
  //   C (q p4 excluded):  p1 p2 p3 p5     -> p2 at rank 2
  //   E (p3 p1 excluded): p2 p4 p5 q      -> z never trained on: a miss
  NextItemResult r;
  REQUIRE(evaluateNextItem(batch(looLog()), nullptr, popularityConfig(), {}, &r).isOk());
  CHECK(r.split == "last");
  CHECK(r.people == 7);
  CHECK(r.trainOnlyPeople == 3);  // D, F, G have fewer than 3 items
  CHECK(r.sequenceEvents == 18);  // before dropping C's repeat
  CHECK_FALSE(r.hasValid);
  CHECK(r.test.people == 4);
  CHECK(r.test.unseenTargets == 1);
  CHECK(r.test.trainEvents == 13);
  CHECK(r.test.trainItems == 6);
  CHECK(r.test.hitRate == Approx(0.75));
  CHECK(r.test.ndcg == Approx((kRank2 + 1 + kRank2) / 4));
  CHECK(r.test.mrr == Approx((0.5 + 1 + 0.5) / 4));
  CHECK(r.test.coverage == Approx(1.0));  // the four lists hold all six items

  // k = 1: only B's first place counts; the lists hold p4, p1, p1, p2.
  REQUIRE(evaluateNextItem(batch(looLog()), nullptr, popularityConfig(1), {}, &r).isOk());
  CHECK(r.test.hitRate == Approx(0.25));
  CHECK(r.test.ndcg == Approx(0.25));
  CHECK(r.test.mrr == Approx(0.25));
  CHECK(r.test.coverage == Approx(3.0 / 6));
}

TEST_CASE("leave-one-out: the validation stage trains without the validation items", "[next_item]") {
  // Validation training: A p1, B p2, C q, D p1 p2, E p3, F p1 p3, G p4.
  // Counts: p1 3, p2 2, p3 2, q 1, p4 1; indices p1 0, p2 1, q 2, p3 3, p4 4.
  // Order: p1 p2 p3 q p4.
  //   A (p1 excluded) asks p2 -> rank 1;  B (p2 excluded) asks p5 -> unseen, a miss
  //   C (q excluded) asks p4 -> p1 p2 p3 p4: rank 4;  E (p3 excluded) asks p1 -> rank 1
  NextItemConfig c = popularityConfig();
  c.tune = true;  // popularity has no options: one trial, the validation stage
  NextItemResult r;
  REQUIRE(evaluateNextItem(batch(looLog()), nullptr, c, {}, &r).isOk());
  CHECK(r.tuned);
  REQUIRE(r.trials.size() == 1);
  CHECK(r.chosen.empty());
  CHECK(r.valid.people == 4);
  CHECK(r.valid.unseenTargets == 1);
  CHECK(r.valid.hitRate == Approx(0.75));
  CHECK(r.valid.ndcg == Approx((1 + 0 + kRank4 + 1) / 4));
  CHECK(r.valid.mrr == Approx((1 + 0 + 0.25 + 1) / 4));
  CHECK(r.test.ndcg == Approx((kRank2 + 1 + kRank2) / 4));  // the test stage is unchanged
}

TEST_CASE("given train / valid / test logs reproduce the leave-one-out figures", "[next_item]") {
  std::vector<E> train, valid, test;
  // The same log cut by hand, train rows shuffled out of time order (any order is allowed).
  train = {ev("B", "p2", 1), ev("A", "p2", 2), ev("A", "p1", 1), ev("C", "q", 1),  ev("C", "q", 2), ev("D", "p2", 2),
           ev("D", "p1", 1), ev("E", "p3", 1), ev("F", "p1", 1), ev("F", "p3", 2), ev("G", "p4", 5)};
  valid = {ev("A", "p2", 2), ev("B", "p5", 2), ev("C", "p4", 3), ev("E", "p1", 2)};
  test = {ev("A", "p3", 3), ev("B", "p1", 3), ev("C", "p2", 4), ev("E", "z", 3)};
  // A's valid p2 is also in A's train above: drop it there so the logs match the leave-one-out cut.
  train.erase(train.begin() + 1);
  NextItemConfig c = popularityConfig();
  c.tune = true;
  NextItemResult r;
  REQUIRE(evaluateNextItemGiven(batch(train), batch(valid), batch(test), nullptr, c, {}, &r).isOk());
  CHECK(r.split == "given");
  CHECK(r.test.people == 4);
  CHECK(r.test.unseenTargets == 1);
  // Model indices follow the training log's order here (B first), but the
  // ranks above do not depend on it except for the p4 / p3 tie: p4 is interned
  // at C (before E's p3) in both logs, so A's p3 is still second.
  CHECK(r.test.hitRate == Approx(0.75));
  CHECK(r.test.ndcg == Approx((kRank2 + 1 + kRank2) / 4));
  CHECK(r.valid.hitRate == Approx(0.75));
}

TEST_CASE("people with fewer than 3 items only train; nobody left to ask is E_EMPTY", "[next_item]") {
  NextItemResult r;
  const Status s = evaluateNextItem(batch({ev("A", "a", 1), ev("A", "b", 2), ev("B", "a", 1), ev("B", "a", 3)}),
                                    nullptr, popularityConfig(), {}, &r);
  CHECK(s.code() == ErrorCode::Empty);
}

TEST_CASE("global time cut: train before it, ask each person's first item after it", "[next_item]") {
  // Times 1..8; global:0.75 cuts at the 7th smallest time, 7.
  //   u1 a@1 b@2 e@7    u2 a@3 e@8    u3 b@4 a@5 e@6
  // Training (t < 7): u1 a b, u2 a, u3 b a e. Counts a 3, b 2, e 1.
  //   u1 (a b excluded) asks e -> rank 1;  u2 (a excluded) asks e -> b e: rank 2
  // Validation cut: the 5th of the 6 training times (1..6), 5: training u1 a b, u2 a, u3 b;
  //   u3 (b excluded) asks a -> rank 1; nobody else has a training event at or after 5.
  NextItemConfig c = popularityConfig();
  REQUIRE(parseNextItemSplit("global:0.75", &c.split).isOk());
  c.tune = true;
  NextItemResult r;
  REQUIRE(evaluateNextItem(batch({ev("u1", "a", 1), ev("u1", "b", 2), ev("u1", "e", 7), ev("u2", "a", 3),
                                  ev("u2", "e", 8), ev("u3", "b", 4), ev("u3", "a", 5), ev("u3", "e", 6)}),
                           nullptr, c, {}, &r)
              .isOk());
  CHECK(r.split == "global:0.75");
  CHECK(r.test.people == 2);
  CHECK(r.test.trainEvents == 6);
  CHECK(r.test.hitRate == Approx(1.0));
  CHECK(r.test.ndcg == Approx((1 + kRank2) / 2));
  CHECK(r.test.mrr == Approx(0.75));
  CHECK(r.valid.people == 1);
  CHECK(r.valid.trainEvents == 4);
  CHECK(r.valid.ndcg == Approx(1.0));
}

TEST_CASE("session split: each session's last item, asked from everything before it", "[next_item]") {
  // session:10. u1: a@0 b@1 c@2 | d@100 e@101 (a second session of 2: trains only)
  //             u2: a@0 c@1 b@2 e@3 (one session)   u3: a@0 b@1 (2 items: trains only)
  // Test stage, training = all but the test targets (u1 c, u2 e):
  //   u1 a b d e, u2 a c b, u3 a b. Counts a 3, b 3, d 1, e 1, c 1; indices a b d e c.
  //   u1 asks c from a b -> d e c: rank 3;  u2 asks e from a c b -> d e: rank 2
  // Validation stage, the validation targets (u1 b, u2 b) held out too:
  //   u1 a d e, u2 a c, u3 a b. Counts a 3, then d e c b once each (in that index order).
  //   u1 asks b from a -> d e c b: rank 4;  u2 asks b from a c -> d e b: rank 3
  NextItemConfig c = popularityConfig();
  REQUIRE(parseNextItemSplit("session:10", &c.split).isOk());
  c.tune = true;
  NextItemResult r;
  const std::vector<E> log = {ev("u1", "a", 0),   ev("u1", "b", 1), ev("u1", "c", 2), ev("u1", "d", 100),
                              ev("u1", "e", 101), ev("u2", "a", 0), ev("u2", "c", 1), ev("u2", "b", 2),
                              ev("u2", "e", 3),   ev("u3", "a", 0), ev("u3", "b", 1)};
  REQUIRE(evaluateNextItem(batch(log), nullptr, c, {}, &r).isOk());
  CHECK(r.split == "session:10");
  CHECK(r.trainOnlyPeople == 1);
  CHECK(r.test.people == 2);
  CHECK(r.test.trainEvents == 9);
  CHECK(r.test.ndcg == Approx((1 / std::log2(4.0) + kRank2) / 2));
  CHECK(r.valid.people == 2);
  CHECK(r.valid.trainEvents == 7);
  CHECK(r.valid.ndcg == Approx((kRank4 + 1 / std::log2(4.0)) / 2));
  // A gap equal to the limit stays in the session: with session:98 u1's five
  // items are one session, so u1 asks e (from a b c d), not c.
  REQUIRE(parseNextItemSplit("session:98", &c.split).isOk());
  REQUIRE(evaluateNextItem(batch(log), nullptr, c, {}, &r).isOk());
  CHECK(r.test.people == 2);
  CHECK(r.test.trainEvents == 9);
  // Two sessions of 3 for one person are two asks.
  const std::vector<E> twice = {ev("u1", "a", 0),  ev("u1", "b", 1),  ev("u1", "c", 2),
                                ev("u1", "d", 50), ev("u1", "e", 51), ev("u1", "f", 52)};
  REQUIRE(parseNextItemSplit("session:10", &c.split).isOk());
  REQUIRE(evaluateNextItem(batch(twice), nullptr, c, {}, &r).isOk());
  CHECK(r.test.people == 2);
  CHECK(r.test.trainEvents == 4);
}

TEST_CASE("the sequence definition picks event types; KuaiRand-like logs default to likes", "[next_item]") {
  // Views everywhere, likes on some: the automatic definition keeps the likes only.
  std::vector<E> log;
  for (const char* u : {"A", "B"}) {
    for (int i = 0; i < 4; ++i) {
      const std::string item = std::string("v") + std::to_string(i);
      log.push_back({u, item, EventType::View, 5, 10, static_cast<double>(i)});
      if (i != 1) log.push_back({u, item, EventType::Like, 0, 10, static_cast<double>(i)});
    }
  }
  NextItemResult r;
  REQUIRE(evaluateNextItem(batch(log), nullptr, popularityConfig(), {}, &r).isOk());
  REQUIRE(r.sequenceTypes == std::vector<std::string>{"like"});
  CHECK(r.sequenceEvents == 6);
  CHECK(r.test.people == 2);  // v0 v2 | v3 for both
  NextItemConfig c = popularityConfig();
  REQUIRE(parseSequenceSpec("view", &c.sequence).isOk());
  REQUIRE(evaluateNextItem(batch(log), nullptr, c, {}, &r).isOk());
  CHECK(r.sequenceEvents == 8);
  CHECK(parseSequenceSpec("like,nope", &c.sequence).code() == ErrorCode::Arg);
}

TEST_CASE("option grids: the product of the declared values, given options held fixed", "[next_item]") {
  const std::vector<Options> all = optionGrid("itemknn", {});
  CHECK(all.size() == 48);  // neighbors 4 values x shrink 3 values x recency 4 values
  const std::vector<Options> fixed = optionGrid("itemknn", {{"neighbors", 30}, {"recency", 0}});
  REQUIRE(fixed.size() == 3);
  CHECK(fixed[0].count("neighbors") == 0);
  CHECK(fixed[0].at("shrink") == 0);
  CHECK(optionGrid("popularity", {}).size() == 1);

  // Tuning runs every combination and reports the one with the best validation NDCG.
  NextItemConfig c;
  c.train.algorithm = "itemknn";
  c.train.options["neighbors"] = 20;
  c.train.options["recency"] = 0;
  c.tune = true;
  NextItemResult r;
  REQUIRE(evaluateNextItem(batch(looLog()), nullptr, c, {}, &r).isOk());
  REQUIRE(r.trials.size() == 3);
  double best = -1;
  for (const auto& t : r.trials) best = std::max(best, t.valid.ndcg);
  CHECK(r.valid.ndcg == best);
  CHECK(r.chosen.count("shrink") == 1);
}

TEST_CASE("next-item splits parse, and bad ones say what works", "[next_item]") {
  NextItemSplit s;
  REQUIRE(parseNextItemSplit("last", &s).isOk());
  CHECK(s.kind == NextItemSplitKind::Last);
  REQUIRE(parseNextItemSplit("global:0.9", &s).isOk());
  CHECK(s.fraction == 0.9);
  CHECK(nextItemSplitName(s) == "global:0.9");
  CHECK(parseNextItemSplit("global:1", &s).code() == ErrorCode::Arg);
  REQUIRE(parseNextItemSplit("session:1800", &s).isOk());
  CHECK(s.kind == NextItemSplitKind::Session);
  CHECK(s.gapSeconds == 1800);
  CHECK(nextItemSplitName(s) == "session:1800");
  for (const char* bad : {"session:", "session:0", "session:-5", "session:1h", "session:inf"}) {
    const Status st = parseNextItemSplit(bad, &s);
    CHECK(st.code() == ErrorCode::Arg);
    CHECK_THAT(st.message(), Catch::Contains("session:SECONDS"));
  }
  CHECK(parseNextItemSplit("user:0.2", &s).code() == ErrorCode::Arg);
}
