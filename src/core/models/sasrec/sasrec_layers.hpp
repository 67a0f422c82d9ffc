// The layers of the SASRec model (sasrec_weights.hpp has the equations), each
// with its forward pass and its hand-written backward pass, on packed batches:
// the rows of a matrix are the positions of several sequences one after
// another (no padding), and `Segments` says where each sequence starts. Every
// matrix is row-major, so a layer's projection is one GEMM over all the
// positions of the batch. Backward passes assign the input gradient and add
// into the parameter gradients (a batch's gradient is their sum).
#pragma once
#include <Eigen/Dense>
#include <cstdint>
#include <vector>

namespace reelrank::sasrec {

using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVec = Eigen::Matrix<float, 1, Eigen::Dynamic>;
using MatMap = Eigen::Map<RowMat>;
using ConstMatMap = Eigen::Map<const RowMat>;
using VecMap = Eigen::Map<RowVec>;
using ConstVecMap = Eigen::Map<const RowVec>;

// Sequence k occupies rows start[k] .. start[k + 1] - 1.
struct Segments {
  std::vector<int32_t> start;  // sequences + 1
  std::size_t count() const { return start.empty() ? 0 : start.size() - 1; }
  int32_t rows() const { return start.empty() ? 0 : start.back(); }
};

// Inverted dropout: each entry kept with probability 1 - p and scaled by
// 1 / (1 - p). The mask is stored so backward applies the same one.
struct DropoutMask {
  RowMat scale;  // empty: no dropout
  bool active() const { return scale.size() > 0; }
};

// --- LayerNorm: y = (x - mean) / sqrt(var + eps) * w + b, per row ---
struct LayerNormCache {
  RowMat xhat;           // normalised input
  Eigen::VectorXf rstd;  // 1 / sqrt(var + eps) per row
};
void layerNormForward(const RowMat& x, const float* w, const float* b, RowMat& y, LayerNormCache* cache);
void layerNormBackward(const RowMat& dy, const float* w, const LayerNormCache& c, RowMat& dx, float* dw, float* db);

// --- Linear: y = x W^T + b, W [out, in] ---
void linearForward(const RowMat& x, const float* w, const float* b, int32_t out, RowMat& y);
// y's every row += b (y.cols() floats).
void addBias(RowMat& y, const float* b);
// dx may be null (the input needs no gradient).
void linearBackward(const RowMat& dy, const RowMat& x, const float* w, RowMat* dx, float* dw, float* db);

// --- Causal multi-head self-attention with its fused [Q;K;V] and output projections ---
struct AttentionWeights {
  const float* qkvWeight;   // 3d x d
  const float* qkvBias;     // 3d
  const float* projWeight;  // d x d
  const float* projBias;    // d
};
struct AttentionGrads {
  float *qkvWeight, *qkvBias, *projWeight, *projBias;
};
struct AttentionCache {
  RowMat qkv;                        // rows x 3d
  RowMat context;                    // rows x d: the heads' outputs before the projection
  std::vector<float> probs;          // per sequence, per head, L x L (row t: weights over 0..t)
  std::vector<std::size_t> probsAt;  // sequences: offset of each sequence's block in probs
};
// y = Wo Attn(x) + bo for every row (inference's final position alone:
// sasrec_last_query.hpp).
void attentionForward(const RowMat& x, const Segments& seg, int32_t heads, const AttentionWeights& w, RowMat& y,
                      AttentionCache* cache);
// The same from the rows' [Q;K;V] (rows x 3d), however they were made
// (inference makes the first block's from cached parts: sasrec_first_block.hpp).
// With w.projWeight null the values are taken as already projected (Wo v +
// bo, one head): y is then the attention's weighted sum of them.
void attendForward(const RowMat& qkv, const Segments& seg, int32_t heads, const AttentionWeights& w, RowMat& y,
                   AttentionCache* cache);
void attentionBackward(const RowMat& dy, const RowMat& x, const Segments& seg, int32_t heads, const AttentionWeights& w,
                       const AttentionCache& c, RowMat& dx, const AttentionGrads& g);

// --- Feed-forward: y = W2 ReLU(W1 x + c1) + c2 ---
struct FfnWeights {
  const float *w1, *b1, *w2, *b2;
  int32_t hidden;
};
struct FfnGrads {
  float *w1, *b1, *w2, *b2;
};
struct FfnCache {
  RowMat hidden;  // after the ReLU
};
void ffnForward(const RowMat& x, const FfnWeights& w, RowMat& y, FfnCache* cache);
void ffnBackward(const RowMat& dy, const RowMat& x, const FfnWeights& w, const FfnCache& c, RowMat& dx,
                 const FfnGrads& g);

// --- Input: x_t = E[i_t] sqrt(d) + P[maxLen - L + t - 1] (+ F[f_t]) ---
struct InputRows {
  std::vector<int32_t> item;      // embedding row (1..items) per position
  std::vector<int32_t> position;  // position row per position
  std::vector<int32_t> kind;      // feedback row per position; empty without feedback
};
void embedForward(const InputRows& in, int32_t dim, const float* itemEmbedding, const float* positionEmbedding,
                  const float* feedbackEmbedding, RowMat& x);
// Adds the gradient of the loss for x into the embeddings' gradients (the
// feedback gradient only when the input has kinds).
void embedBackward(const RowMat& dx, const InputRows& in, float* dItem, float* dPosition, float* dFeedback);

// --- Losses: mean cross-entropy over the rows whose target >= 0 ---
// Full softmax over every item (embedding rows 1..items): logits = h E^T.
// Returns the summed loss and the number of targets; with `dh`/`dItem`
// non-null, adds d(sum loss * scale)/d(h, E) (scale = 1 / targets of the batch).
double softmaxCrossEntropy(const RowMat& h, const std::vector<int32_t>& target, const float* itemEmbedding,
                           int32_t items, float scale, RowMat* dh, float* dItem, int64_t* targets);
// Sampled: the positive and negatives[r * k .. r * k + k - 1] (embedding rows)
// per row; plain sampled cross-entropy over those k + 1 (no logQ correction).
double sampledCrossEntropy(const RowMat& h, const std::vector<int32_t>& target, const std::vector<int32_t>& negatives,
                           int32_t k, const float* itemEmbedding, float scale, RowMat* dh, float* dItem,
                           int64_t* targets);

}  // namespace reelrank::sasrec
