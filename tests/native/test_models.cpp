#include <catch2/catch.hpp>
#include <cmath>

#include "models/item_knn.hpp"
#include "models/model.hpp"
#include "test_helpers.hpp"

using namespace reelrank;
using reelrank::testing::batch;
using reelrank::testing::E;

namespace {
// Three people, three videos (likes, weight 4; no decay):
//   u0: a b      item columns a = [1 1 0], b = [1 1 1], c = [0 1 1]
//   u1: a b c    cos(a,b) = 2/sqrt6, cos(a,c) = 1/2, cos(b,c) = 2/sqrt6
//   u2:   b c
Interactions tinyLog() {
  Interactions log;
  std::vector<E> ev = {{"u0", "a", EventType::Like}, {"u0", "b", EventType::Like}, {"u1", "a", EventType::Like},
                       {"u1", "b", EventType::Like}, {"u1", "c", EventType::Like}, {"u2", "b", EventType::Like},
                       {"u2", "c", EventType::Like}};
  REQUIRE(log.addBatch(batch(ev)).isOk());
  return log;
}
TrainConfig config(const std::string& algorithm, Options o = {}) {
  TrainConfig c;
  c.algorithm = algorithm;
  c.options = std::move(o);
  c.policy.halfLifeDays = 0;
  return c;
}
std::vector<std::string> ids(const Model& m, const std::vector<Recommendation>& recs) {
  std::vector<std::string> out;
  for (const auto& r : recs) out.push_back(m.side().catalog.items().name(r.item));
  return out;
}
}  // namespace

TEST_CASE("interactions accumulate events into cells, latest rating wins", "[interactions]") {
  Interactions log;
  std::vector<E> ev = {{"u", "x", EventType::View, 30, 60, 100},
                       {"u", "x", EventType::Like, 0, 0, 100},
                       {"u", "y", EventType::Rating, 2, 0, 100},
                       {"u", "y", EventType::Rating, 4.5, 0, 200},
                       {"w", "y", EventType::Skip, 0, 0, 100}};
  REQUIRE(log.addBatch(batch(ev)).isOk());
  WeightPolicy p;
  p.halfLifeDays = 0;
  TrainingMatrix tm = log.build(p, {0, 1}, 2, {});
  CHECK(tm.explicitRatings);
  CHECK(tm.matrix.coeff(0, 0) == Approx(0.5 + 4.0));
  CHECK(tm.matrix.coeff(0, 1) == Approx(4.5));
  CHECK(tm.matrix.coeff(1, 1) == Approx(-1.5));
  CHECK(tm.popularity[0] == Approx(2.0));  // two positive events on x
  CHECK(tm.popularity[1] == Approx(2.0));  // two ratings on y; the skip does not count
}

TEST_CASE("interactions reject a bad batch whole", "[interactions]") {
  Interactions log;
  CHECK(log.addBatch(batch({{"u", "x", EventType::Like}, {"", "y", EventType::Like}})).code() == ErrorCode::Arg);
  CHECK(log.addBatch(batch({{"u", "x", EventType::View, -1, 10, 0}})).code() == ErrorCode::Arg);
  CHECK(log.addBatch(batch({{"u", "x", EventType::Like, 0, 0, INFINITY}})).code() == ErrorCode::Arg);
  CHECK(log.eventCount() == 0);
  CHECK(log.users().size() == 0);
}

