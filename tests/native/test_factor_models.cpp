#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <random>

#include "io/npy_reader.hpp"
#include "models/ease.hpp"
#include "models/factor_model.hpp"
#include "models/fold_in.hpp"
#include "models/mf.hpp"
#include "models/model.hpp"
#include "test_helpers.hpp"

using namespace reelrank;
using reelrank::testing::batch;
using reelrank::testing::E;

namespace {

TrainConfig config(const std::string& algorithm, Options o = {}) {
  TrainConfig c;
  c.algorithm = algorithm;
  c.options = std::move(o);
  c.policy.halfLifeDays = 0;
  return c;
}

Interactions logOf(const std::vector<E>& events) {
  Interactions log;
  REQUIRE(log.addBatch(batch(events)).isOk());
  return log;
}

// A seeded random ratings log: `users` people each rating `per` of `items` items (values 1..5).
Interactions randomRatings(int users, int items, int per, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<E> ev;
  for (int u = 0; u < users; ++u) {
    std::vector<int> pool(static_cast<std::size_t>(items));
    for (int i = 0; i < items; ++i) pool[static_cast<std::size_t>(i)] = i;
    for (int k = 0; k < per; ++k) {
      const auto pick =
          static_cast<std::size_t>(k) + static_cast<std::size_t>(rng() % static_cast<uint64_t>(items - k));
      std::swap(pool[static_cast<std::size_t>(k)], pool[pick]);
      // Correlated values: odd people like odd items.
      const double v =
          1 + static_cast<double>((u + pool[static_cast<std::size_t>(k)]) % 2 ? 1 : 3) + static_cast<double>(rng() % 2);
      ev.push_back(
          {"u" + std::to_string(u), "i" + std::to_string(pool[static_cast<std::size_t>(k)]), EventType::Rating, v});
    }
  }
  return logOf(ev);
}

const FactorModel& factors(const Model& m) { return dynamic_cast<const FactorModel&>(m.algorithm()); }

std::vector<uint8_t> npy(uint8_t major, const std::string& dict, const std::vector<uint8_t>& data) {
  std::vector<uint8_t> out = {0x93, 'N', 'U', 'M', 'P', 'Y', major, 0};
  const std::size_t lenBytes = major == 1 ? 2 : 4;
  std::string header = dict;
  while ((8 + lenBytes + header.size() + 1) % 64 != 0) header.push_back(' ');
  header.push_back('\n');
  for (std::size_t b = 0; b < lenBytes; ++b) out.push_back(static_cast<uint8_t>(header.size() >> (8 * b)));
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

template <typename T>
std::vector<uint8_t> bytesOf(const std::vector<T>& v) {
  std::vector<uint8_t> b(v.size() * sizeof(T));
  std::memcpy(b.data(), v.data(), b.size());
  return b;
}

void sameRecommendations(const Model& a, const Model& b, const Profile& p) {
  std::vector<Recommendation> r1, r2;
  RankInput in;
  in.request.k = 5;
  REQUIRE(a.recommendForProfile(p, in, &r1).isOk());
  REQUIRE(b.recommendForProfile(p, in, &r2).isOk());
  REQUIRE(r1.size() == r2.size());
  for (std::size_t i = 0; i < r1.size(); ++i) {
    CHECK(r1[i].item == r2[i].item);
    CHECK(r1[i].score == r2[i].score);
  }
}

}  // namespace

TEST_CASE("ials recovers a rank-1 preference matrix", "[factors][ials]") {
  // Four people like the same three videos; two more videos exist (catalogue)
  // but nobody touched them. P = u vᵀ with u = (1,1,1,1), v = (1,1,1,0,0):
  // rank 1, so with a tiny penalty the weighted least-squares optimum is P itself.
  Catalog cat;
  REQUIRE(cat.addMany({{"a", {}, "", 0, {}},
                       {"b", {}, "", 0, {}},
                       {"c", {}, "", 0, {}},
                       {"d", {}, "", 0, {}},
                       {"e", {}, "", 0, {}}})
              .isOk());
  std::vector<E> ev;
  for (const char* u : {"u0", "u1", "u2", "u3"})
    for (const char* i : {"a", "b", "c"}) ev.push_back({u, i, EventType::Like});
  Model m;
  REQUIRE(
      Model::train(
          logOf(ev), &cat,
          config("ials", {{"factors", 2}, {"regularization", 1e-4}, {"alpha", 10}, {"iterations", 40}, {"cgSteps", 8}}),
          {}, &m)
          .isOk());
  const FactorParams& p = factors(m).params();
  for (int u = 0; u < 4; ++u)
    for (int i = 0; i < 5; ++i) {
      const float s = dotf(p.userFactors.data() + u * 2, p.itemFactors.data() + i * 2, 2);
      CHECK(s == Approx(i < 3 ? 1.0 : 0.0).margin(0.02));
    }
}

TEST_CASE("mf: the gradient matches finite differences and SGD lowers the objective", "[factors][mf]") {
  MfData d;
  d.users = 3;
  d.items = 3;
  d.user = {0, 0, 1, 2, 2};
  d.item = {0, 1, 1, 0, 2};
  d.value = {5, 3, 4, 1, 2};
  MfState s;
  s.dim = 2;
  s.mu = 3;
  s.bu = {0.1f, -0.2f, 0.3f};
  s.bi = {-0.1f, 0.2f, 0.05f};
  s.p = {0.3f, -0.1f, 0.2f, 0.4f, -0.3f, 0.1f};
  s.q = {0.1f, 0.2f, -0.4f, 0.3f, 0.25f, -0.15f};
  const MfHyper h{0.1, 0.05};
  MfState g;
  mfGradient(d, s, h, &g);
  // Central differences on every parameter (the objective is a polynomial
  // of degree 4, so a step of 1e-3 is accurate to ~1e-6 beyond float noise).
  auto check = [&](std::vector<float>& param, const std::vector<float>& grad) {
    for (std::size_t k = 0; k < param.size(); ++k) {
      const float keep = param[k], eps = 1e-3f;
      param[k] = keep + eps;
      const double up = mfObjective(d, s, h);
      param[k] = keep - eps;
      const double down = mfObjective(d, s, h);
      param[k] = keep;
      CHECK(grad[k] == Approx((up - down) / (2 * eps)).margin(2e-3));
    }
  };
  check(s.bu, g.bu);
  check(s.bi, g.bi);
  check(s.p, g.p);
  check(s.q, g.q);
  // One rating's step is a step against that rating's term of the gradient.
  const double before = mfObjective(d, s, h);
  for (int epoch = 0; epoch < 50; ++epoch)
    for (std::size_t k = 0; k < d.value.size(); ++k) mfStep(d, k, h, 0.02f, 0.02f, &s);
  CHECK(mfObjective(d, s, h) < 0.5 * before);
}

TEST_CASE("mf fits a ratings log, predicts on its scale, and reports a falling loss", "[factors][mf]") {
  std::vector<double> losses;
  Model m;
  REQUIRE(Model::train(
              randomRatings(30, 20, 10, 1), nullptr, config("mf", {{"factors", 8}, {"epochs", 60}}),
              [&](const Progress& p) {
                losses.push_back(p.loss);
                return true;
              },
              &m)
              .isOk());
  REQUIRE(losses.size() == 60);
  CHECK(std::isfinite(losses.back()));
  CHECK(losses.back() < losses.front());
  double se = 0;
  int n = 0;
  for (int u = 0; u < 30; ++u)
    for (SparseRows::InnerIterator it(m.side().userItems, u); it; ++it) {
      double v;
      REQUIRE(m.predictForUser("u" + std::to_string(u), m.side().catalog.items().name(it.index()), &v).isOk());
      CHECK(v >= 2.0);  // clamped to the training range [2, 5]
      CHECK(v <= 5.0);
      se += (v - it.value()) * (v - it.value());
      ++n;
    }
  CHECK(std::sqrt(se / n) < 0.6);  // the values are one bit of signal plus one bit of noise
}

TEST_CASE("explicit fold-in recovers a person's vector and bias", "[factors][foldin]") {
  // Items y_k and biases b_k; a person with x* = (0.5, -1), b* = 0.25 rates
  // r_k = mu + b_k + b* + x*.y_k exactly; with a tiny penalty the solve returns x*, b*.
  const std::vector<float> y = {1, 0, 0, 1, 1, 1, 2, -1, 0.5f, 0.5f};
  const std::vector<float> b = {0.1f, -0.2f, 0.0f, 0.3f, 0.05f};
  const double mu = 3.5;
  std::vector<std::pair<int32_t, float>> entries;
  for (int k = 0; k < 5; ++k)
    entries.emplace_back(
        k, static_cast<float>(mu + b[static_cast<std::size_t>(k)] + 0.25 + 0.5 * y[static_cast<std::size_t>(2 * k)] -
                              y[static_cast<std::size_t>(2 * k + 1)]));
  FoldInSystem s;
  foldInExplicit({y.data(), 5, 2}, b.data(), mu, entries, {1e-6, 1e-6, false}, &s);
  REQUIRE(s.ok);
  CHECK(s.x[0] == Approx(0.5).margin(1e-4));
  CHECK(s.x[1] == Approx(-1.0).margin(1e-4));
  CHECK(s.x[2] == Approx(0.25).margin(1e-4));
}

TEST_CASE("ials: a fold-in of a training person reproduces their trained vector", "[factors][ials][foldin]") {
  Model m;
  // Enough CG steps that every half-step is solved to float precision.
  REQUIRE(Model::train(randomRatings(25, 30, 8, 2), nullptr,
                       config("ials", {{"factors", 6}, {"regularization", 2}, {"iterations", 6}, {"cgSteps", 40}}), {},
                       &m)
              .isOk());
  const FactorModel& f = factors(m);
  const FactorParams& p = f.params();
  for (int32_t u = 0; u < 25; ++u) {
    Query q = m.queryForUserIndex(u);
    q.user = -1;  // solve it, do not look it up
    FoldInSystem s;
    f.solveFor(q, &s);
    REQUIRE(s.ok);
    for (int a = 0; a < 6; ++a)
      CHECK(s.x[a] == Approx(p.userFactors[static_cast<std::size_t>(u * 6 + a)]).margin(1e-4));
  }
}

TEST_CASE("ease on three items equals the hand-computed closed form", "[factors][ease]") {
  // X (binary): u0 likes a b; u1 a b c; u2 b c. XᵀX = [[2,2,1],[2,3,2],[1,2,2]];
  // with lambda = 1, G = XᵀX + I = [[3,2,1],[2,4,2],[1,2,3]], det G = 16 and
  // P = G⁻¹ = adj(G) / 16 = [[8,-4,0],[-4,8,-4],[0,-4,8]] / 16
  //         = [[.5,-.25,0],[-.25,.5,-.25],[0,-.25,.5]].
  // B_ij = -P_ij / P_jj:  B_ab = .25/.5 = .5, B_ac = 0, B_ba = .5, B_bc = .5,
  // B_ca = 0, B_cb = .5, diagonal 0.
  const std::vector<E> ev = {{"u0", "a", EventType::Like}, {"u0", "b", EventType::Like}, {"u1", "a", EventType::Like},
                             {"u1", "b", EventType::Like}, {"u1", "c", EventType::Like}, {"u2", "b", EventType::Like},
                             {"u2", "c", EventType::Like}};
  const float expected[3][3] = {{0, 0.5f, 0}, {0.5f, 0, 0.5f}, {0, 0.5f, 0}};
  // The same B from the weights (a like weighs 4, so XᵀX is 16 times larger
  // and lambda = 16 keeps the same P up to a factor that B cancels).
  for (const Options& o : {Options{{"lambda", 1}, {"binary", 1}}, Options{{"lambda", 16}}}) {
    Model m;
    REQUIRE(Model::train(logOf(ev), nullptr, config("ease", o), {}, &m).isOk());
    const auto& ease = dynamic_cast<const EaseModel&>(m.algorithm());
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) CHECK(ease.weight(i, j) == Approx(expected[i][j]).margin(1e-5));
    Profile me;
    REQUIRE(me.recordBatch(batch({{"", "a", EventType::Like}}), nullptr, {}).isOk());
    std::vector<Recommendation> recs;
    RankInput in;
    REQUIRE(m.recommendForProfile(me, in, &recs).isOk());
    REQUIRE(!recs.empty());
    CHECK(m.side().catalog.items().name(recs[0].item) == "b");
    REQUIRE(!recs[0].reasons.empty());
    CHECK(recs[0].reasons[0].kind == ReasonKind::Similar);
    CHECK(recs[0].reasons[0].ref == 0);  // because you liked a
  }
}

