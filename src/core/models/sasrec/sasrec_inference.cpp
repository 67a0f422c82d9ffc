#include "models/sasrec/sasrec_inference.hpp"

#include <algorithm>

#include "common/dot.hpp"
#include "models/sasrec/sasrec_last_query.hpp"
#include "models/sasrec/sasrec_layers.hpp"

namespace reelrank::sasrec {

void inferSequence(const SasrecWeights& w, const std::vector<Step>& steps, bool withScores, Inference* out,
                   FirstBlockProjections* firstBlock, FirstBlockWindow* window) {
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
  RowMat x, normed, y, qkv;
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
  const float* e = w.itemEmbedding.data() + s.dim;
  for (int32_t j = 0; j < s.items; ++j)
    out->scores[static_cast<std::size_t>(j)] = dotf(out->hidden.data(), e + static_cast<std::size_t>(j) * s.dim, s.dim);
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
    firstFor_ = &w;
  }
  inferSequence(w, steps, true, &result_, first_.get(), window_.get());
  steps_ = steps;
  valid_ = true;
  ++passes_;
  return result_;
}

}  // namespace reelrank::sasrec
