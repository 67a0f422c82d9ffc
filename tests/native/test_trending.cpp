// The trending model against hand-computed decayed counts, and its
// checkpoints against a brute-force count at many moments.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "models/model.hpp"
#include "models/trending.hpp"
#include "test_helpers.hpp"

using namespace reelrank;
using reelrank::testing::batch;
using reelrank::testing::E;

namespace {

constexpr double kHour = 3600;

Model trained(const std::vector<E>& events, double halfLifeHours) {
  Interactions log;
  REQUIRE(log.addBatch(batch(events)).isOk());
  TrainConfig c;
  c.algorithm = "trending";
  c.options = {{"halfLifeHours", halfLifeHours}};
  c.policy.halfLifeDays = 0;
  Model m;
  REQUIRE(Model::train(log, nullptr, c, {}, &m).isOk());
  return m;
}

std::vector<float> scoresAt(const Model& m, double t) {
  Profile p;
  if (std::isfinite(t))
    REQUIRE(p.recordBatch(batch({{"", "elsewhere", EventType::Like, 0, 0, t}}), nullptr, {}).isOk());
  std::vector<float> s(m.itemCount(), 0.0f);
  m.algorithm().score(m.side(), m.queryForProfile(p, nullptr), s);
  return s;
}

int32_t idx(const Model& m, const char* id) { return m.side().catalog.items().find(id); }

}  // namespace

TEST_CASE("trending: decayed counts at the person's moment, nothing later counted", "[trending]") {
  // a at 0 h and 2 h, b at 1 h, c at 10 h; a skip of c at 3 h counts nothing.
  const Model m = trained({{"u1", "a", EventType::Like, 0, 0, 0},
                           {"u2", "b", EventType::Like, 0, 0, 1 * kHour},
                           {"u3", "a", EventType::Like, 0, 0, 2 * kHour},
                           {"u4", "c", EventType::Skip, 1, 10, 3 * kHour},
                           {"u4", "c", EventType::Like, 0, 0, 10 * kHour}},
                          1.0);
  const auto& t = dynamic_cast<const TrendingModel&>(m.algorithm());
  const int32_t a = idx(m, "a"), b = idx(m, "b"), c = idx(m, "c");
  // At 2 h: a = 2^-2 + 1, b = 2^-1, c = 0 (its like comes later).
  auto at2 = t.decayedCounts(2 * kHour, m.itemCount());
  CHECK(at2[static_cast<std::size_t>(a)] == Approx(1.25));
  CHECK(at2[static_cast<std::size_t>(b)] == Approx(0.5));
  CHECK(at2[static_cast<std::size_t>(c)] == 0.0);
  const auto s2 = scoresAt(m, 2 * kHour);
  CHECK(s2[static_cast<std::size_t>(a)] == Approx(1.0));
  CHECK(s2[static_cast<std::size_t>(b)] == Approx(std::log1p(0.5) / std::log1p(1.25)));
  CHECK(s2[static_cast<std::size_t>(c)] == 0.0f);
  // At 10 h c is the trend: 1 against a = 2^-10 + 2^-8.
  const auto s10 = scoresAt(m, 10 * kHour);
  CHECK(s10[static_cast<std::size_t>(c)] == Approx(1.0));
  CHECK(s10[static_cast<std::size_t>(a)] == Approx(std::log1p(std::exp2(-10) + std::exp2(-8)) / std::log1p(1.0)));
  // Before the log: nothing trends.
  for (float x : scoresAt(m, -kHour)) CHECK(x == 0.0f);
  // No events (an empty profile), or a moment long after the log (a model
  // shipped last year, with a 1-hour half-life): the end of the log.
  CHECK(scoresAt(m, NAN) == s10);
  CHECK(scoresAt(m, 10 * kHour + 3 * 365 * 24 * kHour) == s10);
  // The reason is the popularity part, and the model saves and loads the same.
  Reason why{};
  Profile p;
  REQUIRE(p.recordBatch(batch({{"", "x", EventType::Like, 0, 0, 2 * kHour}}), nullptr, {}).isOk());
  REQUIRE(m.algorithm().explain(m.side(), m.queryForProfile(p, nullptr), a, &why));
  CHECK(why.kind == ReasonKind::Popular);
  std::vector<uint8_t> bytes;
  REQUIRE(m.save(false, &bytes).isOk());
  Model back;
  REQUIRE(Model::load(bytes.data(), bytes.size(), &back).isOk());
  CHECK(scoresAt(back, 2 * kHour) == s2);
}

TEST_CASE("trending: checkpoints give the brute-force counts at any moment", "[trending]") {
  std::mt19937 rng(7);
  std::vector<E> events;
  std::vector<std::pair<double, int>> truth;
  for (int k = 0; k < 1500; ++k) {
    const int item = static_cast<int>(rng() % 23);
    const double when = static_cast<double>(rng() % 200000);
    events.push_back({"u" + std::to_string(k % 50), "i" + std::to_string(item), EventType::Like, 0, 0, when});
    truth.emplace_back(when, item);
  }
  const double halfLife = 6.0;
  const Model m = trained(events, halfLife);
  const auto& t = dynamic_cast<const TrendingModel&>(m.algorithm());
  for (double moment : {-1.0, 0.0, 517.0, 50000.5, 123456.0, 199999.0, 300000.0}) {
    const auto counts = t.decayedCounts(moment, m.itemCount());
    std::vector<double> brute(m.itemCount(), 0.0);
    for (const auto& [when, item] : truth)
      if (when <= moment)
        brute[static_cast<std::size_t>(idx(m, ("i" + std::to_string(item)).c_str()))] +=
            std::exp2(-(moment - when) / (halfLife * kHour));
    for (std::size_t j = 0; j < brute.size(); ++j) CHECK(counts[j] == Approx(brute[j]).epsilon(1e-5).margin(1e-9));
  }
}

TEST_CASE("trending: a log with no positive event is E_EMPTY; a damaged section E_CORRUPT", "[trending]") {
  Interactions log;
  REQUIRE(log.addBatch(batch({{"u1", "a", EventType::Skip, 1, 10, 5}})).isOk());
  TrainConfig c;
  c.algorithm = "trending";
  Model m;
  CHECK(Model::train(log, nullptr, c, {}, &m).code() == ErrorCode::Empty);
  c.options = {{"halfLifeHours", 0}};
  CHECK(Model::train(log, nullptr, c, {}, &m).code() == ErrorCode::Arg);
}
