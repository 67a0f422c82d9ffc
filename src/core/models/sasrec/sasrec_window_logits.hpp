// The first block's attention logits kept from one swipe to the next.
//
// A new event moves every earlier one to another position, so no key or
// query survives it (sasrec_inference.hpp). But with the first block's parts
// (sasrec_first_block.hpp), step t's query and step s's key, per head, are
//   q_t = a_t (Qe_t + Qp[p_t]) + cq,   k_s = a_s (Ke_s + Kp[p_s]) + ck,
// where Qe, Ke belong to the event (item plus kind), Qp, Kp to the position
// and a_t = 1 / sqrt(var(x_t) + eps) to the step. Dropping the terms that are
// the same for every s (the softmax over s ignores them):
//   q_t . k_s ~ a_t a_s (Qe_t.Ke_s + Qe_t.Kp[p_s] + Qp[p_t].Ke_s
//               + Qp[p_t].Kp[p_s]) + a_s (cq.Ke_s + cq.Kp[p_s]).
// Each dot belongs to an event pair, an event and a position, or a position
// pair, and none changes while the window slides: an event's dots are made
// once, when it enters (four rows of about maxLen dots), and a swipe then
// assembles the logits from tables (a few additions per pair) where Q K^T
// costs d multiply-adds per pair (1.3 million at d 64 and 200 events).
//
// The tables are for one window: a call whose window is not the kept one
// with one step added (growing), or with its oldest dropped and one added
// (full), is answered directly. The tables are rebuilt only when the next
// call continues such a window (one person swiping), never for calls that
// alternate between people (an evaluation, the simulator).
#pragma once
#include <cstdint>
#include <vector>

#include "models/sasrec/sasrec_first_block.hpp"
#include "models/sasrec/sasrec_gemm.hpp"
#include "models/sasrec/sasrec_layers.hpp"
#include "models/sasrec/sasrec_weights.hpp"

namespace reelrank::sasrec {

class FirstBlockWindow {
 public:
  // The tables take 4 heads maxLen^2 floats: at most this many (16 MB), so
  // a shape past it is always answered directly (d 64, 1 head, maxLen 200:
  // 160,000).
  static constexpr std::size_t kMaxTableFloats = std::size_t{1} << 22;
  static bool fits(const SasrecShape& s);

  // For `w` and its parts, whose weights must not change while this is used.
  // `packed`: P V through gemmPacked (sasrec_gemm.hpp), else Eigen's product.
  FirstBlockWindow(const SasrecWeights& w, const FirstBlockProjections& parts, bool packed = kPackedProducts);

  // y (L x d) = the first block's attention output, Wo Attn(LN1(x)) + bo,
  // of every step of the window `in` (positions maxLen - L .. maxLen - 1)
  // when the kept window continues into it. False, y untouched, when not.
  bool forward(const SasrecWeights& w, FirstBlockProjections& parts, const InputRows& in, RowMat& y);

  std::size_t builds() const { return builds_; }  // whole rebuilds of the tables, for tests
  std::size_t served() const { return served_; }  // calls answered, for tests

 private:
  enum class Continues { No, Same, Grows, Slides };
  Continues continues(const std::vector<int32_t>& items, const std::vector<int32_t>& kinds, const InputRows& in) const;
  // Enters the window's step t (the newest) into slot `slot`.
  void enter(const SasrecWeights& w, FirstBlockProjections& parts, const InputRows& in, std::size_t t,
             std::size_t slot);
  std::size_t slotOf(std::size_t t) const { return (start_ + t) % cap_; }

  int32_t dim_, heads_, dh_;
  std::size_t cap_;  // maxLen: slots, and positions
  bool kinds_, valuesProjected_, packed_;
  // Per model, per head: Qp[p].Kp[p'] (cap x cap) and cq.Kp[p] (cap).
  std::vector<float> positionPairs_, constantPosition_;
  // The kept window: its steps in order, starting at slot start_.
  std::vector<int32_t> items_, kindsOf_;
  std::size_t start_ = 0;
  bool valid_ = false;
  // A window answered directly, kept to see whether the next call continues it.
  std::vector<int32_t> pendingItems_, pendingKinds_;
  // Per slot: the event's centred vector (d), |.|^2 and projection (3d).
  std::vector<float> centred_, squared_, projected_;
  // Per head: Qe_t.Ke_s (cap x cap, row = query slot), Qe.Kp[p] (slot x
  // position), Qp[p].Ke (position x slot), cq.Ke (slot).
  std::vector<float> eventPairs_, eventPosition_, positionEvent_, constantEvent_;
  // Scratch of a pass.
  std::vector<float> scale_, scratch_;
  RowMat values_, context_;
  PackedB packedValues_;  // one head's values, packed once for its P V
  std::size_t builds_ = 0, served_ = 0;
};

}  // namespace reelrank::sasrec
