// The slist model: its closed form checked against the optimality conditions
// on matrices written out by hand, alpha = 1 against EASE, and its reading of
// the person's order.
#include <Eigen/Dense>
#include <catch2/catch.hpp>

#include "models/ease.hpp"
#include "models/model.hpp"
#include "models/slist.hpp"
#include "test_helpers.hpp"

using namespace reelrank;
using reelrank::testing::batch;
using reelrank::testing::E;

namespace {

// u1 watches a, b, c in that order; u2 a, c.
Interactions twoSequences() {
  Interactions log;
  REQUIRE(log.addBatch(batch({{"u1", "a", EventType::Like, 0, 0, 1},
                              {"u1", "b", EventType::Like, 0, 0, 2},
                              {"u1", "c", EventType::Like, 0, 0, 3},
                              {"u2", "a", EventType::Like, 0, 0, 1},
                              {"u2", "c", EventType::Like, 0, 0, 2}}))
              .isOk());
  return log;
}

Model train(const char* algorithm, Options o, const Interactions& log) {
  TrainConfig c;
  c.algorithm = algorithm;
  c.options = std::move(o);
  c.policy.halfLifeDays = 0;
  Model m;
  REQUIRE(Model::train(log, nullptr, c, {}, &m).isOk());
  return m;
}

int32_t idx(const Model& m, const char* id) { return m.side().catalog.items().find(id); }

}  // namespace

TEST_CASE("slist: B satisfies the optimality conditions of its objective, by hand", "[slist]") {
  const Model m = train("slist", {{"lambda", 1}, {"alpha", 0.5}, {"window", 2}, {"decay", 0.5}}, twoSequences());
  const auto& s = dynamic_cast<const SlistModel&>(m.algorithm());
  const int32_t a = idx(m, "a"), b = idx(m, "b"), c = idx(m, "c");
  REQUIRE((a == 0 && b == 1 && c == 2));
  // XᵀX over {a,b,c} and {a,c}.
  Eigen::Matrix3d xtx;
  xtx << 2, 1, 2, 1, 1, 1, 2, 1, 2;
  // Steps: (a) -> b; (b, a x 0.5) -> c; (a) -> c.
  Eigen::Matrix3d sts;
  sts << 1 + 0.25 + 1, 0.5, 0, 0.5, 1, 0, 0, 0, 0;
  Eigen::Matrix3d stt;
  stt << 0, 1, 0.5 + 1, 0, 0, 1, 0, 0, 0;
  const Eigen::Matrix3d lhs = 0.5 * xtx + 0.5 * sts + Eigen::Matrix3d::Identity();
  const Eigen::Matrix3d rhs = 0.5 * xtx + 0.5 * stt;
  Eigen::Matrix3d bm;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) bm(i, j) = s.weight(i, j);
  // diag(B) = 0, and the gradient vanishes off the diagonal: (A B - R)_ij = 0 for i != j.
  const Eigen::Matrix3d g = lhs * bm - rhs;
  for (int i = 0; i < 3; ++i) {
    CHECK(bm(i, i) == 0.0);
    for (int j = 0; j < 3; ++j)
      if (i != j) CHECK(std::abs(g(i, j)) < 1e-5);
  }
  // What comes next: after b, c; after a, b and c both, c more (it follows a twice).
  CHECK(s.weight(b, c) > 0);
  CHECK(s.weight(a, c) > s.weight(a, b));
}

TEST_CASE("slist with alpha = 1 is EASE on 0/1 data", "[slist]") {
  const Interactions log = twoSequences();
  const Model sl = train("slist", {{"lambda", 3}, {"alpha", 1}}, log);
  const Model ease = train("ease", {{"lambda", 3}, {"binary", 1}}, log);
  const auto& s = dynamic_cast<const SlistModel&>(sl.algorithm());
  const auto& e = dynamic_cast<const EaseModel&>(ease.algorithm());
  for (int32_t i = 0; i < 3; ++i)
    for (int32_t j = 0; j < 3; ++j) CHECK(s.weight(i, j) == Approx(e.weight(i, j)).margin(1e-6));
}

TEST_CASE("slist reads the person's order; a skip pushes down what it predicts; save and load", "[slist]") {
  // Chains: after p comes q, after r comes t.
  std::vector<E> ev;
  for (int u = 0; u < 6; ++u) {
    const std::string id = "u" + std::to_string(u);
    const double t0 = u * 10;
    if (u % 2) {
      ev.push_back({id, "p", EventType::Like, 0, 0, t0});
      ev.push_back({id, "q", EventType::Like, 0, 0, t0 + 1});
    } else {
      ev.push_back({id, "r", EventType::Like, 0, 0, t0});
      ev.push_back({id, "t", EventType::Like, 0, 0, t0 + 1});
    }
  }
  Interactions log;
  REQUIRE(log.addBatch(batch(ev)).isOk());
  const Model m = train("slist", {{"lambda", 1}, {"alpha", 0.2}}, log);
  auto scored = [&](const Model& model, const std::vector<std::pair<const char*, EventType>>& events) {
    Profile p;
    std::vector<E> pe;
    double t = 100;
    for (const auto& [item, type] : events)
      pe.push_back({"", item, type, type == EventType::Skip ? 1.0 : 0.0, 10, t++});
    REQUIRE(p.recordBatch(batch(pe), nullptr, {}).isOk());
    std::vector<float> s(model.itemCount(), 0.0f);
    model.algorithm().score(model.side(), model.queryForProfile(p, nullptr), s);
    return s;
  };
  const auto at = [&](const std::vector<float>& s, const char* id) { return s[static_cast<std::size_t>(idx(m, id))]; };
  // p watched long ago, r just now: t leads q.
  const auto s1 = scored(m, {{"p", EventType::Like}, {"r", EventType::Like}});
  CHECK(at(s1, "t") > at(s1, "q"));
  const auto s2 = scored(m, {{"r", EventType::Like}, {"p", EventType::Like}});
  CHECK(at(s2, "q") > at(s2, "t"));
  // Skipping p pushes q below zero.
  CHECK(at(scored(m, {{"p", EventType::Skip}}), "q") < 0);
  // The reason is the recent event behind the result.
  Profile p;
  REQUIRE(p.recordBatch(batch({{"", "r", EventType::Like, 0, 0, 100}}), nullptr, {}).isOk());
  Reason why{};
  REQUIRE(m.algorithm().explain(m.side(), m.queryForProfile(p, nullptr), idx(m, "t"), &why));
  CHECK(why.kind == ReasonKind::Recent);
  CHECK(why.ref == idx(m, "r"));
  std::vector<uint8_t> bytes;
  REQUIRE(m.save(false, &bytes).isOk());
  Model back;
  REQUIRE(Model::load(bytes.data(), bytes.size(), &back).isOk());
  CHECK(scored(back, {{"p", EventType::Like}, {"r", EventType::Like}}) == s1);
}

TEST_CASE("slist: more items than its limit is E_MEMORY before allocating", "[slist]") {
  std::vector<E> ev;
  for (int i = 0; i <= SlistModel::kMaxItems; ++i)
    ev.push_back({"u" + std::to_string(i % 7), "i" + std::to_string(i), EventType::Like, 0, 0, double(i)});
  Interactions log;
  REQUIRE(log.addBatch(batch(ev)).isOk());
  TrainConfig c;
  c.algorithm = "slist";
  c.options = {{"maxItems", SlistModel::kMaxItems + 1}};
  Model m;
  const Status s = Model::train(log, nullptr, c, {}, &m);
  CHECK(s.code() == ErrorCode::Memory);
  CHECK_THAT(s.message(), Catch::Contains("maxItems"));
}
