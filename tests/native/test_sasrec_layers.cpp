// SASRec layers: finite-difference checks of every hand-written backward
// pass, layer by layer (dropout off), on small random inputs.
#include <catch2/catch.hpp>
#include <limits>

#include "models/sasrec/sasrec_gemm.hpp"
#include "models/sasrec/sasrec_last_query.hpp"
#include "models/sasrec/sasrec_layers.hpp"
#include "sasrec_test_helpers.hpp"

using namespace reelrank;
using namespace reelrank::sasrec;
using reelrank::testing::gradientCheck;
using reelrank::testing::randomMat;
using reelrank::testing::weightedSum;

TEST_CASE("sasrec layers: LayerNorm gradients (input, weight, bias) match finite differences", "[sasrec]") {
  analytics::Rng rng(1);
  RowMat x = randomMat(5, 6, rng), r = randomMat(5, 6, rng);
  RowVec w = randomMat(1, 6, rng), b = randomMat(1, 6, rng);
  auto loss = [&] {
    RowMat y;
    layerNormForward(x, w.data(), b.data(), y, nullptr);
    return weightedSum(y, r);
  };
  RowMat y, dx;
  LayerNormCache c;
  layerNormForward(x, w.data(), b.data(), y, &c);
  RowVec dw = RowVec::Zero(6), db = RowVec::Zero(6);
  layerNormBackward(r, w.data(), c, dx, dw.data(), db.data());
  gradientCheck("dx", loss, x.data(), dx.data(), 30, 1e-2, 1e-3f);
  gradientCheck("dw", loss, w.data(), dw.data(), 6);
  gradientCheck("db", loss, b.data(), db.data(), 6);
  // Each output row has mean b-weighted structure: with w = 1, b = 0 a row has mean 0 and variance ~1.
  RowVec ones = RowVec::Ones(6), zeros = RowVec::Zero(6);
  layerNormForward(x, ones.data(), zeros.data(), y, nullptr);
  CHECK(std::fabs(y.row(2).mean()) < 1e-5);
  CHECK(y.row(2).squaredNorm() / 6 == Approx(1.0).epsilon(1e-3));
}

TEST_CASE("sasrec layers: causal attention with 2 heads, fused QKV and output projection, gradients", "[sasrec]") {
  analytics::Rng rng(2);
  const int d = 4, heads = 2;
  Segments seg;
  seg.start = {0, 3, 7};  // two sequences, of 3 and 4 positions
  RowMat x = randomMat(7, d, rng), r = randomMat(7, d, rng);
  RowMat wqkv = randomMat(3 * d, d, rng, 0.7), bqkv = randomMat(1, 3 * d, rng, 0.3);
  RowMat wo = randomMat(d, d, rng, 0.7), bo = randomMat(1, d, rng, 0.3);
  const AttentionWeights aw{wqkv.data(), bqkv.data(), wo.data(), bo.data()};
  auto loss = [&] {
    RowMat y;
    attentionForward(x, seg, heads, aw, y, nullptr);
    return weightedSum(y, r);
  };
  RowMat y, dx;
  AttentionCache c;
  attentionForward(x, seg, heads, aw, y, &c);
  RowMat dwqkv = RowMat::Zero(3 * d, d), dbqkv = RowMat::Zero(1, 3 * d), dwo = RowMat::Zero(d, d),
         dbo = RowMat::Zero(1, d);
  attentionBackward(r, x, seg, heads, aw, c, dx, {dwqkv.data(), dbqkv.data(), dwo.data(), dbo.data()});
  gradientCheck("dx", loss, x.data(), dx.data(), 28);
  gradientCheck("dWqkv", loss, wqkv.data(), dwqkv.data(), 48);
  gradientCheck("dbqkv", loss, bqkv.data(), dbqkv.data(), 12);
  gradientCheck("dWo", loss, wo.data(), dwo.data(), 16);
  gradientCheck("dbo", loss, bo.data(), dbo.data(), 4);

  // Causality: changing the last position of a sequence changes no earlier
  // output of it, and nothing of the other sequence.
  RowMat x2 = x;
  x2.row(6) += RowVec::Constant(d, 3.0f);
  RowMat y2;
  attentionForward(x2, seg, heads, aw, y2, nullptr);
  CHECK((y2.topRows(6) - y.topRows(6)).cwiseAbs().maxCoeff() < 1e-6);
  CHECK((y2.row(6) - y.row(6)).cwiseAbs().maxCoeff() > 1e-3);
  // Every stored attention row sums to 1 over positions 0..t and is 0 after.
  const float* p = c.probs.data() + c.probsAt[1];  // sequence 1, head 0: 4 x 4
  for (int t = 0; t < 4; ++t) {
    float s = 0;
    for (int u = 0; u < 4; ++u) s += p[t * 4 + u];
    CHECK(s == Approx(1.0f));
    for (int u = t + 1; u < 4; ++u) CHECK(p[t * 4 + u] == 0.0f);
  }
  // Inference's final-position path (query folded through the keys and
  // values) gives each sequence's last row and its attention weights.
  for (int sq = 0; sq < 2; ++sq) {
    const int r0 = seg.start[sq], len = seg.start[sq + 1] - r0;
    RowMat ylast;
    std::vector<float> probs;
    lastQueryAttention(RowMat(x.middleRows(r0, len)), heads, aw, ylast, probs);
    REQUIRE(ylast.rows() == 1);
    CHECK((ylast.row(0) - y.row(r0 + len - 1)).cwiseAbs().maxCoeff() < 1e-5);
    REQUIRE(probs.size() == static_cast<std::size_t>(heads * len));
    for (int j = 0; j < heads; ++j)
      for (int u = 0; u < len; ++u)
        CHECK(probs[static_cast<std::size_t>(j * len + u)] ==
              Approx(c.probs[c.probsAt[static_cast<std::size_t>(sq)] + static_cast<std::size_t>(j * len * len) +
                             static_cast<std::size_t>((len - 1) * len + u)])
                  .margin(1e-6));
  }
}

