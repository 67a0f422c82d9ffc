// The SASRec forward pass for one person (inference, no dropout): their last
// L <= maxLen steps -> the final hidden vector h, a score h . E[j] for every
// item, and the last block's attention of the final position over the L
// steps (averaged over heads), which explains a result ("because you just
// watched X").
//
// Only the final position's output is needed, so the last block attends,
// and runs its FFN, for the final step alone, with its query folded through
// the key and value projections (sasrec_last_query.hpp): no keys or values
// of the other steps are made.
//
// Why the cache keeps results, not per-layer keys and values: positions are
// aligned to the end (the most recent step always sits at maxLen - 1), so
// when a step is added every earlier step moves one position back, its input
// x_t changes, and with it every layer's keys and values. Nothing computed
// for the previous window is valid for the next one, whether the window is
// full (it slides) or not (it grows); a new event costs exactly one forward
// pass. What the cache saves is repeated passes over the same steps:
// recommend() scores, then explains each result, all from one pass. What can
// be kept across events is the item side of each step's first-block
// projection (sasrec_first_block.hpp) and the first block's attention logits
// as sums of event and position dots (sasrec_window_logits.hpp), which the
// cache holds too.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "models/sasrec/sasrec_first_block.hpp"
#include "models/sasrec/sasrec_gemm.hpp"
#include "models/sasrec/sasrec_steps.hpp"
#include "models/sasrec/sasrec_weights.hpp"
#include "models/sasrec/sasrec_window_logits.hpp"

namespace reelrank::sasrec {

struct Inference {
  std::vector<float> hidden;     // d
  std::vector<float> attention;  // one weight per step used (the last min(L, maxLen)), summing to 1
  std::vector<float> scores;     // items: score of model item j at j
  std::size_t firstStep = 0;     // index in the given steps of attention[0]
};

// A block's feed-forward weights packed once per model for inference's
// products (sasrec_gemm.hpp): a swipe then packs neither.
struct PackedFfn {
  PackedB w1, w2;  // W1^T (d x f) and W2^T (f x d)
};
std::vector<PackedFfn> packFfns(const SasrecWeights& w);

// steps may be longer than maxLen (the last maxLen are read) and must be
// non-empty; rows and kinds in range (the caller built them with stepsOf).
// With `firstBlock` (made for w), the first block's projection comes from its
// cached parts, and with `window` too (made for both, first block not the
// last) its attention logits, when the window continues the one before;
// without, it is computed directly (they agree to rounding). With `ffn`
// (packFfns(w)), the feed-forwards multiply by the packed weights.
void inferSequence(const SasrecWeights& w, const std::vector<Step>& steps, bool withScores, Inference* out,
                   FirstBlockProjections* firstBlock = nullptr, FirstBlockWindow* window = nullptr,
                   const std::vector<PackedFfn>* ffn = nullptr);

// The last inference and the steps it was for: run() recomputes only when
// the steps differ. Not thread-safe (one per scorer).
class InferenceCache {
 public:
  const Inference& run(const SasrecWeights& w, const std::vector<Step>& steps);
  std::size_t passes() const { return passes_; }  // forward passes made, for tests
  void clear() {
    steps_.clear();
    valid_ = false;
    window_.reset();
    first_.reset();
    ffn_.clear();
  }

 private:
  std::vector<Step> steps_;
  std::unique_ptr<FirstBlockProjections> first_;
  std::unique_ptr<FirstBlockWindow> window_;  // null when the shape's tables are too big
  std::vector<PackedFfn> ffn_;
  const SasrecWeights* firstFor_ = nullptr;
  Inference result_;
  bool valid_ = false;
  std::size_t passes_ = 0;
};

}  // namespace reelrank::sasrec