TEST_CASE("item-kNN similarities match the hand-computed cosines", "[itemknn]") {
  Model m;
  REQUIRE(Model::train(tinyLog(), nullptr, config("itemknn", {{"shrink", 0}}), {}, &m).isOk());
  const auto& knn = dynamic_cast<const ItemKnnModel&>(m.algorithm());
  CHECK(knn.similarity(0, 1) == Approx(2 / std::sqrt(6.0)));
  CHECK(knn.similarity(0, 2) == Approx(0.5));
  CHECK(knn.similarity(1, 2) == Approx(2 / std::sqrt(6.0)));
  CHECK(knn.similarity(0, 0) == 0);  // an item is not its own neighbour

  Model shrunk;
  REQUIRE(Model::train(tinyLog(), nullptr, config("itemknn", {{"shrink", 1}}), {}, &shrunk).isOk());
  // raw dot of a and b = 4*4 + 4*4 = 32, norms 4 sqrt2 and 4 sqrt3
  CHECK(dynamic_cast<const ItemKnnModel&>(shrunk.algorithm()).similarity(0, 1) ==
        Approx(32 / (16 * std::sqrt(6.0) + 1)));

  Model one;
  REQUIRE(Model::train(tinyLog(), nullptr, config("itemknn", {{"neighbors", 1}, {"shrink", 0}}), {}, &one).isOk());
  std::vector<std::pair<int32_t, float>> out;
  REQUIRE(one.similarItems("a", 5, &out).isOk());
  REQUIRE(out.size() == 1);
  CHECK(out[0].first == 1);
}

TEST_CASE("a profile that liked a gets b before c, with the reason", "[itemknn][rank]") {
  Model m;
  REQUIRE(Model::train(tinyLog(), nullptr, config("itemknn", {{"shrink", 0}}), {}, &m).isOk());
  Profile me;
  REQUIRE(me.recordBatch(batch({{"", "a", EventType::Like, 0, 0, 0}}), nullptr, {}).isOk());
  RankInput in;
  in.request.k = 5;
  std::vector<Recommendation> recs;
  REQUIRE(m.recommendForProfile(me, in, &recs).isOk());
  REQUIRE(ids(m, recs) == std::vector<std::string>{"b", "c"});  // a is seen, so excluded
  REQUIRE(!recs[0].reasons.empty());
  CHECK(recs[0].reasons[0].kind == ReasonKind::Similar);
  CHECK(recs[0].reasons[0].ref == 0);
  // score = cos(a,b)/max + prior 0.1/(1 + 1/10) * popularity(b)=1
  CHECK(recs[0].score == Approx(1.0 + 0.1 / 1.1));

  // Disliking b pushes items similar to b down: c (cos 0.82 with b) loses
  // more than it gains from a (cos 0.5) and falls below every other item.
  const float cBefore = recs[1].score;
  REQUIRE(me.recordBatch(batch({{"", "b", EventType::Dislike, 0, 0, 0}}), nullptr, {}).isOk());
  REQUIRE(m.recommendForProfile(me, in, &recs).isOk());
  REQUIRE(ids(m, recs) == std::vector<std::string>{"c"});
  CHECK(recs[0].score < 0);
  CHECK(recs[0].score < cBefore);
}

TEST_CASE("a known user's recommendations exclude what they saw; unknown ids are errors", "[model]") {
  Model m;
  REQUIRE(Model::train(tinyLog(), nullptr, config("itemknn"), {}, &m).isOk());
  RankInput in;
  std::vector<Recommendation> recs;
  REQUIRE(m.recommendForUser("u0", in, &recs).isOk());
  CHECK(ids(m, recs) == std::vector<std::string>{"c"});
  CHECK(m.recommendForUser("nobody", in, &recs).code() == ErrorCode::UnknownId);
  in.request.restrictToCandidates = true;
  in.candidates = {"zzz"};
  CHECK(m.recommendForUser("u0", in, &recs).code() == ErrorCode::UnknownId);
  in.candidates = {"a", "c"};
  in.excludeSeen = false;
  REQUIRE(m.recommendForUser("u0", in, &recs).isOk());
  CHECK(recs.size() == 2);
  in.request.k = 0;
  CHECK(m.recommendForUser("u0", in, &recs).code() == ErrorCode::Arg);
}