TEST_CASE("ease keeps the most-interacted items and refuses a matrix over its limit", "[factors][ease]") {
  const std::vector<E> ev = {{"u0", "a", EventType::Like}, {"u1", "a", EventType::Like}, {"u1", "b", EventType::Like},
                             {"u2", "b", EventType::Like}, {"u2", "a", EventType::Like}, {"u2", "c", EventType::Like}};
  Model m;
  REQUIRE(Model::train(logOf(ev), nullptr, config("ease", {{"maxItems", 2}}), {}, &m).isOk());
  const auto& ease = dynamic_cast<const EaseModel&>(m.algorithm());
  CHECK(ease.keptItems() == 2);
  CHECK(ease.weight(0, 2) == 0);  // c (one like) was left out

  std::vector<E> wide;
  for (int i = 0; i <= EaseModel::kMaxItems; ++i) wide.push_back({"u", "v" + std::to_string(i), EventType::Like});
  const Status s = Model::train(logOf(wide), nullptr, config("ease", {{"maxItems", 20000}}), {}, &m);
  CHECK(s.code() == ErrorCode::Memory);
  CHECK(s.message().find("10001 items") != std::string::npos);
  CHECK(s.message().find("limit is 10000") != std::string::npos);
}

TEST_CASE("factor models and ease are deterministic under a seed", "[factors]") {
  for (const char* algorithm : {"mf", "ials"}) {
    Model a, b, c;
    const Interactions log = randomRatings(20, 15, 6, 3);
    REQUIRE(Model::train(log, nullptr, config(algorithm, {{"factors", 4}, {"seed", 7}}), {}, &a).isOk());
    REQUIRE(Model::train(log, nullptr, config(algorithm, {{"factors", 4}, {"seed", 7}}), {}, &b).isOk());
    REQUIRE(Model::train(log, nullptr, config(algorithm, {{"factors", 4}, {"seed", 8}}), {}, &c).isOk());
    CHECK(factors(a).params().itemFactors == factors(b).params().itemFactors);
    CHECK(factors(a).params().userFactors == factors(b).params().userFactors);
    CHECK(factors(a).params().itemFactors != factors(c).params().itemFactors);
  }
}

