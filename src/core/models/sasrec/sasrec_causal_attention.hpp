// Causal attention from logits however they are made: training's and the
// direct pass's from Q K^T (attendForward), the swipe path's from kept parts
// (sasrec_window_logits.hpp). A template, so the callers' logits inline.
#pragma once
#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "models/sasrec/sasrec_exp.hpp"
#include "models/sasrec/sasrec_gemm.hpp"
#include "models/sasrec/sasrec_layers.hpp"

namespace reelrank::sasrec {

// One sequence's causal attention for one head, from its logits, in blocks
// of kCausalRows rows (rows t0..t1-1 see keys 0..t1-1 only, so about half
// of the logits and of P V is never made). logits(t0, t1, p) writes rows
// t0..t1-1 of the scaled logits, columns 0..t1-1, into p (t1 - t0 rows,
// row stride len); they become the softmax weights (0 past each row's end)
// and ctx's rows t0..t1-1 become P V. `keep`: len x len floats, zero on
// entry, that keep every weight (training's backward reads them); null
// keeps one block at a time in `scratch`. v is the values (len x dh, an
// Eigen matrix or block) or, for inference, the same packed (PackedB):
// then each 4-row tile of P V reads only the keys its rows see.
constexpr int32_t kCausalRows = 32;

template <typename Logits, typename Values, typename Context>
void causalAttention(int32_t len, Logits&& logits, const Values& v, Context&& ctx, float* keep,
                     std::vector<float>& scratch) {
  if (!keep) scratch.resize(static_cast<std::size_t>(std::min(len, kCausalRows)) * static_cast<std::size_t>(len));
  for (int32_t t0 = 0; t0 < len; t0 += kCausalRows) {
    const int32_t t1 = std::min(len, t0 + kCausalRows);
    MatMap p(keep ? keep + static_cast<std::size_t>(t0) * static_cast<std::size_t>(len) : scratch.data(), t1 - t0, len);
    logits(t0, t1, p);
    for (int32_t t = t0; t < t1; ++t) {
      float* row = p.row(t - t0).data();
      softmaxInPlace(row, t + 1);
      // The block's later keys are row t's future: weight 0 in P V.
      std::fill(row + t + 1, row + t1, 0.0f);
    }
    if constexpr (std::is_same_v<std::decay_t<Values>, PackedB>)
      gemmPacked(t1 - t0, p.data(), len, v, ctx.middleRows(t0, t1 - t0).data(), static_cast<int32_t>(ctx.outerStride()),
                 false, t0);
    else
      matmul(p.leftCols(t1), false, v.topRows(t1), false, ctx.middleRows(t0, t1 - t0), false);
  }
}

}  // namespace reelrank::sasrec