TEST_CASE("user-kNN prediction on the model path equals the teaching formula", "[userknn]") {
  Interactions log;
  std::vector<E> ev = {{"u0", "a", EventType::Rating, 5}, {"u0", "b", EventType::Rating, 3},
                       {"u1", "a", EventType::Rating, 4}, {"u1", "b", EventType::Rating, 2},
                       {"u1", "c", EventType::Rating, 4}, {"u3", "a", EventType::Rating, 3},
                       {"u3", "e", EventType::Rating, 2}, {"u4", "b", EventType::Rating, 5},
                       {"u4", "c", EventType::Rating, 1}, {"u4", "e", EventType::Rating, 2}};
  REQUIRE(log.addBatch(batch(ev)).isOk());
  Model m;
  REQUIRE(Model::train(log, nullptr, config("userknn", {{"neighbors", 3}}), {}, &m).isOk());
  const double w1 = 26 / (6 * std::sqrt(34.0)), w4 = 15 / (std::sqrt(30.0) * std::sqrt(34.0));
  double pred;
  REQUIRE(m.predictForUser("u0", "c", &pred).isOk());
  CHECK(pred == Approx((4 * w1 + w4) / (w1 + w4)));
  CHECK(m.predictForUser("u0", "nope", &pred).code() == ErrorCode::UnknownId);
}

TEST_CASE("popularity ranks by count; content ranks by tags; new profiles get popular items", "[model][content]") {
  Catalog cat;
  std::vector<VideoInput> v = {{"c1", {"cooking"}, "alice", 30, {}},
                               {"c2", {"cooking", "asmr"}, "alice", 30, {}},
                               {"t1", {"travel"}, "bob", 30, {}},
                               {"t2", {"travel", "food"}, "carol", 30, {}},
                               {"m1", {"music"}, "dan", 30, {}}};
  REQUIRE(cat.addMany(v).isOk());
  Interactions log;
  REQUIRE(
      log.addBatch(batch({{"u", "m1", EventType::Like}, {"w", "m1", EventType::Like}, {"w", "t1", EventType::Like}}))
          .isOk());
  Model pop, content;
  REQUIRE(Model::train(log, &cat, config("popularity"), {}, &pop).isOk());
  REQUIRE(Model::train(log, &cat, config("content"), {}, &content).isOk());
  Profile fresh;
  RankInput in;
  in.request.k = 2;
  std::vector<Recommendation> recs;
  REQUIRE(pop.recommendForProfile(fresh, in, &recs).isOk());
  CHECK(ids(pop, recs) == std::vector<std::string>{"m1", "t1"});
  REQUIRE(content.recommendForProfile(fresh, in, &recs).isOk());
  CHECK(ids(content, recs)[0] == "m1");  // empty profile: the popularity prior decides

  Profile cook;
  REQUIRE(cook.recordBatch(batch({{"", "c1", EventType::Like}}), &cat, {}).isOk());
  REQUIRE(content.recommendForProfile(cook, in, &recs).isOk());
  CHECK(ids(content, recs)[0] == "c2");
  REQUIRE(recs[0].reasons.size() >= 1);
  CHECK(recs[0].reasons[0].kind == ReasonKind::Tag);
  CHECK(content.side().catalog.tags().name(recs[0].reasons[0].ref) == "cooking");
}

TEST_CASE("diversity and the creator cap spread the feed", "[rank]") {
  Catalog cat;
  std::vector<VideoInput> v;
  for (int i = 0; i < 6; ++i) v.push_back({"cook" + std::to_string(i), {"cooking"}, "alice", 30, {}});
  for (int i = 0; i < 3; ++i) v.push_back({"trip" + std::to_string(i), {"travel", "cooking"}, "bob", 30, {}});
  REQUIRE(cat.addMany(v).isOk());
  Interactions log;
  Model m;
  TrainConfig c = config("content");
  REQUIRE(Model::train(log, &cat, c, {}, &m).isOk());
  Profile me;
  REQUIRE(me.recordBatch(batch({{"", "cook0", EventType::Like}}), &cat, {}).isOk());
  RankInput in;
  in.request.k = 4;
  std::vector<Recommendation> recs;
  REQUIRE(m.recommendForProfile(me, in, &recs).isOk());
  auto top = ids(m, recs);
  CHECK(std::count_if(top.begin(), top.end(), [](const std::string& s) { return s.rfind("cook", 0) == 0; }) == 4);
  in.request.maxPerCreator = 2;
  REQUIRE(m.recommendForProfile(me, in, &recs).isOk());
  top = ids(m, recs);
  CHECK(std::count_if(top.begin(), top.end(), [](const std::string& s) { return s.rfind("trip", 0) == 0; }) == 2);
  in.request.maxPerCreator = 0;
  in.request.diversity = 0.9;
  REQUIRE(m.recommendForProfile(me, in, &recs).isOk());
  top = ids(m, recs);
  CHECK(std::count_if(top.begin(), top.end(), [](const std::string& s) { return s.rfind("trip", 0) == 0; }) >= 1);
}