TEST_CASE("save/load of mf, ials and ease gives identical recommendations", "[factors][io]") {
  const Interactions log = randomRatings(20, 15, 6, 4);
  Profile me;
  REQUIRE(me.recordBatch(batch({{"", "i1", EventType::Rating, 5},
                                {"", "i2", EventType::Rating, 2},
                                {"", "unknown-to-the-model", EventType::Like}}),
                         nullptr, {})
              .isOk());
  for (const char* algorithm : {"mf", "ials", "ease"}) {
    Model m;
    REQUIRE(Model::train(log, nullptr, config(algorithm, {}), {}, &m).isOk());
    for (bool users : {true, false}) {
      std::vector<uint8_t> bytes;
      REQUIRE(m.save(users, &bytes).isOk());
      Model back;
      REQUIRE(Model::load(bytes.data(), bytes.size(), &back).isOk());
      CHECK(back.algorithm().algorithm() == std::string(algorithm));
      sameRecommendations(m, back, me);
      if (users) {
        std::vector<Recommendation> r1, r2;
        RankInput in;
        REQUIRE(m.recommendForUser("u3", in, &r1).isOk());
        REQUIRE(back.recommendForUser("u3", in, &r2).isOk());
        REQUIRE(r1.size() == r2.size());
        for (std::size_t i = 0; i < r1.size(); ++i) CHECK(r1[i].score == r2[i].score);
        std::vector<uint8_t> again;
        REQUIRE(back.save(true, &again).isOk());
        CHECK(again == bytes);
      }
      for (std::size_t at : {bytes.size() / 3, bytes.size() - 8}) {
        auto bad = bytes;
        bad[at] ^= 0x5A;
        Model untouched;
        CHECK_FALSE(Model::load(bad.data(), bad.size(), &untouched).isOk());
      }
    }
  }
}

