// The transitions model against hand-computed numbers.
#include <catch2/catch.hpp>

#include "models/model.hpp"
#include "models/transitions.hpp"
#include "test_helpers.hpp"

using namespace reelrank;
using reelrank::testing::batch;
using reelrank::testing::E;

namespace {

// u1 watches a, b, c in that order; u2 a, b; u3 a, c (likes, one second apart).
Interactions chains() {
  Interactions log;
  REQUIRE(log.addBatch(batch({{"u1", "a", EventType::Like, 0, 0, 1},
                              {"u1", "b", EventType::Like, 0, 0, 2},
                              {"u1", "c", EventType::Like, 0, 0, 3},
                              {"u2", "a", EventType::Like, 0, 0, 1},
                              {"u2", "b", EventType::Like, 0, 0, 2},
                              {"u3", "c", EventType::Like, 0, 0, 2},
                              {"u3", "a", EventType::Like, 0, 0, 1}}))
              .isOk());
  return log;
}

Model trained(Options o) {
  TrainConfig c;
  c.algorithm = "transitions";
  c.options = std::move(o);
  c.policy.halfLifeDays = 0;
  Model m;
  REQUIRE(Model::train(chains(), nullptr, c, {}, &m).isOk());
  return m;
}

Profile watched(const std::vector<std::pair<std::string, EventType>>& events) {
  Profile p;
  std::vector<E> ev;
  double t = 100;
  for (const auto& [item, type] : events) ev.push_back({"", item, type, type == EventType::Skip ? 1.0 : 0.0, 10, t++});
  REQUIRE(p.recordBatch(batch(ev), nullptr, {}).isOk());
  return p;
}

std::vector<float> scores(const Model& m, const Profile& p) {
  std::vector<float> s(m.itemCount(), 0.0f);
  m.algorithm().score(m.side(), m.queryForProfile(p, nullptr), s);
  return s;
}

int32_t idx(const Model& m, const char* id) { return m.side().catalog.items().find(id); }

}  // namespace

TEST_CASE("transitions: next-item shares by hand, window 1 and 2", "[transitions]") {
  // window 1: a -> b twice, a -> c once (u3 watched a before c); b -> c once.
  const Model one = trained({{"window", 1}});
  const auto& t1 = dynamic_cast<const TransitionsModel&>(one.algorithm());
  CHECK(t1.transition(idx(one, "a"), idx(one, "b")) == Approx(2.0 / 3));
  CHECK(t1.transition(idx(one, "a"), idx(one, "c")) == Approx(1.0 / 3));
  CHECK(t1.transition(idx(one, "b"), idx(one, "c")) == Approx(1.0));
  CHECK(t1.transition(idx(one, "c"), idx(one, "a")) == 0.0f);
  // window 2 adds u1's a -> c at distance 2 (weight 1/2): a: b 2, c 1.5.
  const Model two = trained({{"window", 2}});
  const auto& t2 = dynamic_cast<const TransitionsModel&>(two.algorithm());
  CHECK(t2.transition(idx(two, "a"), idx(two, "b")) == Approx(2.0 / 3.5));
  CHECK(t2.transition(idx(two, "a"), idx(two, "c")) == Approx(1.5 / 3.5));
}

TEST_CASE("transitions: the recent order decides, decayed per step back; a skip pushes down what follows it",
          "[transitions]") {
  const Model m = trained({{"window", 1}, {"decay", 0.5}, {"skipWeight", 0.5}});
  // a then b (b most recent): c = 1 * T[b][c] + 0.5 * T[a][c] = 1 + 1/6; b = 0.5 * T[a][b] = 1/3.
  auto s = scores(m, watched({{"a", EventType::Like}, {"b", EventType::Like}}));
  CHECK(s[static_cast<std::size_t>(idx(m, "c"))] == Approx(1.0 + 0.5 / 3));
  CHECK(s[static_cast<std::size_t>(idx(m, "b"))] == Approx(0.5 * 2.0 / 3));
  // The same items the other way round: b then a: b = T[a][b] = 2/3, c = 1/3 + 0.5 * 1.
  s = scores(m, watched({{"b", EventType::Like}, {"a", EventType::Like}}));
  CHECK(s[static_cast<std::size_t>(idx(m, "b"))] == Approx(2.0 / 3));
  CHECK(s[static_cast<std::size_t>(idx(m, "c"))] == Approx(1.0 / 3 + 0.5));
  // a liked, then b skipped: c = -0.5 * T[b][c] + 0.5 * T[a][c] = -0.5 + 1/6.
  s = scores(m, watched({{"a", EventType::Like}, {"b", EventType::Skip}}));
  CHECK(s[static_cast<std::size_t>(idx(m, "c"))] == Approx(-0.5 + 0.5 / 3));
}

TEST_CASE("transitions: ranks what follows the last video, says which video, and survives save/load", "[transitions]") {
  const Model m = trained({{"window", 1}});
  const Profile p = watched({{"a", EventType::Like}, {"b", EventType::Like}});
  RankInput in;
  in.request.k = 1;
  in.request.explain = true;
  std::vector<Recommendation> recs;
  REQUIRE(m.recommendForProfile(p, in, &recs).isOk());
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].item == idx(m, "c"));
  bool becauseB = false;
  for (const Reason& r : recs[0].reasons) becauseB |= r.kind == ReasonKind::Recent && r.ref == idx(m, "b");
  CHECK(becauseB);
  std::vector<uint8_t> bytes, again;
  REQUIRE(m.save(true, &bytes).isOk());
  Model back;
  REQUIRE(Model::load(bytes.data(), bytes.size(), &back).isOk());
  REQUIRE(back.save(true, &again).isOk());
  CHECK(again == bytes);
  CHECK(scores(back, p) == scores(m, p));
}