TEST_CASE("model save/load gives identical recommendations; damaged bytes are refused", "[model][io]") {
  for (const char* algorithm : {"popularity", "itemknn", "userknn"}) {
    Model m;
    REQUIRE(Model::train(tinyLog(), nullptr, config(algorithm), {}, &m).isOk());
    std::vector<uint8_t> bytes;
    REQUIRE(m.save(true, &bytes).isOk());
    Model back;
    REQUIRE(Model::load(bytes.data(), bytes.size(), &back).isOk());
    std::vector<uint8_t> again;
    REQUIRE(back.save(true, &again).isOk());
    CHECK(again == bytes);
    Profile me;
    REQUIRE(me.recordBatch(batch({{"", "a", EventType::Like}}), nullptr, {}).isOk());
    std::vector<Recommendation> r1, r2;
    RankInput in;
    REQUIRE(m.recommendForProfile(me, in, &r1).isOk());
    REQUIRE(back.recommendForProfile(me, in, &r2).isOk());
    REQUIRE(r1.size() == r2.size());
    for (std::size_t i = 0; i < r1.size(); ++i) {
      CHECK(r1[i].item == r2[i].item);
      CHECK(r1[i].score == r2[i].score);
    }
    for (std::size_t at : {std::size_t(5), bytes.size() / 2, bytes.size() - 2}) {
      auto bad = bytes;
      bad[at] ^= 0xFF;
      Model untouched;
      CHECK_FALSE(Model::load(bad.data(), bad.size(), &untouched).isOk());
    }
  }
  Model uk;
  REQUIRE(Model::train(tinyLog(), nullptr, config("userknn"), {}, &uk).isOk());
  std::vector<uint8_t> bytes;
  CHECK(uk.save(false, &bytes).code() == ErrorCode::Arg);
  Model ik;
  REQUIRE(Model::train(tinyLog(), nullptr, config("itemknn"), {}, &ik).isOk());
  REQUIRE(ik.save(false, &bytes).isOk());
  Model shipped;
  REQUIRE(Model::load(bytes.data(), bytes.size(), &shipped).isOk());
  RankInput in;
  std::vector<Recommendation> recs;
  CHECK(shipped.recommendForUser("u0", in, &recs).code() == ErrorCode::UnknownId);
}

TEST_CASE("training rejects bad options and empty inputs", "[model]") {
  Model m;
  CHECK(Model::train(tinyLog(), nullptr, config("nope"), {}, &m).code() == ErrorCode::Arg);
  CHECK(Model::train(tinyLog(), nullptr, config("itemknn", {{"neighbours", 5}}), {}, &m).code() == ErrorCode::Arg);
  CHECK(Model::train(tinyLog(), nullptr, config("itemknn", {{"neighbors", 0}}), {}, &m).code() == ErrorCode::Arg);
  CHECK(Model::train(tinyLog(), nullptr, config("itemknn", {{"shrink", NAN}}), {}, &m).code() == ErrorCode::Arg);
  CHECK(Model::train(Interactions{}, nullptr, config("itemknn"), {}, &m).code() == ErrorCode::Empty);
  CHECK(Model::train(tinyLog(), nullptr, config("content"), {}, &m).code() == ErrorCode::Arg);
  int calls = 0;
  CHECK(Model::train(
            tinyLog(), nullptr, config("itemknn"),
            [&](const Progress&) {
              ++calls;
              return false;
            },
            &m)
            .code() == ErrorCode::Cancelled);
  CHECK(calls == 1);
}
