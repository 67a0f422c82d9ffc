// Scoring kernels for the side-by-side benchmark against plain JavaScript
// (bench/reference.mjs holds the JS versions of the same loops):
//
//   cosineScan      score n items, each a row of `dim` floats, against one
//                   query vector: out[i] = (item_i . query) * itemScale[i],
//                   itemScale being 1/|item_i| (and the query pre-normalised),
//                   so out[i] is the cosine.
//   neighborScores  item-kNN: out[j] = sum over the profile's (item p, weight
//                   w) of w * sim(p, j), over a CSR neighbour structure.
//   argMax          the best item (ties: lowest index), the first slot of a feed.
//
// The dot product keeps eight independent accumulators: a single running sum
// is a strict sequential chain the compiler may not reorder (IEEE float
// addition is not associative), so it never vectorises; independent sums
// give the LLVM vectoriser two f32x4 lanes under -msimd128 (TOOLCHAIN.md 13).
#pragma once
#include <cstddef>
#include <cstdint>

namespace reelrank::eval {

void cosineScan(const float* items, std::size_t n, std::size_t dim, const float* query, const float* itemScale,
                float* out);

// `out` has nItems entries and is overwritten. Profile items must be < nItems
// and CSR rows must index items < nItems (the caller checks).
void neighborScores(const int32_t* start, const int32_t* neighbor, const float* similarity, std::size_t nItems,
                    const int32_t* profileItems, const float* profileWeights, std::size_t profileSize, float* out);

// -1 when n == 0.
int32_t argMax(const float* scores, std::size_t n);

}  // namespace reelrank::eval
