// SasrecWeights as a list of named tensors: what the optimiser, the
// gradient checks, the snapshot reader and the initialisation walk over, in
// one fixed order (item, position, feedback embeddings, then each block's
// tensors in sasrec_weights.hpp's order, then the final norm).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/status.hpp"
#include "models/sasrec/sasrec_weights.hpp"

namespace reelrank::sasrec {

struct TensorRef {
  std::string name;  // the .safetensors name, e.g. "block.0.qkv.weight"
  std::vector<float>* data;
  std::size_t rows, cols;  // cols = 1 for vectors
};
std::vector<TensorRef> tensorList(SasrecWeights& w);

// Checks a shape against the limits: dim and ffn in 1..kMaxEmbeddingDim,
// heads divide dim, blocks 1..kMaxBlocks, maxLen 1..kMaxLen, items
// 1..kMaxCatalogItems, feedback kinds 0..kMaxFeedbackRows. E_ARG naming the field.
constexpr int32_t kMaxBlocks = 16;
constexpr int32_t kMaxLen = 1024;
constexpr int32_t kMaxFeedbackRows = 64;
Status checkShape(const SasrecShape& s);
// Floats the weights of a shape hold.
double weightFloats(const SasrecShape& s);

// Every tensor sized for w.shape and zero (a gradient or an optimiser moment).
void resizeZero(SasrecWeights& w, const SasrecShape& s);
// Checks every tensor's size against w.shape and every value finite:
// E_CORRUPT naming the tensor.
Status checkWeights(const SasrecWeights& w);

// The seeded initialisation: embeddings N(0, 1/d) (so E sqrt(d) has unit
// entries), the padding row 0, linear layers U(-1/sqrt(in), 1/sqrt(in))
// (PyTorch's default), biases 0, LayerNorms w = 1, b = 0.
void initialise(SasrecWeights& w, const SasrecShape& s, uint64_t seed);

}  // namespace reelrank::sasrec