TEST_CASE("sasrec layers: feed-forward (ReLU) gradients", "[sasrec]") {
  const int d = 4, f = 6;
  RowMat x, r, w1, b1, w2, b2;
  // Inputs whose pre-activations all stay 0.05 from the ReLU's kink, so the
  // finite differences (step 1e-3) never straddle it.
  for (uint64_t seed = 3;; ++seed) {
    analytics::Rng rng(seed);
    x = randomMat(5, d, rng), r = randomMat(5, d, rng);
    w1 = randomMat(f, d, rng, 0.6), b1 = randomMat(1, f, rng, 0.3);
    w2 = randomMat(d, f, rng, 0.6), b2 = randomMat(1, d, rng, 0.3);
    const RowMat pre = (x * w1.transpose()).rowwise() + RowVec(b1);
    if (pre.cwiseAbs().minCoeff() > 0.05f) break;
  }
  const FfnWeights fw{w1.data(), b1.data(), w2.data(), b2.data(), f};
  auto loss = [&] {
    RowMat y;
    ffnForward(x, fw, y, nullptr);
    return weightedSum(y, r);
  };
  RowMat y, dx;
  FfnCache c;
  ffnForward(x, fw, y, &c);
  RowMat dw1 = RowMat::Zero(f, d), db1 = RowMat::Zero(1, f), dw2 = RowMat::Zero(d, f), db2 = RowMat::Zero(1, d);
  ffnBackward(r, x, fw, c, dx, {dw1.data(), db1.data(), dw2.data(), db2.data()});
  // A small step: no pre-activation here is within 1e-3 of the ReLU's kink.
  gradientCheck("dx", loss, x.data(), dx.data(), 20, 1e-2, 1e-3f);
  gradientCheck("dW1", loss, w1.data(), dw1.data(), 24, 1e-2, 1e-3f);
  gradientCheck("db1", loss, b1.data(), db1.data(), 6, 1e-2, 1e-3f);
  gradientCheck("dW2", loss, w2.data(), dw2.data(), 24, 1e-2, 1e-3f);
  gradientCheck("db2", loss, b2.data(), db2.data(), 4, 1e-2, 1e-3f);
}

TEST_CASE("sasrec layers: item, position and feedback embedding gradients", "[sasrec]") {
  analytics::Rng rng(4);
  const int d = 3;
  RowMat e = randomMat(5, d, rng), p = randomMat(4, d, rng), f = randomMat(3, d, rng);
  InputRows in;
  in.item = {1, 4, 1, 2, 3};  // item 1 twice: its gradient is a sum
  in.position = {2, 3, 1, 2, 3};
  in.kind = {0, 2, 2, 1, 0};
  RowMat r = randomMat(5, d, rng);
  auto loss = [&] {
    RowMat x;
    embedForward(in, d, e.data(), p.data(), f.data(), x);
    return weightedSum(x, r);
  };
  RowMat de = RowMat::Zero(5, d), dp = RowMat::Zero(4, d), df = RowMat::Zero(3, d);
  embedBackward(r, in, de.data(), dp.data(), df.data());
  gradientCheck("dE", loss, e.data(), de.data(), 15);
  gradientCheck("dP", loss, p.data(), dp.data(), 12);
  gradientCheck("dF", loss, f.data(), df.data(), 9);
  // By hand: x_0 = E[1] sqrt(3) + P[2] + F[0].
  RowMat x;
  embedForward(in, d, e.data(), p.data(), f.data(), x);
  for (int c = 0; c < d; ++c) CHECK(x(0, c) == Approx(e(1, c) * std::sqrt(3.0f) + p(2, c) + f(0, c)));
}

