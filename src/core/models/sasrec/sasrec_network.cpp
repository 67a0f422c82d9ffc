#include "models/sasrec/sasrec_network.hpp"

namespace reelrank::sasrec {

namespace {

AttentionWeights attentionOf(const SasrecBlock& k) {
  return {k.qkvWeight.data(), k.qkvBias.data(), k.projWeight.data(), k.projBias.data()};
}
AttentionGrads attentionGradsOf(SasrecBlock& k) {
  return {k.qkvWeight.data(), k.qkvBias.data(), k.projWeight.data(), k.projBias.data()};
}
FfnWeights ffnOf(const SasrecBlock& k, int32_t hidden) {
  return {k.ffn1Weight.data(), k.ffn1Bias.data(), k.ffn2Weight.data(), k.ffn2Bias.data(), hidden};
}
FfnGrads ffnGradsOf(SasrecBlock& k) {
  return {k.ffn1Weight.data(), k.ffn1Bias.data(), k.ffn2Weight.data(), k.ffn2Bias.data()};
}

// Draws an inverted-dropout mask shaped like x and applies it to x.
void dropIn(RowMat& x, float p, analytics::Rng* rng, DropoutMask& mask) {
  if (p <= 0 || !rng) {
    mask.scale.resize(0, 0);
    return;
  }
  mask.scale.resize(x.rows(), x.cols());
  const float keep = 1.0f / (1.0f - p);
  float* s = mask.scale.data();
  const std::size_t n = static_cast<std::size_t>(mask.scale.size());
  // Two 32-bit uniforms from each 64-bit draw: the masks are most of the
  // random numbers an epoch uses.
  const auto threshold = static_cast<uint64_t>(static_cast<double>(p) * 4294967296.0);
  for (std::size_t i = 0; i < n; i += 2) {
    const uint64_t r = rng->next();
    s[i] = (r & 0xffffffffu) < threshold ? 0.0f : keep;
    if (i + 1 < n) s[i + 1] = (r >> 32) < threshold ? 0.0f : keep;
  }
  x.array() *= mask.scale.array();
}

void dropBack(RowMat& dx, const DropoutMask& mask) {
  if (mask.active()) dx.array() *= mask.scale.array();
}

}  // namespace

void networkForward(const SasrecWeights& w, const Batch& b, float dropout, analytics::Rng* rng, NetworkCache& c) {
  const SasrecShape& s = w.shape;
  RowMat x;
  embedForward(b.in, s.dim, w.itemEmbedding.data(), w.positionEmbedding.data(),
               s.feedbackKinds > 0 ? w.feedbackEmbedding.data() : nullptr, x);
  dropIn(x, dropout, rng, c.inputDrop);
  c.blocks.resize(w.blocks.size());
  RowMat y;
  for (std::size_t k = 0; k < w.blocks.size(); ++k) {
    const SasrecBlock& blk = w.blocks[k];
    BlockCache& bc = c.blocks[k];
    bc.input = x;
    layerNormForward(x, blk.norm1Weight.data(), blk.norm1Bias.data(), bc.normed1, &bc.norm1);
    attentionForward(bc.normed1, b.seg, s.heads, attentionOf(blk), y, &bc.attention);
    dropIn(y, dropout, rng, bc.attentionDrop);
    x += y;
    bc.middle = x;
    layerNormForward(x, blk.norm2Weight.data(), blk.norm2Bias.data(), bc.normed2, &bc.norm2);
    ffnForward(bc.normed2, ffnOf(blk, s.ffn), y, &bc.ffn);
    dropIn(y, dropout, rng, bc.ffnDrop);
    x += y;
  }
  c.last = std::move(x);
  layerNormForward(c.last, w.finalNormWeight.data(), w.finalNormBias.data(), c.out, &c.finalNorm);
}

void networkBackward(const SasrecWeights& w, const Batch& b, const NetworkCache& c, const RowMat& dOut,
                     SasrecWeights& g) {
  const SasrecShape& s = w.shape;
  RowMat dx, dy, dn;
  layerNormBackward(dOut, w.finalNormWeight.data(), c.finalNorm, dx, g.finalNormWeight.data(), g.finalNormBias.data());
  for (std::size_t k = w.blocks.size(); k-- > 0;) {
    const SasrecBlock& blk = w.blocks[k];
    SasrecBlock& gb = g.blocks[k];
    const BlockCache& bc = c.blocks[k];
    // x_out = middle + drop(FFN(LN2(middle)))
    dy = dx;
    dropBack(dy, bc.ffnDrop);
    ffnBackward(dy, bc.normed2, ffnOf(blk, s.ffn), bc.ffn, dn, ffnGradsOf(gb));
    layerNormBackward(dn, blk.norm2Weight.data(), bc.norm2, dy, gb.norm2Weight.data(), gb.norm2Bias.data());
    dx += dy;
    // middle = input + drop(Attn(LN1(input)))
    dy = dx;
    dropBack(dy, bc.attentionDrop);
    attentionBackward(dy, bc.normed1, b.seg, s.heads, attentionOf(blk), bc.attention, dn, attentionGradsOf(gb));
    layerNormBackward(dn, blk.norm1Weight.data(), bc.norm1, dy, gb.norm1Weight.data(), gb.norm1Bias.data());
    dx += dy;
  }
  dropBack(dx, c.inputDrop);
  embedBackward(dx, b.in, g.itemEmbedding.data(), g.positionEmbedding.data(),
                s.feedbackKinds > 0 ? g.feedbackEmbedding.data() : nullptr);
}

double networkLoss(const SasrecWeights& w, const Batch& b, const NetworkCache& c, const std::vector<int32_t>& negatives,
                   int32_t k, SasrecWeights* g, int64_t* targets) {
  int64_t count = 0;
  for (int32_t t : b.target) count += t >= 0 ? 1 : 0;
  if (targets) *targets = count;
  if (count == 0) return 0;
  const float scale = 1.0f / static_cast<float>(count);
  RowMat dOut;
  const double loss = negatives.empty()
                          ? softmaxCrossEntropy(c.out, b.target, w.itemEmbedding.data(), w.shape.items, scale,
                                                g ? &dOut : nullptr, g ? g->itemEmbedding.data() : nullptr, nullptr)
                          : sampledCrossEntropy(c.out, b.target, negatives, k, w.itemEmbedding.data(), scale,
                                                g ? &dOut : nullptr, g ? g->itemEmbedding.data() : nullptr, nullptr);
  if (g) networkBackward(w, b, c, dOut, *g);
  return loss;
}

}  // namespace reelrank::sasrec
