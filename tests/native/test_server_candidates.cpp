// Re-ranking a server's page of candidates (RankInput::candidateScores), with
// a popularity model so every score can be worked out by hand:
// popularity = log1p(count) / log1p(max count).
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "models/model.hpp"
#include "test_helpers.hpp"

using namespace reelrank;
using reelrank::testing::batch;
using reelrank::testing::E;

namespace {

// a is watched 3 times, b twice, c once: popularity 1, ln 3 / ln 4, ln 2 / ln 4.
Model popularityModel() {
  Interactions log;
  REQUIRE(log.addBatch(batch({{"u1", "a", EventType::Like, 0, 0, 1},
                              {"u2", "a", EventType::Like, 0, 0, 2},
                              {"u3", "a", EventType::Like, 0, 0, 3},
                              {"u1", "b", EventType::Like, 0, 0, 4},
                              {"u2", "b", EventType::Like, 0, 0, 5},
                              {"u1", "c", EventType::Like, 0, 0, 6}}))
              .isOk());
  TrainConfig c;
  c.algorithm = "popularity";
  c.policy.halfLifeDays = 0;
  Model m;
  REQUIRE(Model::train(log, nullptr, c, {}, &m).isOk());
  return m;
}

const float kPopB = static_cast<float>(std::log(3.0) / std::log(4.0));
const float kPopC = 0.5f;

RankInput page(std::vector<std::string> ids, std::vector<double> scores, float weight = 1.0f) {
  RankInput in;
  in.request.k = 10;
  in.request.restrictToCandidates = true;
  in.request.serverWeight = weight;
  in.candidates = std::move(ids);
  in.candidateScores = std::move(scores);
  return in;
}

std::string idOf(const Model& m, const RankInput& in, const Recommendation& r) {
  return r.item >= 0 ? m.side().catalog.items().name(r.item) : in.pageIds()[serverOnlyCandidate(r.item)];
}

std::vector<std::string> ids(const Model& m, const RankInput& in, const std::vector<Recommendation>& recs) {
  std::vector<std::string> out;
  for (const auto& r : recs) out.push_back(idOf(m, in, r));
  return out;
}

}  // namespace

TEST_CASE("server candidates: scaled server scores blended in, unknown ones kept by their server part",
          "[rank][server]") {
  const Model m = popularityModel();
  Profile me;
  // Scaled over the page: c 10 -> 1, b 0 -> 0, x 5 -> 0.5 (x is not a model item).
  RankInput in = page({"c", "b", "x"}, {10, 0, 5});
  std::vector<Recommendation> recs;
  REQUIRE(m.recommendForProfile(me, in, &recs).isOk());
  REQUIRE(ids(m, in, recs) == std::vector<std::string>{"c", "b", "x"});
  CHECK(recs[0].score == Approx(kPopC + 1.0f));
  CHECK(recs[1].score == Approx(kPopB));
  CHECK(recs[2].score == Approx(0.5f));
  // The reasons name the server's part with its weight.
  bool serverReason = false;
  for (const Reason& why : recs[0].reasons)
    serverReason |= why.kind == ReasonKind::Server && why.weight == Approx(1.0f);
  CHECK(serverReason);
  REQUIRE(recs[2].reasons.size() == 1);
  CHECK(recs[2].reasons[0].kind == ReasonKind::Server);

  SECTION("the weight moves the order: 3 puts x above b, 0 leaves popularity alone") {
    RankInput heavy = page({"c", "b", "x"}, {10, 0, 5}, 3.0f);
    REQUIRE(m.recommendForProfile(me, heavy, &recs).isOk());
    CHECK(ids(m, heavy, recs) == std::vector<std::string>{"c", "x", "b"});
    CHECK(recs[0].score == Approx(kPopC + 3.0f));
    CHECK(recs[1].score == Approx(1.5f));
    RankInput off = page({"c", "b", "x"}, {10, 0, 5}, 0.0f);
    REQUIRE(m.recommendForProfile(me, off, &recs).isOk());
    CHECK(ids(m, off, recs) == std::vector<std::string>{"b", "c", "x"});
    CHECK(recs[2].score == 0.0f);
  }
  SECTION("k cuts the merged list") {
    in.request.k = 2;
    REQUIRE(m.recommendForProfile(me, in, &recs).isOk());
    CHECK(ids(m, in, recs) == std::vector<std::string>{"c", "b"});
  }
  SECTION("a page of equal scores carries no order: every candidate gets 1") {
    RankInput flat = page({"c", "b", "x"}, {7, 7, 7});
    REQUIRE(m.recommendForProfile(me, flat, &recs).isOk());
    CHECK(ids(m, flat, recs) == std::vector<std::string>{"b", "c", "x"});
    CHECK(recs[0].score == Approx(kPopB + 1.0f));
    CHECK(recs[2].score == Approx(1.0f));
  }
  SECTION("for a training user too") {
    REQUIRE(m.recommendForUser("u3", in, &recs).isOk());
    // u3 saw a only; a is not on the page.
    CHECK(ids(m, in, recs) == std::vector<std::string>{"c", "b", "x"});
  }
}

