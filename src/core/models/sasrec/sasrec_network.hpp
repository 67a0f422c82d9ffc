// The whole SASRec network on a packed batch of sequences: forward (keeping
// what backward needs), the loss, and backward into a gradient shaped like
// the weights. Dropout (training only) is applied to the input embeddings, to
// each attention output and to each feed-forward output, before the residual
// sums; at inference (dropout 0) the network is exactly sasrec_weights.hpp's
// equations.
#pragma once
#include <cstdint>
#include <vector>

#include "analytics/rng.hpp"
#include "models/sasrec/sasrec_layers.hpp"
#include "models/sasrec/sasrec_weights.hpp"

namespace reelrank::sasrec {

// A packed batch: the input rows of every sequence and, per row, the
// embedding row of the item to predict there (-1: no target).
struct Batch {
  Segments seg;
  InputRows in;
  std::vector<int32_t> target;
};

struct BlockCache {
  RowMat input;  // x entering the block
  LayerNormCache norm1;
  RowMat normed1;
  AttentionCache attention;
  DropoutMask attentionDrop;
  RowMat middle;  // x after the attention's residual
  LayerNormCache norm2;
  RowMat normed2;
  FfnCache ffn;
  DropoutMask ffnDrop;
};

struct NetworkCache {
  DropoutMask inputDrop;
  std::vector<BlockCache> blocks;
  RowMat last;  // x after the last block
  LayerNormCache finalNorm;
  RowMat out;  // h for every row
};

// Forward for every row; out = LNout(x). dropout in [0, 1); rng may be null when dropout = 0.
void networkForward(const SasrecWeights& w, const Batch& b, float dropout, analytics::Rng* rng, NetworkCache& c);
// Given dL/d(out), adds dL/d(every weight) into g (shaped like w).
void networkBackward(const SasrecWeights& w, const Batch& b, const NetworkCache& c, const RowMat& dOut,
                     SasrecWeights& g);

// The loss of a forward pass: mean cross-entropy over the batch's targets,
// full softmax when negatives is empty, else sampled (k per row). With g
// non-null, adds its gradient (network and output embedding) into g.
// Returns the summed loss; *targets the count it is the sum over.
double networkLoss(const SasrecWeights& w, const Batch& b, const NetworkCache& c, const std::vector<int32_t>& negatives,
                   int32_t k, SasrecWeights* g, int64_t* targets);

}  // namespace reelrank::sasrec
