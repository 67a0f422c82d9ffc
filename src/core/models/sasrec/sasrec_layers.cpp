#include "models/sasrec/sasrec_layers.hpp"

#include <algorithm>
#include <cmath>

#include "models/sasrec/sasrec_causal_attention.hpp"
#include "models/sasrec/sasrec_exp.hpp"
#include "models/sasrec/sasrec_gemm.hpp"
#include "models/sasrec/sasrec_weights.hpp"

namespace reelrank::sasrec {

namespace {

// Rows of logits computed at once: bounds the softmax's scratch to about
// 64 MB whatever the catalogue (rows are independent, so chunking changes
// nothing but the order in which the embedding gradient is summed).
constexpr std::size_t kLogitFloats = std::size_t{16} << 20;

int32_t logitChunk(int32_t items) {
  return static_cast<int32_t>(std::max<std::size_t>(1, kLogitFloats / static_cast<std::size_t>(std::max(items, 1))));
}

}  // namespace

namespace {

// Sums of a row in eight partial sums (vectorisable: TOOLCHAIN.md note 13;
// Eigen's reductions run scalar in the wasm build).
inline float sumOf(const float* v, int32_t n) {
  float s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int32_t k = 0;
  for (; k + 8 <= n; k += 8)
    for (int32_t j = 0; j < 8; ++j) s[j] += v[k + j];
  for (; k < n; ++k) s[0] += v[k];
  return ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
}

inline float squaredDeviation(const float* v, float mean, int32_t n) {
  float s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int32_t k = 0;
  for (; k + 8 <= n; k += 8)
    for (int32_t j = 0; j < 8; ++j) s[j] += (v[k + j] - mean) * (v[k + j] - mean);
  for (; k < n; ++k) s[0] += (v[k] - mean) * (v[k] - mean);
  return ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
}

}  // namespace

void layerNormForward(const RowMat& x, const float* w, const float* b, RowMat& y, LayerNormCache* cache) {
  const Eigen::Index n = x.rows();
  const auto d = static_cast<int32_t>(x.cols());
  y.resize(n, d);
  if (cache) {
    cache->xhat.resize(n, d);
    cache->rstd.resize(n);
  }
  for (Eigen::Index r = 0; r < n; ++r) {
    const float* xr = x.row(r).data();
    const float mean = sumOf(xr, d) / static_cast<float>(d);
    const float rstd = 1.0f / std::sqrt(squaredDeviation(xr, mean, d) / static_cast<float>(d) + kLayerNormEps);
    float* yr = y.row(r).data();
    if (cache) {
      float* h = cache->xhat.row(r).data();
      for (int32_t k = 0; k < d; ++k) {
        h[k] = (xr[k] - mean) * rstd;
        yr[k] = h[k] * w[k] + b[k];
      }
      cache->rstd[r] = rstd;
    } else {
      for (int32_t k = 0; k < d; ++k) yr[k] = (xr[k] - mean) * rstd * w[k] + b[k];
    }
  }
}

void layerNormBackward(const RowMat& dy, const float* w, const LayerNormCache& c, RowMat& dx, float* dw, float* db) {
  const Eigen::Index n = dy.rows(), d = dy.cols();
  dx.resize(n, d);
  ConstVecMap wv(w, d);
  VecMap dwv(dw, d), dbv(db, d);
  RowVec g(d);
  for (Eigen::Index r = 0; r < n; ++r) {
    const auto xh = c.xhat.row(r);
    dwv += dy.row(r).cwiseProduct(xh);
    dbv += dy.row(r);
    g = dy.row(r).cwiseProduct(wv);
    const float meanG = g.mean();
    const float meanGx = g.cwiseProduct(xh).mean();
    dx.row(r) = ((g.array() - meanG) - xh.array() * meanGx) * c.rstd[r];
  }
}

void linearForward(const RowMat& x, const float* w, const float* b, int32_t out, RowMat& y) {
  ConstMatMap wm(w, out, x.cols());
  y.resize(x.rows(), out);
  matmul(x, false, wm, true, y, false);
  addBias(y, b);
}

void addBias(RowMat& y, const float* b) {
  // A plain loop: Eigen's broadcast add runs scalar in the wasm build.
  const auto n = static_cast<int32_t>(y.cols());
  for (Eigen::Index r = 0; r < y.rows(); ++r) {
    float* yr = y.row(r).data();
    for (int32_t k = 0; k < n; ++k) yr[k] += b[k];
  }
}

void linearBackward(const RowMat& dy, const RowMat& x, const float* w, RowMat* dx, float* dw, float* db) {
  const Eigen::Index out = dy.cols(), in = x.cols();
  MatMap dwm(dw, out, in);
  matmul(dy, true, x, false, dwm, true);
  VecMap(db, out) += dy.colwise().sum();
  if (dx) {
    dx->resize(dy.rows(), in);
    matmul(dy, false, ConstMatMap(w, out, in), false, *dx, false);
  }
}

void attentionForward(const RowMat& x, const Segments& seg, int32_t heads, const AttentionWeights& w, RowMat& y,
                      AttentionCache* cache) {
  const int32_t d = static_cast<int32_t>(x.cols());
  RowMat localQkv;
  RowMat& qkv = cache ? cache->qkv : localQkv;
  linearForward(x, w.qkvWeight, w.qkvBias, 3 * d, qkv);
  attendForward(qkv, seg, heads, w, y, cache);
}

void attendForward(const RowMat& qkv, const Segments& seg, int32_t heads, const AttentionWeights& w, RowMat& y,
                   AttentionCache* cache) {
  const int32_t d = static_cast<int32_t>(qkv.cols() / 3), dh = d / heads;
  const float scale = 1.0f / std::sqrt(static_cast<float>(dh));
  RowMat localCtx;
  RowMat& ctx = cache ? cache->context : localCtx;
  const std::size_t sequences = seg.count();
  ctx.resize(qkv.rows(), d);
  // Training keeps every weight for backward (in the cache); inference
  // needs one block of rows at a time.
  std::vector<float> scratch;
  std::vector<std::size_t> at(sequences);
  if (cache) {
    std::size_t total = 0;
    for (std::size_t s = 0; s < sequences; ++s) {
      const std::size_t len = static_cast<std::size_t>(seg.start[s + 1] - seg.start[s]);
      at[s] = total;
      total += static_cast<std::size_t>(heads) * len * len;
    }
    cache->probs.assign(total, 0.0f);
  }
  for (std::size_t s = 0; s < sequences; ++s) {
    const int32_t r0 = seg.start[s], len = seg.start[s + 1] - r0;
    for (int32_t j = 0; j < heads; ++j) {
      const auto q = qkv.block(r0, j * dh, len, dh);
      const auto k = qkv.block(r0, d + j * dh, len, dh);
      const auto v = qkv.block(r0, 2 * d + j * dh, len, dh);
      float* keep =
          cache ? cache->probs.data() + at[s] + static_cast<std::size_t>(j) * static_cast<std::size_t>(len * len)
                : nullptr;
      causalAttention(
          len,
          [&](int32_t t0, int32_t t1, MatMap& p) {
            matmul(q.middleRows(t0, t1 - t0), false, k.topRows(t1), true, p.leftCols(t1), false);
            p.leftCols(t1) *= scale;
          },
          v, ctx.block(r0, j * dh, len, dh), keep, scratch);
    }
  }
  if (cache) cache->probsAt = std::move(at);
  if (!w.projWeight) {  // the values came already projected (sasrec_first_block.hpp)
    y = ctx;
    return;
  }
  linearForward(ctx, w.projWeight, w.projBias, d, y);
}

void attentionBackward(const RowMat& dy, const RowMat& x, const Segments& seg, int32_t heads, const AttentionWeights& w,
                       const AttentionCache& c, RowMat& dx, const AttentionGrads& g) {
  const int32_t d = static_cast<int32_t>(x.cols()), dh = d / heads;
  const float scale = 1.0f / std::sqrt(static_cast<float>(dh));
  RowMat dctx;
  linearBackward(dy, c.context, w.projWeight, &dctx, g.projWeight, g.projBias);
  RowMat dqkv(x.rows(), 3 * d);
  RowMat dp, ds;
  for (std::size_t s = 0; s < seg.count(); ++s) {
    const int32_t r0 = seg.start[s], len = seg.start[s + 1] - r0;
    for (int32_t j = 0; j < heads; ++j) {
      const auto q = c.qkv.block(r0, j * dh, len, dh);
      const auto k = c.qkv.block(r0, d + j * dh, len, dh);
      const auto v = c.qkv.block(r0, 2 * d + j * dh, len, dh);
      ConstMatMap p(c.probs.data() + c.probsAt[s] + static_cast<std::size_t>(j) * static_cast<std::size_t>(len * len),
                    len, len);
      const auto dc = dctx.block(r0, j * dh, len, dh);
      dp.resize(len, len);
      matmul(dc, false, v, true, dp, false);
      matmul(p, true, dc, false, dqkv.block(r0, 2 * d + j * dh, len, dh), false);
      // Softmax backward per row: dS = P o (dP - sum(P o dP)); the masked
      // (future) entries have P = 0, so they get no gradient.
      ds = p.cwiseProduct(dp);
      const Eigen::VectorXf rowDot = ds.rowwise().sum();
      ds -= p.cwiseProduct(rowDot.replicate(1, len));
      ds *= scale;
      matmul(ds, false, k, false, dqkv.block(r0, j * dh, len, dh), false);
      matmul(ds, true, q, false, dqkv.block(r0, d + j * dh, len, dh), false);
    }
  }
  linearBackward(dqkv, x, w.qkvWeight, &dx, g.qkvWeight, g.qkvBias);
}

void ffnForward(const RowMat& x, const FfnWeights& w, RowMat& y, FfnCache* cache) {
  RowMat local;
  RowMat& hidden = cache ? cache->hidden : local;
  linearForward(x, w.w1, w.b1, w.hidden, hidden);
  float* h = hidden.data();
  for (Eigen::Index k = 0; k < hidden.size(); ++k) h[k] = h[k] > 0.0f ? h[k] : 0.0f;
  linearForward(hidden, w.w2, w.b2, static_cast<int32_t>(x.cols()), y);
}

void ffnBackward(const RowMat& dy, const RowMat& x, const FfnWeights& w, const FfnCache& c, RowMat& dx,
                 const FfnGrads& g) {
  RowMat dhidden;
  linearBackward(dy, c.hidden, w.w2, &dhidden, g.w2, g.b2);
  // ReLU: the gradient passes where the output was positive.
  dhidden = (c.hidden.array() > 0.0f).select(dhidden, 0.0f);
  linearBackward(dhidden, x, w.w1, &dx, g.w1, g.b1);
}

void embedForward(const InputRows& in, int32_t dim, const float* itemEmbedding, const float* positionEmbedding,
                  const float* feedbackEmbedding, RowMat& x) {
  const std::size_t n = in.item.size();
  const float root = std::sqrt(static_cast<float>(dim));
  x.resize(static_cast<Eigen::Index>(n), dim);
  const bool kinds = !in.kind.empty() && feedbackEmbedding;
  for (std::size_t r = 0; r < n; ++r) {
    auto row = x.row(static_cast<Eigen::Index>(r));
    row = ConstVecMap(itemEmbedding + static_cast<std::size_t>(in.item[r]) * dim, dim) * root +
          ConstVecMap(positionEmbedding + static_cast<std::size_t>(in.position[r]) * dim, dim);
    if (kinds) row += ConstVecMap(feedbackEmbedding + static_cast<std::size_t>(in.kind[r]) * dim, dim);
  }
}

void embedBackward(const RowMat& dx, const InputRows& in, float* dItem, float* dPosition, float* dFeedback) {
  const auto dim = static_cast<int32_t>(dx.cols());
  const float root = std::sqrt(static_cast<float>(dim));
  const bool kinds = !in.kind.empty() && dFeedback;
  for (std::size_t r = 0; r < in.item.size(); ++r) {
    const auto row = dx.row(static_cast<Eigen::Index>(r));
    VecMap(dItem + static_cast<std::size_t>(in.item[r]) * dim, dim) += row * root;
    VecMap(dPosition + static_cast<std::size_t>(in.position[r]) * dim, dim) += row;
    if (kinds) VecMap(dFeedback + static_cast<std::size_t>(in.kind[r]) * dim, dim) += row;
  }
}

double softmaxCrossEntropy(const RowMat& h, const std::vector<int32_t>& target, const float* itemEmbedding,
                           int32_t items, float scale, RowMat* dh, float* dItem, int64_t* targets) {
  const auto dim = static_cast<int32_t>(h.cols());
  // Item j's logit is column j - 1: the padding row 0 is never a candidate.
  ConstMatMap e(itemEmbedding + dim, items, dim);
  std::vector<int32_t> rows;
  for (std::size_t r = 0; r < target.size(); ++r)
    if (target[r] >= 0) rows.push_back(static_cast<int32_t>(r));
  if (dh) dh->setZero(h.rows(), dim);
  double loss = 0;
  const int32_t chunk = logitChunk(items);
  RowMat hc, logits, dhc;
  for (std::size_t at = 0; at < rows.size(); at += static_cast<std::size_t>(chunk)) {
    const auto m = static_cast<Eigen::Index>(std::min(rows.size() - at, static_cast<std::size_t>(chunk)));
    hc.resize(m, dim);
    for (Eigen::Index i = 0; i < m; ++i) hc.row(i) = h.row(rows[at + static_cast<std::size_t>(i)]);
    logits.resize(m, items);
    matmul(hc, false, e, true, logits, false);
    for (Eigen::Index i = 0; i < m; ++i) {
      auto row = logits.row(i);
      const int32_t t = target[static_cast<std::size_t>(rows[at + static_cast<std::size_t>(i)])] - 1;
      const float top = row.maxCoeff();
      const float picked = row[t];
      const double sum = expShiftedSum(row.data(), items, top);
      loss += std::log(sum) + static_cast<double>(top) - static_cast<double>(picked);
      if (dh) {
        row *= static_cast<float>(scale / sum);
        row[t] -= scale;
      }
    }
    if (!dh) continue;
    dhc.resize(m, dim);
    matmul(logits, false, e, false, dhc, false);
    for (Eigen::Index i = 0; i < m; ++i) dh->row(rows[at + static_cast<std::size_t>(i)]) += dhc.row(i);
    MatMap de(dItem + dim, items, dim);
    matmul(logits, true, hc, false, de, true);
  }
  if (targets) *targets = static_cast<int64_t>(rows.size());
  return loss;
}

double sampledCrossEntropy(const RowMat& h, const std::vector<int32_t>& target, const std::vector<int32_t>& negatives,
                           int32_t k, const float* itemEmbedding, float scale, RowMat* dh, float* dItem,
                           int64_t* targets) {
  const auto dim = static_cast<int32_t>(h.cols());
  if (dh) dh->setZero(h.rows(), dim);
  double loss = 0;
  int64_t count = 0;
  std::vector<float> logit(static_cast<std::size_t>(k) + 1);
  std::vector<int32_t> cand(static_cast<std::size_t>(k) + 1);
  for (std::size_t r = 0; r < target.size(); ++r) {
    if (target[r] < 0) continue;
    ++count;
    const auto hr = h.row(static_cast<Eigen::Index>(r));
    cand[0] = target[r];
    for (int32_t c = 0; c < k; ++c)
      cand[static_cast<std::size_t>(c) + 1] = negatives[r * k + static_cast<std::size_t>(c)];
    float top = -INFINITY;
    for (std::size_t c = 0; c <= static_cast<std::size_t>(k); ++c) {
      logit[c] = hr.dot(ConstVecMap(itemEmbedding + static_cast<std::size_t>(cand[c]) * dim, dim));
      top = std::max(top, logit[c]);
    }
    const float positive = logit[0];
    const double sum = expShiftedSum(logit.data(), k + 1, top);
    loss += std::log(sum) + static_cast<double>(top) - static_cast<double>(positive);
    if (!dh) continue;
    for (std::size_t c = 0; c <= static_cast<std::size_t>(k); ++c) {
      const float gc = scale * (static_cast<float>(logit[c] / sum) - (c == 0 ? 1.0f : 0.0f));
      dh->row(static_cast<Eigen::Index>(r)) +=
          gc * ConstVecMap(itemEmbedding + static_cast<std::size_t>(cand[c]) * dim, dim);
      VecMap(dItem + static_cast<std::size_t>(cand[c]) * dim, dim) += gc * hr;
    }
  }
  if (targets) *targets = count;
  return loss;
}

}  // namespace reelrank::sasrec
