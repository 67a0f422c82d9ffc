// The whole SASRec network: gradients against finite differences on a tiny
// configuration, a forward pass computed by hand, and the inference path
// against the training path.
#include <catch2/catch.hpp>
#include <cmath>

#include "models/sasrec/sasrec_inference.hpp"
#include "models/sasrec/sasrec_network.hpp"
#include "models/sasrec/sasrec_tensors.hpp"
#include "sasrec_test_helpers.hpp"

using namespace reelrank;
using namespace reelrank::sasrec;
using reelrank::testing::gradientCheck;

namespace {

SasrecShape tinyShape(int32_t feedbackKinds) {
  SasrecShape s;
  s.items = 7;
  s.dim = 8;
  s.blocks = 2;
  s.heads = 2;
  s.maxLen = 5;
  s.ffn = 12;
  s.feedbackKinds = feedbackKinds;
  return s;
}

// Three sequences of 5, 3 and 2 steps, positions aligned to the end; one
// position without a target.
Batch tinyBatch(bool kinds) {
  Batch b;
  b.seg.start = {0, 5, 8, 10};
  b.in.item = {1, 3, 5, 7, 2, 4, 4, 6, 2, 7};
  b.in.position = {0, 1, 2, 3, 4, 2, 3, 4, 3, 4};
  if (kinds) b.in.kind = {0, 1, 2, 0, 1, 2, 2, 0, 1, 0};
  b.target = {3, 5, 7, 2, 6, 4, 6, -1, 7, 1};
  return b;
}

// The mean loss; *kinks gets a hash of which FFN units were active.
double meanLoss(const SasrecWeights& w, const Batch& b, const std::vector<int32_t>& negatives, int32_t k,
                uint64_t* kinks) {
  NetworkCache c;
  networkForward(w, b, 0.0f, nullptr, c);
  int64_t n = 0;
  const double sum = networkLoss(w, b, c, negatives, k, nullptr, &n);
  uint64_t h = 1469598103934665603ull;
  for (const auto& blk : c.blocks)
    for (Eigen::Index i = 0; i < blk.ffn.hidden.size(); ++i)
      h = (h ^ (blk.ffn.hidden.data()[i] > 0 ? 1u : 0u)) * 1099511628211ull;
  *kinks = h;
  return sum / static_cast<double>(n);
}

void checkWholeModel(int32_t feedbackKinds, const std::vector<int32_t>& negatives, int32_t k) {
  SasrecWeights w, g;
  initialise(w, tinyShape(feedbackKinds), 11);
  // Non-trivial norms and biases, so their gradients are exercised too.
  analytics::Rng rng(12);
  for (auto& t : tensorList(w))
    if (t.cols == 1)
      for (auto& v : *t.data) v += static_cast<float>(rng.gaussian() * 0.2);
  resizeZero(g, w.shape);
  const Batch b = tinyBatch(feedbackKinds > 0);
  NetworkCache c;
  networkForward(w, b, 0.0f, nullptr, c);
  int64_t n = 0;
  networkLoss(w, b, c, negatives, k, &g, &n);
  CHECK(n == 9);
  uint64_t kinks = 0;
  auto loss = [&] { return meanLoss(w, b, negatives, k, &kinks); };
  auto gt = tensorList(g);
  auto wt = tensorList(w);
  for (std::size_t i = 0; i < wt.size(); ++i)
    (void)(gradientCheck(wt[i].name, loss, wt[i].data->data(), gt[i].data->data(), wt[i].data->size(), 2e-2, 1e-2f,
                         1e-2, 24, [&] { return kinks; }));
  // The padding row never gets a gradient.
  for (int c = 0; c < 8; ++c) CHECK(g.itemEmbedding[static_cast<std::size_t>(c)] == 0.0f);
}

}  // namespace

TEST_CASE("sasrec network: whole-model gradients (7 items, d 8, 2 blocks, 2 heads, maxLen 5), full softmax",
          "[sasrec]") {
  checkWholeModel(0, {}, 0);
}