TEST_CASE("bad options are E_ARG; onProgress can cancel", "[factors]") {
  const Interactions log = randomRatings(10, 8, 4, 5);
  Model m;
  const std::vector<std::pair<const char*, Options>> bad = {
      {"mf", {{"factors", 0}}},
      {"mf", {{"regularization", -0.1}}},
      {"mf", {{"learningRate", NAN}}},
      {"mf", {{"factors", 2.5}}},
      {"mf", {{"epoch", 3}}},
      {"ials", {{"factors", 0}}},
      {"ials", {{"regularization", -1}}},
      {"ials", {{"alpha", NAN}}},
      {"ials", {{"cgSteps", 0}}},
      {"ease", {{"lambda", -1}}},
      {"ease", {{"lambda", 0}}},
      {"ease", {{"lambda", NAN}}},
      {"ease", {{"maxItems", 0}}},
      {"ease", {{"binary", 2}}},
  };
  for (const auto& [algorithm, o] : bad) {
    INFO(algorithm << " " << o.begin()->first);
    CHECK(Model::train(log, nullptr, config(algorithm, o), {}, &m).code() == ErrorCode::Arg);
  }
  for (const char* algorithm : {"mf", "ials", "ease"}) {
    int calls = 0;
    const Status s = Model::train(
        log, nullptr, config(algorithm), [&](const Progress&) { return ++calls < 2; }, &m);
    CHECK(s.code() == ErrorCode::Cancelled);
    CHECK(calls == 2);
    CHECK(Model::train(Interactions{}, nullptr, config(algorithm), {}, &m).code() == ErrorCode::Empty);
  }
  CHECK(Model::train(log, nullptr, config("factors"), {}, &m).code() == ErrorCode::Arg);
}

