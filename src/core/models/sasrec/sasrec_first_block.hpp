// The first block's [Q;K;V] for inference, from parts that each depend on one
// input. LayerNorm centres its input, and centring is linear: with
// c(v) = v - mean(v) and x_t = sqrt(d) E[i] + P[p] (+ F[k]),
//   c(x_t) = c_i + c_p (+ c_k),   var(x_t) = |c(x_t)|^2 / d
//          = (|c_i|^2 + |c_p|^2 + 2 c_i.c_p (+ the kind's terms)) / d,
//   Wqkv LN1(x_t) + bqkv = (G c_i + G c_p (+ G c_k)) / s_t + (Wqkv beta + bqkv),
// where G = Wqkv diag(gamma) and s_t = sqrt(var + eps). G c_p (per position)
// and G c_k (per feedback kind) are made once per model, G c_i when item i
// first enters a window. A step then costs two or three dot products of d
// and a sum of 3d, where the direct projection costs 3d * d multiply-adds.
//
// This matters because a new event moves every earlier one to another
// position (positions are aligned to the end; sasrec_inference.hpp), so
// nothing of the previous pass can be kept, but the item side of every step
// can. It removes the first block's projection, about a quarter of a pass.
//
// With one head the output projection folds in too: attention mixes values
// with weights that sum to 1, so Wo (sum_s p_s v_s) + bo = sum_s p_s (Wo v_s
// + bo), and the parts can hold Wo Wv in place of Wv (made once per model,
// d x d). The block's attention output is then the weighted sum itself, and
// its d x d projection of every position (a ninth of a pass) is gone. With
// several heads Wo mixes them, so the values stay as they are.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "models/sasrec/sasrec_layers.hpp"
#include "models/sasrec/sasrec_weights.hpp"

namespace reelrank::sasrec {

class FirstBlockProjections {
 public:
  // Items kept at most: when a window brings more, the kept ones are dropped
  // and the window's own are made again (at d 64, 1,024 items are 1 MB).
  static constexpr std::size_t kMaxKeptItems = 1024;

  // Made for `w`, whose weights must not change while this is used.
  explicit FirstBlockProjections(const SasrecWeights& w);

  // qkv (rows x 3d) of the first block for the given inputs, as
  // linearForward(LN1(embed(in))) gives it up to rounding; when
  // valuesProjected(), its last d columns are Wo v + bo instead of v.
  void qkv(const SasrecWeights& w, const InputRows& in, RowMat& out);

  // True for one head: qkv()'s values are already through the output
  // projection (attendForward then takes no projection).
  bool valuesProjected() const { return valuesProjected_; }

  std::size_t keptItems() const { return slotOf_.size(); }

  // One input's part: its centred vector (d), |centred|^2, and G times it
  // (3d: Q, K, then V, or Wo V when valuesProjected()).
  struct PartRow {
    const float* centred;
    const float* projected;
    float squared;
  };
  // Embedding row `row`'s part, made on first use; valid until the next call.
  PartRow item(const SasrecWeights& w, int32_t row);
  PartRow position(int32_t p) const { return positions_.row(static_cast<std::size_t>(p), dim_); }
  PartRow kind(int32_t k) const { return kinds_.row(static_cast<std::size_t>(k), dim_); }
  // 3d: Wqkv beta + bqkv (its value rows through Wo, plus bo, when valuesProjected()).
  const float* constant() const { return constant_.data(); }

  // LN1's scale 1 / sqrt(var + eps) of a step whose centred input has
  // squared norm `squared` (the expanded sum of the parts' terms).
  static float scaleOf(float squared, int32_t d) {
    // |c|^2 is never negative; rounding of the expanded sum can make it so.
    return 1.0f / std::sqrt(std::max(0.0f, squared / static_cast<float>(d)) + kLayerNormEps);
  }

 private:
  struct Part {
    std::vector<float> centred;    // rows x d
    std::vector<float> projected;  // rows x 3d: G times the centred row
    std::vector<float> squared;    // rows: |centred row|^2
    void resize(std::size_t rows, int32_t d);
    // Row `row` from the input v * factor: centred, scaled by LN1's gamma,
    // projected by `by` (3d x d).
    void set(std::size_t row, const float* v, float factor, const float* gamma, const float* by, int32_t d,
             std::vector<float>& scratch);
    PartRow row(std::size_t r, int32_t d) const {
      const auto du = static_cast<std::size_t>(d);
      return {centred.data() + r * du, projected.data() + r * 3 * du, squared[r]};
    }
  };
  // The slot of embedding row `row`, made on first use.
  std::size_t itemSlot(const SasrecWeights& w, int32_t row);

  int32_t dim_ = 0;
  bool valuesProjected_ = false;
  Part positions_, kinds_, items_;
  std::vector<float> by_;        // 3d x d: Wqkv, its value rows times Wo when valuesProjected_
  std::vector<float> constant_;  // 3d: by_ beta + the matching biases
  std::vector<float> scratch_;   // d
  std::unordered_map<int32_t, std::size_t> slotOf_;
};

}  // namespace reelrank::sasrec