TEST_CASE("sasrec network: whole-model gradients with feedback embeddings and sampled softmax", "[sasrec]") {
  checkWholeModel(3, {}, 0);
  std::vector<int32_t> negatives;
  analytics::Rng rng(13);
  for (int r = 0; r < 10; ++r)
    for (int k = 0; k < 3; ++k) negatives.push_back(1 + static_cast<int32_t>(rng.below(7)));
  checkWholeModel(3, negatives, 3);
}

TEST_CASE("sasrec network: a forward pass by hand (d 2, one block, one head)", "[sasrec]") {
  // E[1] = (1, 0), E[2] = (0, 1); maxLen 3, so the sequence [1, 2] sits at
  // positions 1 and 2 (P[1] = P[2] = 0; P[0] = (3, -1) would show a
  // misalignment). Q and K read the first coordinate only, V = I, Wo = I,
  // the FFN is zero, the final norm has w = (2, 0.5), b = (0.1, 0).
  SasrecWeights w;
  SasrecShape s;
  s.items = 2;
  s.dim = 2;
  s.blocks = 1;
  s.heads = 1;
  s.maxLen = 3;
  s.ffn = 2;
  resizeZero(w, s);
  w.itemEmbedding = {0, 0, 1, 0, 0, 1};
  w.positionEmbedding = {3, -1, 0, 0, 0, 0};
  SasrecBlock& b = w.blocks[0];
  b.norm1Weight = {1, 1};
  b.norm2Weight = {1, 1};
  b.qkvWeight = {1, 0, 0, 0, /*K*/ 1, 0, 0, 0, /*V*/ 1, 0, 0, 1};
  b.projWeight = {1, 0, 0, 1};
  w.finalNormWeight = {2, 0.5f};
  w.finalNormBias = {0.1f, 0};
  Inference inf;
  inferSequence(w, {{1, 0, true}, {2, 0, true}}, true, &inf);

  // x1 = (sqrt2, 0), x2 = (0, sqrt2); LN of (a, b) with d = 2 is
  // +-(1, -1) * c, c = |a - b| / 2 / sqrt(((a - b) / 2)^2 + eps).
  const double eps = 1e-5, r2 = std::sqrt(2.0);
  const double c = (r2 / 2) / std::sqrt(0.5 + eps);
  // n1 = (c, -c), n2 = (-c, c): q2 = -c, k1 = c, k2 = -c, scaled by 1/sqrt(2).
  const double s1 = (-c * c) / r2, s2 = (c * c) / r2;
  const double p1 = std::exp(s1) / (std::exp(s1) + std::exp(s2)), p2 = 1 - p1;
  // y = p1 n1 + p2 n2 = (p1 - p2) (c, -c); x = x2 + y.
  const double u = (p1 - p2) * c, v = r2 - (p1 - p2) * c;
  const double half = (u - v) / 2, hd = half / std::sqrt(half * half + eps);
  const double h0 = 2 * hd + 0.1, h1 = 0.5 * -hd;
  REQUIRE(inf.hidden.size() == 2);
  CHECK(inf.hidden[0] == Approx(h0).epsilon(1e-5));
  CHECK(inf.hidden[1] == Approx(h1).epsilon(1e-5));
  REQUIRE(inf.scores.size() == 2);
  CHECK(inf.scores[0] == Approx(h0).epsilon(1e-5));  // h . E[1]
  CHECK(inf.scores[1] == Approx(h1).epsilon(1e-5));  // h . E[2]
  REQUIRE(inf.attention.size() == 2);
  CHECK(inf.attention[0] == Approx(p1).epsilon(1e-5));
  CHECK(inf.attention[1] == Approx(p2).epsilon(1e-5));
  CHECK(p2 > 0.8);  // the numbers are what we think: 0.804
}

