#include "models/sasrec/sasrec_inference.hpp"

#include <algorithm>

#include "common/dot.hpp"
#include "models/sasrec/sasrec_last_query.hpp"
#include "models/sasrec/sasrec_layers.hpp"
#include "models/sasrec/sasrec_vec4.hpp"

namespace reelrank::sasrec {

namespace {

inline float lanes(V4 v) { return (v[0] + v[2]) + (v[1] + v[3]); }

// scores[j] = h . e_j for `items` rows of e (row-major, d floats each): four
// rows at a time, so each 4-float slice of h is loaded once for four dots.
void scoreItems(const float* h, const float* e, int32_t items, int32_t d, float* scores) {
  const auto du = static_cast<std::size_t>(d);
  int32_t j = 0;
  if (d % 4 == 0) {
    for (; j + 4 <= items; j += 4) {
      const float* e0 = e + static_cast<std::size_t>(j) * du;
      V4 a0{}, a1{}, a2{}, a3{};
      for (std::size_t k = 0; k < du; k += 4) {
        const V4 hk = loadV4(h + k);
        a0 += hk * loadV4(e0 + k);
        a1 += hk * loadV4(e0 + du + k);
        a2 += hk * loadV4(e0 + 2 * du + k);
        a3 += hk * loadV4(e0 + 3 * du + k);
      }
      scores[j] = lanes(a0);
      scores[j + 1] = lanes(a1);
      scores[j + 2] = lanes(a2);
      scores[j + 3] = lanes(a3);
    }
  }
  for (; j < items; ++j) scores[j] = dotf(h, e + static_cast<std::size_t>(j) * du, d);
}

// y = W2 ReLU(W1 x + b1) + b2 per row, with the weights packed.
void ffnPacked(const RowMat& x, const PackedFfn& p, const float* b1, const float* b2, RowMat& hidden, RowMat& y) {
  const int32_t f = p.w1.cols(), d = p.w2.cols();
  hidden.resize(x.rows(), f);
  gemmPacked(static_cast<int32_t>(x.rows()), x.data(), static_cast<int32_t>(x.cols()), p.w1, hidden.data(), f, false);
  for (Eigen::Index r = 0; r < hidden.rows(); ++r) {
    float* h = hidden.row(r).data();
    for (int32_t k = 0; k < f; ++k) h[k] = std::max(h[k] + b1[k], 0.0f);
  }
  y.resize(x.rows(), d);
  gemmPacked(static_cast<int32_t>(hidden.rows()), hidden.data(), f, p.w2, y.data(), d, false);
  addBias(y, b2);
}

}  // namespace

std::vector<PackedFfn> packFfns(const SasrecWeights& w) {
  const SasrecShape& s = w.shape;
  std::vector<PackedFfn> out(w.blocks.size());
  for (std::size_t k = 0; k < w.blocks.size(); ++k) {
    // linearForward's y = x W^T: B is W^T, W stored [out, in].
    out[k].w1.pack(w.blocks[k].ffn1Weight.data(), s.dim, s.ffn, s.dim, true);
    out[k].w2.pack(w.blocks[k].ffn2Weight.data(), s.ffn, s.dim, s.ffn, true);
  }
  return out;
}

void inferSequence(const SasrecWeights& w, const std::vector<Step>& steps, bool withScores, Inference* out,
                   FirstBlockProjections* firstBlock, FirstBlockWindow* window, const std::vector<PackedFfn>* ffn) {
  const SasrecShape& s = w.shape;
  const std::size_t len = std::min(steps.size(), static_cast<std::size_t>(s.maxLen));
  const std::size_t first = steps.size() - len;
  const auto L = static_cast<int32_t>(len);
  InputRows in;
  for (std::size_t t = 0; t < len; ++t) {
    in.item.push_back(steps[first + t].row);
    in.position.push_back(s.maxLen - L + static_cast<int32_t>(t));
    if (s.feedbackKinds > 0) in.kind.push_back(std::min(steps[first + t].kind, s.feedbackKinds - 1));
  }
  Segments seg;
  seg.start = {0, L};
  RowMat x, normed, y, qkv, hidden;
  embedForward(in, s.dim, w.itemEmbedding.data(), w.positionEmbedding.data(),
               s.feedbackKinds > 0 ? w.feedbackEmbedding.data() : nullptr, x);
  std::vector<float> probs;  // the last block's final-position weights, heads x L
  for (std::size_t k = 0; k < w.blocks.size(); ++k) {
    const SasrecBlock& b = w.blocks[k];
    const bool last = k + 1 == w.blocks.size();
    AttentionWeights aw{b.qkvWeight.data(), b.qkvBias.data(), b.projWeight.data(), b.projBias.data()};
    if (last) {
      // Only the final position goes on: its query folded through the keys
      // and values (sasrec_last_query.hpp).
      layerNormForward(x, b.norm1Weight.data(), b.norm1Bias.data(), normed, nullptr);
      lastQueryAttention(normed, s.heads, aw, y, probs);
      RowMat row = x.row(L - 1);
      x = std::move(row);
    } else if (k == 0 && firstBlock) {
      if (!window || !window->forward(w, *firstBlock, in, y)) {
        firstBlock->qkv(w, in, qkv);
        if (firstBlock->valuesProjected()) aw.projWeight = nullptr;
        attendForward(qkv, seg, s.heads, aw, y, nullptr);
      }
    } else {
      layerNormForward(x, b.norm1Weight.data(), b.norm1Bias.data(), normed, nullptr);
      attentionForward(normed, seg, s.heads, aw, y, nullptr);
    }
    x += y;
    layerNormForward(x, b.norm2Weight.data(), b.norm2Bias.data(), normed, nullptr);
    if (ffn)
      ffnPacked(normed, (*ffn)[k], b.ffn1Bias.data(), b.ffn2Bias.data(), hidden, y);
    else
      ffnForward(normed, {b.ffn1Weight.data(), b.ffn1Bias.data(), b.ffn2Weight.data(), b.ffn2Bias.data(), s.ffn}, y,
                 nullptr);
    x += y;
  }
  RowMat h;
  layerNormForward(x, w.finalNormWeight.data(), w.finalNormBias.data(), h, nullptr);
  out->hidden.assign(h.data(), h.data() + s.dim);
  out->firstStep = first;
  out->attention.assign(len, 0.0f);
  for (int32_t j = 0; j < s.heads; ++j)
    for (std::size_t t = 0; t < len; ++t) out->attention[t] += probs[static_cast<std::size_t>(j) * len + t];
  for (auto& a : out->attention) a /= static_cast<float>(s.heads);
  if (!withScores) {
    out->scores.clear();
    return;
  }
  out->scores.resize(static_cast<std::size_t>(s.items));
  scoreItems(out->hidden.data(), w.itemEmbedding.data() + s.dim, s.items, s.dim, out->scores.data());
}

const Inference& InferenceCache::run(const SasrecWeights& w, const std::vector<Step>& steps) {
  const bool same = valid_ && steps.size() == steps_.size() &&
                    std::equal(steps.begin(), steps.end(), steps_.begin(), [](const Step& a, const Step& b) {
                      return a.row == b.row && a.kind == b.kind && a.positive == b.positive;
                    });
  if (same) return result_;
  valid_ = false;
  if (!first_ || firstFor_ != &w) {
    first_ = std::make_unique<FirstBlockProjections>(w);
    window_.reset();
    if (w.blocks.size() > 1 && FirstBlockWindow::fits(w.shape))
      window_ = std::make_unique<FirstBlockWindow>(w, *first_);
    ffn_.clear();
    if (kPackedProducts) ffn_ = packFfns(w);
    firstFor_ = &w;
  }
  inferSequence(w, steps, true, &result_, first_.get(), window_.get(), kPackedProducts ? &ffn_ : nullptr);
  steps_ = steps;
  valid_ = true;
  ++passes_;
  return result_;
}

}  // namespace reelrank::sasrec
