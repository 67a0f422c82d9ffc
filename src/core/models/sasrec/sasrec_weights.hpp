// SasrecWeights: the parameters of reelrank's self-attention next-video model
// (SASRec, Kang & McAuley 2018, with optional feedback embeddings), in exactly
// the layout of the .safetensors import (docs/models.md, "sasrec"): every
// matrix row-major in PyTorch's [out, in] layout (y = W x + b).
//
// The architecture, fixed so that imported weights mean the same thing: for a
// person's last L <= maxLen items i_1..i_L (most recent last), d = dim,
//   x_t = E[i_t] * sqrt(d) + P[maxLen - L + t - 1] (+ F[f_t] with feedback),
//   per block: x <- x + Attn(LN1(x)); x <- x + W2 ReLU(W1 LN2(x) + c1) + c2,
//   Attn: causal multi-head scaled dot-product attention, [Q;K;V] = Wqkv x + bqkv
//   (rows: all of Q, then K, then V; head j uses rows j*d/h..(j+1)*d/h-1 of each),
//   then Wo y + bo;
//   h = LNout(x_L); score(j) = h . E[j]. LayerNorm eps 1e-5, with weight and bias.
// Embedding row 0 is padding; row r (1..items) is model item r - 1.
#pragma once
#include <cstdint>
#include <vector>

namespace reelrank::sasrec {

constexpr float kLayerNormEps = 1e-5f;

struct SasrecShape {
  int32_t items = 0;  // model items (the embedding has items + 1 rows)
  int32_t dim = 64;   // d
  int32_t blocks = 2;
  int32_t heads = 1;          // divides dim
  int32_t maxLen = 200;       // positions
  int32_t ffn = 64;           // f: the feed-forward hidden size
  int32_t feedbackKinds = 0;  // rows of the feedback embedding; 0 = none
};

struct SasrecBlock {
  std::vector<float> norm1Weight, norm1Bias;  // d
  std::vector<float> qkvWeight;               // 3d x d
  std::vector<float> qkvBias;                 // 3d
  std::vector<float> projWeight;              // d x d
  std::vector<float> projBias;                // d
  std::vector<float> norm2Weight, norm2Bias;  // d
  std::vector<float> ffn1Weight;              // f x d
  std::vector<float> ffn1Bias;                // f
  std::vector<float> ffn2Weight;              // d x f
  std::vector<float> ffn2Bias;                // d
};

struct SasrecWeights {
  SasrecShape shape;
  std::vector<float> itemEmbedding;      // (items + 1) x d, row 0 padding
  std::vector<float> positionEmbedding;  // maxLen x d
  std::vector<float> feedbackEmbedding;  // feedbackKinds x d, empty when feedbackKinds = 0
  std::vector<SasrecBlock> blocks;
  std::vector<float> finalNormWeight, finalNormBias;  // d
};

}  // namespace reelrank::sasrec
