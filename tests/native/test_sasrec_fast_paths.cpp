// The shortcuts of SASRec inference against the plain computation: the
// vector exp of the softmaxes against std::exp, and the first block's
// projection from cached parts against LN1 then the projection.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "models/sasrec/sasrec_exp.hpp"
#include "models/sasrec/sasrec_first_block.hpp"
#include "models/sasrec/sasrec_inference.hpp"
#include "models/sasrec/sasrec_tensors.hpp"
#include "models/sasrec/sasrec_window_logits.hpp"

using namespace reelrank::sasrec;

namespace {

SasrecShape shapeWith(int32_t items, int32_t feedbackKinds, int32_t heads) {
  SasrecShape s;
  s.items = items;
  s.dim = 8;
  s.blocks = 2;
  s.heads = heads;
  s.maxLen = 6;
  s.ffn = 12;
  s.feedbackKinds = feedbackKinds;
  return s;
}

// The first block's qkv the direct way: embed, LN1, the fused projection;
// with `projectValues`, the values then through the output projection.
RowMat directQkv(const SasrecWeights& w, const InputRows& in, bool projectValues = false) {
  RowMat x, normed, qkv;
  embedForward(in, w.shape.dim, w.itemEmbedding.data(), w.positionEmbedding.data(),
               w.shape.feedbackKinds > 0 ? w.feedbackEmbedding.data() : nullptr, x);
  layerNormForward(x, w.blocks[0].norm1Weight.data(), w.blocks[0].norm1Bias.data(), normed, nullptr);
  linearForward(normed, w.blocks[0].qkvWeight.data(), w.blocks[0].qkvBias.data(), 3 * w.shape.dim, qkv);
  if (projectValues) {
    const int32_t d = w.shape.dim;
    RowMat v = qkv.rightCols(d), projected;
    linearForward(v, w.blocks[0].projWeight.data(), w.blocks[0].projBias.data(), d, projected);
    qkv.rightCols(d) = projected;
  }
  return qkv;
}

double worstDifference(const RowMat& a, const RowMat& b) {
  REQUIRE(a.rows() == b.rows());
  REQUIRE(a.cols() == b.cols());
  return (a - b).cwiseAbs().maxCoeff();
}

}  // namespace

TEST_CASE("sasrec exp: within 2 ulp of std::exp on [-87, 88], 0 below, and its sum", "[sasrec]") {
  std::vector<float> x;
  for (double v = -87.0; v <= 88.0; v += 0.0137) x.push_back(static_cast<float>(v));
  for (float v : {0.0f, -0.0f, 1e-8f, -1e-8f, 0.5f * std::log(2.0f), -0.5f * std::log(2.0f)}) x.push_back(v);
  std::vector<float> y = x;
  expShiftedSum(y.data(), static_cast<int32_t>(y.size()), 0.0f);
  double worstUlps = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float want = std::exp(x[i]);
    const float ulp = std::nextafter(want, std::numeric_limits<float>::infinity()) - want;
    worstUlps = std::max(worstUlps, std::fabs(static_cast<double>(y[i]) - want) / ulp);
  }
  CHECK(worstUlps <= 2.0);
  CHECK(y[y.size() - 6] == 1.0f);  // exp(0) exactly
  // The sum, over a softmax row's range (shifted by its maximum: all <= 0).
  std::vector<float> row;
  for (int i = 0; i < 203; ++i) row.push_back(-0.1f * static_cast<float>(i));
  const float sum = expShiftedSum(row.data(), static_cast<int32_t>(row.size()), 0.0f);
  double total = 0;
  for (float v : row) total += v;
  CHECK(sum == Approx(total).epsilon(1e-6));
  // The shift, underflow to 0, and every tail length through the same formula.
  for (int32_t n = 1; n <= 9; ++n) {
    std::vector<float> v(static_cast<std::size_t>(n));
    for (int32_t i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = 3.0f - static_cast<float>(i) * 40.0f;
    std::vector<float> ref = v;
    const float s = expShiftedSum(v.data(), n, 3.0f);
    float want = 0;
    for (int32_t i = 0; i < n; ++i) {
      const float e = -static_cast<float>(i) * 40.0f;
      const float expect = e < -87.0f ? 0.0f : std::exp(e);
      CHECK(v[static_cast<std::size_t>(i)] == Approx(expect).epsilon(3e-7).margin(1e-37));
      want += v[static_cast<std::size_t>(i)];
    }
    CHECK(v[0] == 1.0f);
    CHECK(s == want);
  }
}

