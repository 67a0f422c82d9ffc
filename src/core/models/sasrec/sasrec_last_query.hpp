// The last block's attention for the final position alone, with no key or
// value for any other position. Inference needs only the final position's
// output (sasrec_inference.hpp), and for one query the projections fold
// into it. For head j, with Wq_j, Wk_j, Wv_j its rows of Wqkv and n_t the
// block's normalised rows:
//   q     = Wq_j n_L + bq_j
//   q.k_t = (Wk_j^T q) . n_t + q . bk_j    (the last term is the same for
//                                           every t: the softmax drops it)
//   sum_t p_t v_t = Wv_j (sum_t p_t n_t) + bv_j    (the weights sum to 1)
// A head then costs 2 L d + 3 (d/h) d multiply-adds where keys and values
// for every position cost 2 L (d/h) d: at d 64 and 200 events, 26 thousand
// against 1.6 million, a fifth of a whole pass.
#pragma once
#include <cstdint>
#include <vector>

#include "models/sasrec/sasrec_layers.hpp"

namespace reelrank::sasrec {

// y (1 x d) = the last row of attentionForward(normed), up to rounding; probs gets the final position's
// attention weights, heads x L (row j: head j's weights over 0..L-1).
void lastQueryAttention(const RowMat& normed, int32_t heads, const AttentionWeights& w, RowMat& y,
                        std::vector<float>& probs);

}  // namespace reelrank::sasrec
