// Recency weighting of a person's items (the `recency` option): the query's
// weights by hand, a model that uses it, and its place in the snapshot.
#include <catch2/catch.hpp>
#include <cmath>

#include "models/model.hpp"
#include "test_helpers.hpp"

using namespace reelrank;
using reelrank::testing::batch;
using reelrank::testing::E;

namespace {

Interactions smallLog() {
  Interactions log;
  REQUIRE(log.addBatch(batch({{"u1", "a", EventType::Like, 0, 0, 1},
                              {"u1", "x", EventType::Like, 0, 0, 2},
                              {"u2", "b", EventType::Like, 0, 0, 1},
                              {"u2", "y", EventType::Like, 0, 0, 2},
                              {"u3", "c", EventType::Like, 0, 0, 1},
                              {"u3", "y", EventType::Like, 0, 0, 2}}))
              .isOk());
  return log;
}

Model itemknn(double recency) {
  TrainConfig c;
  c.algorithm = "itemknn";
  c.options = {{"shrink", 0}, {"recency", recency}};
  c.policy.halfLifeDays = 0;
  Model m;
  REQUIRE(Model::train(smallLog(), nullptr, c, {}, &m).isOk());
  return m;
}

float weightOf(const Query& q, int32_t item) {
  for (const auto& [i, w] : q.items)
    if (i == item) return w;
  return 0;
}

}  // namespace

TEST_CASE("recency: each event weighs 0.5^(later events / h), summed per item", "[recency]") {
  const Model m = itemknn(1);
  CHECK(m.algorithm().recency() == 1);
  Profile me;
  // a, then b, then a skip of c, then b again (a view at 3 of 10 s), oldest first.
  REQUIRE(me.recordBatch(batch({{"", "a", EventType::Like, 0, 0, 10},
                                {"", "b", EventType::Like, 0, 0, 11},
                                {"", "c", EventType::Skip, 1, 10, 12},
                                {"", "b", EventType::View, 3, 10, 13}}),
                         nullptr, {})
              .isOk());
  const WeightPolicy& pol = m.side().policy;
  const auto& ids = m.side().catalog.items();
  const Query q = m.queryForProfile(me, nullptr);
  const double like = pol.weight(EventType::Like, 0, 0), view = pol.weight(EventType::View, 3, 10),
               skip = pol.weight(EventType::Skip, 1, 10);
  CHECK(weightOf(q, ids.find("b")) == Approx(view + like * 0.25));
  CHECK(weightOf(q, ids.find("c")) == Approx(skip * 0.5));
  CHECK(weightOf(q, ids.find("a")) == Approx(like * 0.125));
  // Without recency the profile's own weights stand (a and b both liked, no decay).
  const Model plain = itemknn(0);
  const Query p = plain.queryForProfile(me, nullptr);
  CHECK(weightOf(p, ids.find("a")) == Approx(me.itemWeight(me.items().find("a"))));

  SECTION("it changes the feed: what was just watched leads") {
    // x follows a, y follows b and c; the latest event is b's view.
    Profile late;
    REQUIRE(late.recordBatch(batch({{"", "a", EventType::Like, 0, 0, 10}, {"", "b", EventType::Like, 0, 0, 11}}),
                             nullptr, {})
                .isOk());
    std::vector<float> s(m.itemCount(), 0.0f);
    m.algorithm().score(m.side(), m.queryForProfile(late, nullptr), s);
    CHECK(s[static_cast<std::size_t>(ids.find("y"))] > s[static_cast<std::size_t>(ids.find("x"))]);
    std::vector<float> flat(plain.itemCount(), 0.0f);
    plain.algorithm().score(plain.side(), plain.queryForProfile(late, nullptr), flat);
    // Without it x leads (its one neighbour a is its exact twin), so recency flipped the order.
    CHECK(flat[static_cast<std::size_t>(ids.find("x"))] > flat[static_cast<std::size_t>(ids.find("y"))]);
  }
  SECTION("saved and loaded with the model") {
    std::vector<uint8_t> bytes;
    REQUIRE(m.save(false, &bytes).isOk());
    Model back;
    REQUIRE(Model::load(bytes.data(), bytes.size(), &back).isOk());
    CHECK(back.algorithm().recency() == 1);
    CHECK(weightOf(back.queryForProfile(me, nullptr), ids.find("c")) == Approx(skip * 0.5));
  }
}

TEST_CASE("recency is an option only of the algorithms that read a bag of items", "[recency]") {
  TrainConfig c;
  c.algorithm = "transitions";
  c.options = {{"recency", 2}};
  Model m;
  const Status s = Model::train(smallLog(), nullptr, c, {}, &m);
  CHECK(s.code() == ErrorCode::Arg);
  CHECK_THAT(s.message(), Catch::Contains("unknown option 'recency'"));
  c.algorithm = "itemknn";
  c.options = {{"recency", -1}};
  CHECK(Model::train(smallLog(), nullptr, c, {}, &m).code() == ErrorCode::Arg);
  c.options = {{"recency", kMaxRecency}};
  CHECK(Model::train(smallLog(), nullptr, c, {}, &m).isOk());
}