TEST_CASE(".npy reader: float32 and float64 in C order; refuses the rest clearly", "[factors][npy]") {
  NpyArray a;
  const std::vector<float> f32 = {1, 2, 3, 4, 5, 6};
  REQUIRE(readNpy(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", bytesOf(f32)).data(),
                  npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", bytesOf(f32)).size(), &a)
              .isOk());
  CHECK(a.shape == std::vector<std::size_t>{2, 3});
  CHECK(a.data == f32);
  CHECK(a.dtype == "float32");

  const std::vector<double> f64 = {0.5, -1.25, 3e-3};
  auto file = npy(2, "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (3,)}", bytesOf(f64));
  REQUIRE(readNpy(file.data(), file.size(), &a).isOk());
  CHECK(a.shape == std::vector<std::size_t>{3});
  CHECK(a.dtype == "float64");
  CHECK(a.data[1] == -1.25f);
  CHECK(a.data[2] == static_cast<float>(3e-3));

  file = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", bytesOf(std::vector<float>{7}));
  REQUIRE(readNpy(file.data(), file.size(), &a).isOk());
  CHECK(a.shape.empty());
  CHECK(a.data == std::vector<float>{7});

  const NpyArray kept = a;
  auto expect = [&](const std::vector<uint8_t>& bytes, ErrorCode code, const char* says) {
    const Status s = readNpy(bytes.data(), bytes.size(), &a);
    CHECK(s.code() == code);
    CHECK(s.message().find(says) != std::string::npos);
    CHECK(a.data == kept.data);  // untouched on failure
  };
  expect(npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", bytesOf(f32)), ErrorCode::Arg, "Fortran");
  expect(npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }", bytesOf(std::vector<int64_t>{1, 2, 3})),
         ErrorCode::Arg, "'<i8' is not supported");
  expect(npy(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", bytesOf(std::vector<float>{1})),
         ErrorCode::Arg, "big-endian");
  auto truncated = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", bytesOf(f32));
  truncated.resize(truncated.size() - 3);
  expect(truncated, ErrorCode::Corrupt, "truncated");
  expect(std::vector<uint8_t>(truncated.begin(), truncated.begin() + 40), ErrorCode::Corrupt, "truncated");
  expect(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", bytesOf(std::vector<float>(7))),
         ErrorCode::Corrupt, "trailing");
  auto magic = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", bytesOf(std::vector<float>{1}));
  magic[1] = 'X';
  expect(magic, ErrorCode::Corrupt, "magic");
  expect(npy(9, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", bytesOf(std::vector<float>{1})),
         ErrorCode::Version, "9.0");
  expect(npy(1, "{'descr': '<f4', 'shape': (1,), }", bytesOf(std::vector<float>{1})), ErrorCode::Corrupt,
         "fortran_order");
  // Past 2^28 values, refused from the header alone (no data is read or allocated).
  expect(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (268435457,), }", {}), ErrorCode::Memory,
         "more than");
  expect(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536), }", {}), ErrorCode::Memory,
         "more than");
}