TEST_CASE(
    "sasrec network: inference (direct, and from the first block's kept parts) equals the training forward's last "
    "row, with one head and two; steps past maxLen are dropped",
    "[sasrec]") {
  for (int32_t heads : {2, 1})
    for (bool kept : {false, true}) {
      INFO("heads " << heads << (kept ? ", first block kept" : ", direct"));
      SasrecShape shape = tinyShape(3);
      shape.heads = heads;
      SasrecWeights w;
      initialise(w, shape, 21);
      // Output-projection biases away from 0 (initialise leaves them 0), so the
      // one-head folding of Wo into the values is tested with its constant.
      for (auto& blk : w.blocks)
        for (std::size_t k = 0; k < blk.projBias.size(); ++k) blk.projBias[k] = 0.03f * static_cast<float>(k) - 0.1f;
      const std::vector<Step> steps = {{2, 1, true}, {5, 0, true}, {3, 2, false}, {7, 1, true},
                                       {1, 0, true}, {4, 2, true}, {6, 0, true}};
      Inference inf;
      FirstBlockProjections first(w);
      inferSequence(w, steps, true, &inf, kept ? &first : nullptr);
      CHECK(inf.firstStep == 2);
      REQUIRE(inf.attention.size() == 5);
      float total = 0;
      for (float a : inf.attention) total += a;
      CHECK(total == Approx(1.0f));
      // The same last five steps as one training sequence.
      Batch b;
      b.seg.start = {0, 5};
      for (int t = 0; t < 5; ++t) {
        b.in.item.push_back(steps[static_cast<std::size_t>(t) + 2].row);
        b.in.position.push_back(t);
        b.in.kind.push_back(steps[static_cast<std::size_t>(t) + 2].kind);
        b.target.push_back(-1);
      }
      NetworkCache c;
      networkForward(w, b, 0.0f, nullptr, c);
      for (int k = 0; k < 8; ++k) CHECK(inf.hidden[static_cast<std::size_t>(k)] == Approx(c.out(4, k)).margin(1e-5));
      for (int j = 0; j < 7; ++j) {
        double dot = 0;
        for (int k = 0; k < 8; ++k) dot += c.out(4, k) * w.itemEmbedding[static_cast<std::size_t>((j + 1) * 8 + k)];
        CHECK(inf.scores[static_cast<std::size_t>(j)] == Approx(dot).margin(1e-4));
      }
    }
}

TEST_CASE("sasrec network: the inference cache recomputes only for new steps, and equals a fresh pass", "[sasrec]") {
  SasrecWeights w;
  initialise(w, tinyShape(0), 31);
  InferenceCache cache;
  std::vector<Step> steps = {{2, 0, true}, {5, 0, true}, {3, 0, true}};
  // A fresh pass, without the cache's memory; the cache may have answered
  // from its kept logits (sasrec_window_logits.hpp), so equal to rounding.
  auto same = [&](const Inference& a) {
    Inference fresh;
    inferSequence(w, steps, true, &fresh);
    bool close = a.firstStep == fresh.firstStep && a.scores.size() == fresh.scores.size() &&
                 a.attention.size() == fresh.attention.size();
    for (std::size_t j = 0; close && j < a.scores.size(); ++j) close = std::fabs(a.scores[j] - fresh.scores[j]) < 1e-5f;
    for (std::size_t t = 0; close && t < a.attention.size(); ++t)
      close = std::fabs(a.attention[t] - fresh.attention[t]) < 1e-6f;
    return close;
  };
  CHECK(same(cache.run(w, steps)));
  CHECK(same(cache.run(w, steps)));
  CHECK(cache.passes() == 1);
  // One new event (the window grows): one pass, the fresh result.
  steps.push_back({7, 0, true});
  CHECK(same(cache.run(w, steps)));
  CHECK(cache.passes() == 2);
  // Past maxLen (the window slides): still one pass each, still fresh.
  for (int32_t r : {1, 4, 6}) {
    steps.push_back({r, 0, true});
    CHECK(same(cache.run(w, steps)));
  }
  CHECK(cache.passes() == 5);
  CHECK(cache.run(w, steps).firstStep == 2);
  // A changed earlier step (not an append) is noticed too.
  steps[4].row = 2;
  CHECK(same(cache.run(w, steps)));
  CHECK(cache.passes() == 6);
}