TEST_CASE("sasrec layers: full-softmax cross-entropy, its value by hand and its gradients", "[sasrec]") {
  analytics::Rng rng(5);
  const int d = 4, items = 6;
  RowMat h = randomMat(5, d, rng), e = randomMat(items + 1, d, rng);
  const std::vector<int32_t> target = {3, -1, 1, 6, 2};  // row 1 has no target
  auto loss = [&] { return softmaxCrossEntropy(h, target, e.data(), items, 1.0f, nullptr, nullptr, nullptr); };
  RowMat dh, de = RowMat::Zero(items + 1, d);
  int64_t count = 0;
  const double value = softmaxCrossEntropy(h, target, e.data(), items, 1.0f, &dh, de.data(), &count);
  CHECK(count == 4);
  // By hand: sum over targeted rows of log(sum_j exp(h.E[j])) - h.E[t], j over rows 1..6 (never the padding).
  double expect = 0;
  for (int r = 0; r < 5; ++r) {
    if (target[static_cast<std::size_t>(r)] < 0) continue;
    double z = 0;
    for (int j = 1; j <= items; ++j) z += std::exp(static_cast<double>(h.row(r).dot(e.row(j))));
    expect += std::log(z) - h.row(r).dot(e.row(target[static_cast<std::size_t>(r)]));
  }
  CHECK(value == Approx(expect).epsilon(1e-5));
  CHECK(dh.row(1).cwiseAbs().maxCoeff() == 0.0f);
  CHECK(de.row(0).cwiseAbs().maxCoeff() == 0.0f);
  gradientCheck("dh", loss, h.data(), dh.data(), 20);
  gradientCheck("dE", loss, e.data(), de.data(), 28);
}

TEST_CASE("sasrec layers: sampled cross-entropy (positive + k negatives) gradients", "[sasrec]") {
  analytics::Rng rng(6);
  const int d = 4, items = 8, k = 3;
  RowMat h = randomMat(4, d, rng), e = randomMat(items + 1, d, rng);
  const std::vector<int32_t> target = {2, 5, -1, 8};
  const std::vector<int32_t> negatives = {1, 3, 4, 6, 7, 1, 2, 2, 3, 5, 6, 7};
  auto loss = [&] { return sampledCrossEntropy(h, target, negatives, k, e.data(), 1.0f, nullptr, nullptr, nullptr); };
  RowMat dh, de = RowMat::Zero(items + 1, d);
  int64_t count = 0;
  const double value = sampledCrossEntropy(h, target, negatives, k, e.data(), 1.0f, &dh, de.data(), &count);
  CHECK(count == 3);
  double expect = 0;
  for (int r : {0, 1, 3}) {
    const auto t = target[static_cast<std::size_t>(r)];
    double z = std::exp(static_cast<double>(h.row(r).dot(e.row(t))));
    for (int c = 0; c < k; ++c) z += std::exp(static_cast<double>(h.row(r).dot(e.row(negatives[r * k + c]))));
    expect += std::log(z) - h.row(r).dot(e.row(t));
  }
  CHECK(value == Approx(expect).epsilon(1e-5));
  gradientCheck("dh", loss, h.data(), dh.data(), 16);
  gradientCheck("dE", loss, e.data(), de.data(), 36);
}

TEST_CASE("sasrec layers: the wasm GEMM kernel equals Eigen's product, every transposition, ragged sizes", "[sasrec]") {
  analytics::Rng rng(7);
  // k = 300 crosses a packed block (256); m and n are not multiples of the 4 x 8 tile.
  const int m = 7, n = 13, k = 300;
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb)
      for (int acc = 0; acc < 2; ++acc) {
        const RowMat a = ta ? randomMat(k, m, rng) : randomMat(m, k, rng);
        const RowMat b = tb ? randomMat(n, k, rng) : randomMat(k, n, rng);
        const RowMat start = randomMat(m, n, rng);
        RowMat c = start;
        packedGemm(m, n, k, a.data(), static_cast<int32_t>(a.cols()), ta, b.data(), static_cast<int32_t>(b.cols()), tb,
                   c.data(), n, acc);
        const RowMat opA = ta ? RowMat(a.transpose()) : a, opB = tb ? RowMat(b.transpose()) : b;
        const RowMat expect = (acc ? start : RowMat::Zero(m, n)) + opA * opB;
        INFO("transA " << ta << " transB " << tb << " accumulate " << acc);
        CHECK((c - expect).cwiseAbs().maxCoeff() < 1e-3f);
      }
}