TEST_CASE("fromFactors: imported item factors rank for a profile and survive save/load", "[factors][import]") {
  // Two clusters of items: x* and y* directions. A profile that liked x1 and x2
  // folds in near x*, so x3 ranks first among the unseen.
  FactorImport in;
  in.items = {"x1", "x2", "x3", "y1", "y2"};
  in.dim = 2;
  in.factors = {1, 0, 0.9f, 0.1f, 0.95f, 0.05f, 0, 1, 0.1f, 0.9f};
  in.implicitSolve = {0.1, 1.0, false};
  Model m;
  REQUIRE(modelFromFactors(FactorImport(in), &m).isOk());
  CHECK(m.algorithm().algorithm() == std::string("factors"));
  CHECK(m.itemCount() == 5);
  CHECK(factors(m).params().itemFactors == in.factors);
  Profile me;
  REQUIRE(
      me.recordBatch(batch({{"", "x1", EventType::Like}, {"", "x2", EventType::Like}, {"", "zzz", EventType::Like}}),
                     nullptr, {})
          .isOk());
  std::vector<Recommendation> recs;
  RankInput in2;
  in2.request.k = 3;
  REQUIRE(m.recommendForProfile(me, in2, &recs).isOk());
  REQUIRE(recs.size() == 3);
  CHECK(m.side().catalog.items().name(recs[0].item) == "x3");
  std::vector<uint8_t> bytes;
  REQUIRE(m.save(false, &bytes).isOk());
  Model back;
  REQUIRE(Model::load(bytes.data(), bytes.size(), &back).isOk());
  sameRecommendations(m, back, me);

  // With item biases the import is an explicit (rating) model.
  FactorImport rated = in;
  rated.itemBias = {0.1f, 0.2f, 0.3f, -0.1f, 0.0f};
  rated.globalMean = 3.5;
  REQUIRE(modelFromFactors(FactorImport(rated), &m).isOk());
  CHECK(factors(m).params().kind == FactorKind::Explicit);

  FactorImport bad = in;
  bad.factors.pop_back();
  CHECK(modelFromFactors(FactorImport(bad), &m).code() == ErrorCode::Arg);
  bad = in;
  bad.factors[3] = NAN;
  CHECK(modelFromFactors(FactorImport(bad), &m).message().find("'x2'") != std::string::npos);
  bad = in;
  bad.items[4] = "x1";
  CHECK(modelFromFactors(FactorImport(bad), &m).code() == ErrorCode::Arg);
  bad = in;
  bad.dim = 0;
  CHECK(modelFromFactors(FactorImport(bad), &m).code() == ErrorCode::Arg);
  bad = in;
  bad.itemBias = {1, 2};
  CHECK(modelFromFactors(FactorImport(bad), &m).code() == ErrorCode::Arg);
}
