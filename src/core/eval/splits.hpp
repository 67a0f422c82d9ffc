// Train/test splits for offline evaluation, over a list of rating rows.
//
// Every split is deterministic: the shuffles use std::mt19937_64 (whose output
// the C++ standard fixes) with our own Fisher-Yates and unbiased bounded draws,
// never std::shuffle or std::uniform_int_distribution (their algorithms are
// implementation-defined), so the native and the wasm build give the same
// split for the same seed.
//
// A Split holds row indices into the input, each list in ascending order; every
// row is in exactly one of train and test.
//
//   k-fold            all rows shuffled once; fold f's test set is the f-th of k
//                     contiguous chunks of that order (sizes differ by at most 1).
//   per-user random   each user's rows shuffled; round(fraction * n) go to test.
//   per-user temporal each user's latest round(fraction * n) rows go to test
//                     (ordered by timestamp, ties by row order).
// In both per-user splits a user with fewer than kMinRowsForTest rows stays
// entirely in train (too little history to hold any back), and at most n - 1
// rows go to test, so a tested user always has some training history.
#pragma once
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "common/status.hpp"

namespace reelrank::eval {

struct Rating {
  int32_t user = 0;  // dense user index, >= 0
  int32_t item = 0;  // dense item index, >= 0
  float value = 0;
  double timestamp = 0;  // seconds
};

struct Split {
  std::vector<uint32_t> train, test;  // row indices, ascending
};

constexpr std::size_t kMinRowsForTest = 4;

// All k folds at once (one shuffle). E_ARG when k < 2 or k > rows.
Status kFoldSplits(const std::vector<Rating>& rows, std::size_t k, uint64_t seed, std::vector<Split>* out);
// Fold `fold` (0-based) of the same k-fold partition kFoldSplits gives for this seed.
Status kFoldSplit(const std::vector<Rating>& rows, std::size_t k, std::size_t fold, uint64_t seed, Split* out);

// testFraction must lie strictly between 0 and 1.
Status perUserRandomSplit(const std::vector<Rating>& rows, double testFraction, uint64_t seed, Split* out);
Status perUserTemporalSplit(const std::vector<Rating>& rows, double testFraction, Split* out);

// The deterministic building blocks, exposed for other seeded evaluation code.
// A uniform draw from 0..bound-1 (bound >= 1), by rejection, so no value is favoured.
uint64_t uniformBelow(std::mt19937_64& rng, uint64_t bound);
// Fisher-Yates: every permutation equally likely, the same one on every platform.
void shuffleIndices(std::vector<uint32_t>* indices, std::mt19937_64& rng);

}  // namespace reelrank::eval