TEST_CASE("sasrec softmax: the row's max wherever it sits, and weights that match the direct formula", "[sasrec]") {
  // Every length through 4-lane chunks and tails, with the largest value
  // moved through each position (the vector max must see every lane).
  for (int32_t n = 1; n <= 13; ++n)
    for (int32_t top = 0; top < n; ++top) {
      std::vector<float> v(static_cast<std::size_t>(n));
      for (int32_t i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = -0.75f * static_cast<float>((i * 5) % 7) - 1.0f;
      v[static_cast<std::size_t>(top)] = 2.5f;
      REQUIRE(maxOf(v.data(), n) == 2.5f);
      double total = 0;
      for (float x : v) total += std::exp(static_cast<double>(x) - 2.5);
      std::vector<float> p = v;
      softmaxInPlace(p.data(), n);
      double sum = 0;
      for (int32_t i = 0; i < n; ++i) {
        const double want = std::exp(static_cast<double>(v[static_cast<std::size_t>(i)]) - 2.5) / total;
        CHECK(p[static_cast<std::size_t>(i)] == Approx(want).epsilon(1e-6));
        sum += p[static_cast<std::size_t>(i)];
      }
      CHECK(sum == Approx(1.0).epsilon(1e-6));
    }
  // Shifting by the max keeps large logits finite.
  std::vector<float> big = {1000.0f, 999.0f, 998.0f, 1000.0f, 990.0f};
  softmaxInPlace(big.data(), 5);
  const double z = 2 + std::exp(-1.0) + std::exp(-2.0) + std::exp(-10.0);
  CHECK(big[0] == Approx(1 / z).epsilon(1e-6));
  CHECK(big[2] == Approx(std::exp(-2.0) / z).epsilon(1e-6));
}

TEST_CASE(
    "sasrec first block: the cached parts give LN1 then the projection, with and without feedback kinds; with one "
    "head the values come through the output projection",
    "[sasrec]") {
  for (int32_t heads : {2, 1})
    for (int32_t kinds : {0, 4}) {
      INFO("heads " << heads << " kinds " << kinds);
      SasrecWeights w;
      initialise(w, shapeWith(9, kinds, heads), 5 + static_cast<uint64_t>(kinds));
      // Output biases away from 0, so the folded constant is tested.
      for (std::size_t j = 0; j < 8; ++j) w.blocks[0].projBias[j] = 0.05f * static_cast<float>(j) - 0.2f;
      // LayerNorm weights and biases away from 1 and 0, so the algebra is tested.
      for (std::size_t j = 0; j < 8; ++j) {
        w.blocks[0].norm1Weight[j] = 0.5f + 0.2f * static_cast<float>(j);
        w.blocks[0].norm1Bias[j] = 0.1f * static_cast<float>(j) - 0.3f;
      }
      InputRows in;
      in.item = {3, 1, 3, 9, 2, 5};
      in.position = {0, 1, 2, 3, 4, 5};
      if (kinds) in.kind = {0, 3, 1, 1, 2, 0};
      FirstBlockProjections first(w);
      CHECK(first.valuesProjected() == (heads == 1));
      RowMat fast;
      first.qkv(w, in, fast);
      CHECK(worstDifference(fast, directQkv(w, in, heads == 1)) < 1e-5);
      CHECK(first.keptItems() == 5);  // item 3 twice, made once
      // A later window, positions moved: the kept items are reused and still right.
      in.position = {0, 0, 1, 2, 3, 4};
      first.qkv(w, in, fast);
      CHECK(worstDifference(fast, directQkv(w, in, heads == 1)) < 1e-5);
      CHECK(first.keptItems() == 5);
    }
}

TEST_CASE("sasrec first block: past its item limit it starts again and stays right; inference agrees", "[sasrec]") {
  const auto items = static_cast<int32_t>(FirstBlockProjections::kMaxKeptItems) + 300;
  SasrecWeights w;
  initialise(w, shapeWith(items, 0, 1), 17);
  FirstBlockProjections first(w);
  InputRows in;
  in.position = {0, 1, 2, 3, 4, 5};
  in.item.resize(6);
  RowMat fast;
  double worst = 0;
  for (int32_t start = 1; start + 5 <= items; start += 6) {
    for (int32_t t = 0; t < 6; ++t) in.item[static_cast<std::size_t>(t)] = start + t;
    first.qkv(w, in, fast);
    worst = std::max(worst, worstDifference(fast, directQkv(w, in, true)));
    CHECK(first.keptItems() <= FirstBlockProjections::kMaxKeptItems);
  }
  CHECK(worst < 1e-5);
  CHECK(first.keptItems() < FirstBlockProjections::kMaxKeptItems);  // it did start again
  // The whole pass with and without the cached parts.
  const std::vector<Step> steps = {{4, 0, true}, {items, 0, true}, {7, 0, true}, {4, 0, false}};
  Inference direct, cached;
  inferSequence(w, steps, true, &direct);
  inferSequence(w, steps, true, &cached, &first);
  for (std::size_t j = 0; j < direct.scores.size(); ++j)
    REQUIRE(cached.scores[j] == Approx(direct.scores[j]).margin(1e-5));
  for (std::size_t t = 0; t < direct.attention.size(); ++t)
    CHECK(cached.attention[t] == Approx(direct.attention[t]).margin(1e-6));
}

TEST_CASE(
    "sasrec window logits: a person swiping (the window growing, then sliding) gets the direct pass's results from "
    "kept logits, one and two heads, with and without kinds, with Eigen's products and the packed ones; other "
    "windows are answered directly",
    "[sasrec]") {
  for (int packed = 0; packed < 2; ++packed)
    for (int32_t heads : {1, 2})
      for (int32_t kinds : {0, 4}) {
        INFO("heads " << heads << " kinds " << kinds << " packed products " << packed);
        SasrecWeights w;
        initialise(w, shapeWith(11, kinds, heads), 41 + static_cast<uint64_t>(heads * 7 + kinds));
        for (std::size_t j = 0; j < 8; ++j) {  // LayerNorm and output biases away from their defaults
          w.blocks[0].norm1Weight[j] = 0.6f + 0.1f * static_cast<float>(j);
          w.blocks[0].norm1Bias[j] = 0.05f * static_cast<float>(j) - 0.2f;
          w.blocks[0].projBias[j] = 0.1f - 0.03f * static_cast<float>(j);
        }
        FirstBlockProjections first(w);
        FirstBlockWindow window(w, first, packed != 0);
        const std::vector<PackedFfn> ffn = packed ? packFfns(w) : std::vector<PackedFfn>{};
        std::vector<Step> steps;
        bool windowServed = true;
        auto check = [&] {
          Inference direct, kept;
          inferSequence(w, steps, true, &direct);
          const std::size_t before = window.served();
          inferSequence(w, steps, true, &kept, &first, &window, packed ? &ffn : nullptr);
          windowServed = window.served() > before;
          for (std::size_t j = 0; j < direct.scores.size(); ++j)
            REQUIRE(kept.scores[j] == Approx(direct.scores[j]).margin(1e-5));
          for (std::size_t t = 0; t < direct.attention.size(); ++t)
            REQUIRE(kept.attention[t] == Approx(direct.attention[t]).margin(1e-6));
        };
        // The first window is answered directly; the next, one step on, builds
        // the tables; every swipe after it is served from them (maxLen 6: the
        // window grows to 6 steps, then slides, wrapping its ring of slots).
        steps.push_back({3, 1, true});
        check();
        CHECK_FALSE(windowServed);
        for (int32_t t = 0; t < 14; ++t) {
          steps.push_back({1 + (t * 5) % 11, t % 4, t % 3 != 0});
          check();
          CHECK(windowServed);
        }
        CHECK(window.builds() == 1);
        // The same window again: served, nothing to add.
        check();
        CHECK(windowServed);
        // Another person's window (no continuation): answered directly, and a
        // return to the first person's is not a continuation either.
        const std::vector<Step> mine = steps;
        steps = {{2, 0, true}, {9, 2, true}, {4, 1, true}};
        check();
        CHECK_FALSE(windowServed);
        steps = mine;
        check();
        CHECK_FALSE(windowServed);
        // ...until that person swipes again: rebuilt from their window, served.
        steps.push_back({7, 3, true});
        check();
        CHECK(windowServed);
        CHECK(window.builds() == 2);
        // A changed kind of an earlier step is not a continuation.
        if (kinds) {
          steps[steps.size() - 3].kind = (steps[steps.size() - 3].kind + 1) % 4;
          check();
          CHECK_FALSE(windowServed);
        }
      }
}

TEST_CASE("sasrec window logits: the tables' size limit, at and past it", "[sasrec]") {
  SasrecShape s = shapeWith(5, 0, 1);
  s.maxLen = 1024;  // 4 * 1 * 1024^2 floats: exactly the limit
  CHECK(FirstBlockWindow::fits(s));
  s.maxLen = 1025;
  CHECK_FALSE(FirstBlockWindow::fits(s));
  s.maxLen = 512;
  s.heads = 4;  // 4 * 4 * 512^2: the limit again
  CHECK(FirstBlockWindow::fits(s));
  s.heads = 8;
  CHECK_FALSE(FirstBlockWindow::fits(s));
}
