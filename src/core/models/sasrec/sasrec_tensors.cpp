#include "models/sasrec/sasrec_tensors.hpp"

#include <cmath>

#include "analytics/rng.hpp"
#include "common/limits.hpp"

namespace reelrank::sasrec {

std::vector<TensorRef> tensorList(SasrecWeights& w) {
  const auto& s = w.shape;
  const auto d = static_cast<std::size_t>(s.dim), f = static_cast<std::size_t>(s.ffn);
  std::vector<TensorRef> t;
  t.push_back({"item_embedding", &w.itemEmbedding, static_cast<std::size_t>(s.items) + 1, d});
  t.push_back({"position_embedding", &w.positionEmbedding, static_cast<std::size_t>(s.maxLen), d});
  if (s.feedbackKinds > 0)
    t.push_back({"feedback_embedding", &w.feedbackEmbedding, static_cast<std::size_t>(s.feedbackKinds), d});
  for (std::size_t b = 0; b < w.blocks.size(); ++b) {
    SasrecBlock& k = w.blocks[b];
    const std::string p = "block." + std::to_string(b) + ".";
    t.push_back({p + "norm1.weight", &k.norm1Weight, d, 1});
    t.push_back({p + "norm1.bias", &k.norm1Bias, d, 1});
    t.push_back({p + "qkv.weight", &k.qkvWeight, 3 * d, d});
    t.push_back({p + "qkv.bias", &k.qkvBias, 3 * d, 1});
    t.push_back({p + "proj.weight", &k.projWeight, d, d});
    t.push_back({p + "proj.bias", &k.projBias, d, 1});
    t.push_back({p + "norm2.weight", &k.norm2Weight, d, 1});
    t.push_back({p + "norm2.bias", &k.norm2Bias, d, 1});
    t.push_back({p + "ffn1.weight", &k.ffn1Weight, f, d});
    t.push_back({p + "ffn1.bias", &k.ffn1Bias, f, 1});
    t.push_back({p + "ffn2.weight", &k.ffn2Weight, d, f});
    t.push_back({p + "ffn2.bias", &k.ffn2Bias, d, 1});
  }
  t.push_back({"final_norm.weight", &w.finalNormWeight, d, 1});
  t.push_back({"final_norm.bias", &w.finalNormBias, d, 1});
  return t;
}

Status checkShape(const SasrecShape& s) {
  const auto maxDim = static_cast<int32_t>(limits::kMaxEmbeddingDim);
  if (s.items < 1 || static_cast<std::size_t>(s.items) > limits::kMaxCatalogItems)
    return argError("sasrec: items must be in 1.." + std::to_string(limits::kMaxCatalogItems));
  if (s.dim < 1 || s.dim > maxDim) return argError("sasrec: dim must be in 1.." + std::to_string(maxDim));
  if (s.ffn < 1 || s.ffn > maxDim) return argError("sasrec: ffn must be in 1.." + std::to_string(maxDim));
  if (s.heads < 1 || s.dim % s.heads != 0) return argError("sasrec: heads must divide dim");
  if (s.blocks < 1 || s.blocks > kMaxBlocks)
    return argError("sasrec: blocks must be in 1.." + std::to_string(kMaxBlocks));
  if (s.maxLen < 1 || s.maxLen > kMaxLen) return argError("sasrec: maxLen must be in 1.." + std::to_string(kMaxLen));
  if (s.feedbackKinds < 0 || s.feedbackKinds > kMaxFeedbackRows)
    return argError("sasrec: feedbackKinds must be in 0.." + std::to_string(kMaxFeedbackRows));
  return Status::ok();
}

double weightFloats(const SasrecShape& s) {
  const double d = s.dim, f = s.ffn;
  const double block = 4 * d + 3 * d * d + 3 * d + d * d + d + f * d + f + d * f + d;
  return (s.items + 1.0 + s.maxLen + s.feedbackKinds) * d + s.blocks * block + 2 * d;
}

void resizeZero(SasrecWeights& w, const SasrecShape& s) {
  w.shape = s;
  w.blocks.assign(static_cast<std::size_t>(s.blocks), SasrecBlock{});
  if (s.feedbackKinds == 0) w.feedbackEmbedding.clear();
  for (auto& t : tensorList(w)) t.data->assign(t.rows * t.cols, 0.0f);
}

Status checkWeights(const SasrecWeights& w) {
  RR_TRY(checkShape(w.shape));
  if (w.blocks.size() != static_cast<std::size_t>(w.shape.blocks))
    return corruptError("sasrec: the number of blocks does not match the shape");
  if (w.shape.feedbackKinds == 0 && !w.feedbackEmbedding.empty())
    return corruptError("sasrec: feedback_embedding present without feedback kinds");
  for (const auto& t : tensorList(const_cast<SasrecWeights&>(w))) {
    if (t.data->size() != t.rows * t.cols) return corruptError("sasrec: tensor " + t.name + " has the wrong size");
    for (float v : *t.data)
      if (!std::isfinite(v)) return corruptError("sasrec: tensor " + t.name + " holds a non-finite value");
  }
  return Status::ok();
}

void initialise(SasrecWeights& w, const SasrecShape& s, uint64_t seed) {
  resizeZero(w, s);
  analytics::Rng rng(seed);
  const double embStd = 1.0 / std::sqrt(static_cast<double>(s.dim));
  for (auto& t : tensorList(w)) {
    auto& v = *t.data;
    const bool embedding = t.name.find("embedding") != std::string::npos;
    const bool norm = t.name.find("norm") != std::string::npos;
    if (embedding) {
      for (auto& x : v) x = static_cast<float>(rng.gaussian() * embStd);
      if (t.name == "item_embedding")
        for (std::size_t c = 0; c < t.cols; ++c) v[c] = 0.0f;  // the padding row
    } else if (norm) {
      if (t.name.find("weight") != std::string::npos) v.assign(v.size(), 1.0f);
    } else if (t.cols > 1) {
      const double bound = 1.0 / std::sqrt(static_cast<double>(t.cols));
      for (auto& x : v) x = static_cast<float>((2 * rng.uniform() - 1) * bound);
    }
  }
}

}  // namespace reelrank::sasrec