TEST_CASE("server candidates the person saw, excluded or blocked stay out, known or not", "[rank][server]") {
  const Model m = popularityModel();
  Profile me;
  REQUIRE(
      me.recordBatch(batch({{"", "x", EventType::Like, 0, 0, 10}, {"", "b", EventType::Like, 0, 0, 11}}), nullptr, {})
          .isOk());
  RankInput in = page({"c", "b", "x", "y", "z"}, {10, 0, 5, 4, 3});
  std::vector<Recommendation> recs;
  REQUIRE(m.recommendForProfile(me, in, &recs).isOk());
  CHECK(ids(m, in, recs) == std::vector<std::string>{"c", "y", "z"});
  in.exclude = {"y"};
  REQUIRE(me.block("z", "").isOk());
  REQUIRE(m.recommendForProfile(me, in, &recs).isOk());
  CHECK(ids(m, in, recs) == std::vector<std::string>{"c"});
  in.excludeSeen = false;
  in.exclude.clear();
  REQUIRE(m.recommendForProfile(me, in, &recs).isOk());
  CHECK(ids(m, in, recs) == std::vector<std::string>{"c", "b", "x", "y"});
}

TEST_CASE("server candidates: bad pages are E_ARG and leave the result alone", "[rank][server]") {
  const Model m = popularityModel();
  Profile me;
  std::vector<Recommendation> recs(1, Recommendation{0, 42.0f, {}});
  auto failsWith = [&](RankInput in, ErrorCode code, const char* words) {
    const Status s = m.recommendForProfile(me, in, &recs);
    CHECK(s.code() == code);
    CHECK_THAT(s.message(), Catch::Contains(words));
    REQUIRE(recs.size() == 1);
    CHECK(recs[0].score == 42.0f);
  };
  failsWith(page({"c", "c"}, {1, 2}), ErrorCode::Arg, "given twice");
  failsWith(page({"c", "b"}, {1, std::numeric_limits<double>::quiet_NaN()}), ErrorCode::Arg, "candidates[1].score");
  failsWith(page({"c"}, {1}, 101.0f), ErrorCode::Arg, "serverWeight");
  failsWith(page({"c"}, {1}, -1.0f), ErrorCode::Arg, "serverWeight");
  // Without scores an unknown candidate is still an error, as before.
  failsWith(page({"c", "x"}, {}), ErrorCode::UnknownId, "candidate 'x'");
  // At the weight's limit it works.
  REQUIRE(m.recommendForProfile(me, page({"c"}, {1}, 100.0f), &recs).isOk());
  CHECK(recs[0].score == Approx(kPopC + 100.0f));
}

TEST_CASE("a page resolved once ranks as the same candidates sent with the call; it belongs to its model",
          "[rank][server]") {
  const Model m = popularityModel();
  Profile me;
  ServerPage resolved;
  REQUIRE(m.resolvePage({"c", "b", "x"}, {10, 0, 5}, &resolved).isOk());
  CHECK(resolved.items[2] == -1);
  CHECK(resolved.position.at(m.side().catalog.items().find("b")) == 1);
  RankInput viaPage;
  viaPage.request.k = 10;
  viaPage.page = &resolved;
  std::vector<Recommendation> a, b;
  REQUIRE(m.recommendForProfile(me, viaPage, &a).isOk());
  RankInput sent = page({"c", "b", "x"}, {10, 0, 5});
  REQUIRE(m.recommendForProfile(me, sent, &b).isOk());
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].item == b[i].item);
    CHECK(a[i].score == b[i].score);
  }
  CHECK(ids(m, viaPage, a) == std::vector<std::string>{"c", "b", "x"});
  // Repeats and non-finite scores are refused when the page is made.
  ServerPage bad;
  CHECK(m.resolvePage({"c", "c"}, {1, 2}, &bad).code() == ErrorCode::Arg);
  CHECK(m.resolvePage({"c"}, {std::numeric_limits<double>::infinity()}, &bad).code() == ErrorCode::Arg);
  // Another model (even trained on the same log) refuses it.
  const Model other = popularityModel();
  const Status s = other.recommendForProfile(me, viaPage, &a);
  CHECK(s.code() == ErrorCode::Arg);
  CHECK_THAT(s.message(), Catch::Contains("another model"));
}