TEST_CASE("sasrec layers: the packed-B product equals Eigen's, and its causal form reads no key past a row's own",
          "[sasrec]") {
  analytics::Rng rng(11);
  // Ragged sizes: m and n off the 4 x 8 tile, k past 256 (no blocking here).
  for (int tb = 0; tb < 2; ++tb)
    for (int acc = 0; acc < 2; ++acc)
      for (int m : {1, 3, 7, 13}) {
        const int n = 13, k = 300;
        const RowMat a = randomMat(m, k, rng);
        const RowMat b = tb ? randomMat(n, k, rng) : randomMat(k, n, rng);
        PackedB packed;
        packed.pack(b.data(), k, n, static_cast<int32_t>(b.cols()), tb);
        const RowMat start = randomMat(m, n, rng);
        RowMat c = start;
        gemmPacked(m, a.data(), k, packed, c.data(), n, acc);
        const RowMat expect = (acc ? start : RowMat::Zero(m, n)) + a * (tb ? RowMat(b.transpose()) : b);
        INFO("m " << m << " transB " << tb << " accumulate " << acc);
        CHECK((c - expect).cwiseAbs().maxCoeff() < 1e-3f);
      }
  // Causal from row `from`: row i's weights end at column from + i. A
  // 4-row tile reads up to its last row's end, where the earlier rows'
  // weights are 0 (causalAttention zeroes them); past that A holds NaN, so
  // a product that read further would show it.
  for (int from : {0, 5, 32}) {
    const int m = 11, k = from + m + 3, n = 16;
    RowMat a = randomMat(m, k, rng), clean = a;
    for (int i = 0; i < m; ++i) {
      const int reach = from + std::min(m, i / 4 * 4 + 4);  // columns the tile of row i reads
      for (int j = from + i + 1; j < k; ++j) {
        a(i, j) = j < reach ? 0.0f : std::numeric_limits<float>::quiet_NaN();
        clean(i, j) = 0.0f;
      }
    }
    const RowMat v = randomMat(k, n, rng);
    PackedB packed;
    packed.pack(v.data(), k, n, n, false);
    RowMat c(m, n);
    gemmPacked(m, a.data(), k, packed, c.data(), n, false, from);
    INFO("from " << from);
    REQUIRE(c.allFinite());
    CHECK((c - clean * v).cwiseAbs().maxCoeff() < 1e-4f);
  }
}

TEST_CASE(
    "sasrec layers: attention over a long sequence (causal row blocks) equals its final-position path and is causal",
    "[sasrec]") {
  analytics::Rng rng(8);
  const int d = 4, heads = 2, len = 70;  // more than two row blocks of 32
  Segments seg;
  seg.start = {0, 5, 5 + len};
  RowMat x = randomMat(5 + len, d, rng);
  RowMat wqkv = randomMat(3 * d, d, rng, 0.7), bqkv = randomMat(1, 3 * d, rng, 0.3);
  RowMat wo = randomMat(d, d, rng, 0.7), bo = randomMat(1, d, rng, 0.3);
  const AttentionWeights aw{wqkv.data(), bqkv.data(), wo.data(), bo.data()};
  RowMat y, ylast;
  std::vector<float> probs;
  attentionForward(x, seg, heads, aw, y, nullptr);
  lastQueryAttention(RowMat(x.middleRows(5, len)), heads, aw, ylast, probs);
  CHECK((ylast.row(0) - y.row(4 + len)).cwiseAbs().maxCoeff() < 1e-5);
  // Every prefix of the long sequence, as a sequence of its own, gives the same rows.
  for (int cut : {1, 31, 32, 33, 64, 69}) {
    Segments one;
    one.start = {0, cut};
    RowMat yp;
    attentionForward(RowMat(x.middleRows(5, cut)), one, heads, aw, yp, nullptr);
    CHECK((yp - y.middleRows(5, cut)).cwiseAbs().maxCoeff() < 1e-5);
  }
}
