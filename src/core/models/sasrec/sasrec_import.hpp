// Importing SASRec weights trained elsewhere (PyTorch) from a .safetensors
// file (io/safetensors_reader.hpp), in the layout of sasrec_weights.hpp.
//
// The file holds float32 tensors, W in PyTorch's [out, in] layout:
//   item_embedding [n+1, d] (row 0 padding; row r is items[r-1]),
//   position_embedding [maxLen, d],
//   block.{b}.norm1.weight|bias [d], block.{b}.qkv.weight [3d, d],
//   block.{b}.qkv.bias [3d], block.{b}.proj.weight [d, d], block.{b}.proj.bias [d],
//   block.{b}.norm2.weight|bias [d], block.{b}.ffn1.weight [f, d],
//   block.{b}.ffn1.bias [f], block.{b}.ffn2.weight [d, f], block.{b}.ffn2.bias [d],
//   final_norm.weight|bias [d], optional feedback_embedding [k, d];
// and "__metadata__": {"architecture": "sasrec", "max_len": "<maxLen>",
// "heads": "<h>"} (other metadata keys, such as PyTorch's "format", are
// ignored). d, f, k and the number of blocks (block.0 .. block.{B-1}, no gaps)
// come from the shapes.
//
// A file that is not such a model (a tensor missing, unknown, of another shape
// or dtype, a metadata value missing or not a whole number, heads not dividing
// d, a value that is NaN or infinite, n != items) is E_ARG naming the tensor
// or field; damaged bytes are E_CORRUPT (from the reader); a size past a limit
// below is E_MEMORY, checked from the header before anything is allocated.
#pragma once
#include <cstddef>
#include <cstdint>

#include "common/limits.hpp"
#include "common/status.hpp"
#include "models/sasrec/sasrec_tensors.hpp"
#include "models/sasrec/sasrec_weights.hpp"

namespace reelrank::sasrec {

// Limits of an imported model: those of the model itself
// (sasrec_tensors.hpp's checkShape, so an imported model is one reelrank can
// also save, load and fine-tune) plus a cap on heads. Besides these,
// limits::kMaxCatalogItems bounds n and limits::kMaxEmbeddingDim bounds d.
constexpr int32_t kMaxImportBlocks = kMaxBlocks;
constexpr int32_t kMaxImportMaxLen = kMaxLen;
constexpr int32_t kMaxImportFeedbackKinds = kMaxFeedbackRows;
constexpr int32_t kMaxImportFfn = static_cast<int32_t>(limits::kMaxEmbeddingDim);
// Published SASRec configurations use 1-4 heads; 64 is far past them.
constexpr int32_t kMaxImportHeads = 64;
// All the parameters together, in floats (1 GiB of float32): the model must
// fit in wasm memory beside the file it came from.
constexpr std::size_t kMaxImportParameters = std::size_t{1} << 28;

// Fills *out from the file's tensors; `items` is the caller's catalogue size,
// which must equal the n of item_embedding. On failure *out is unchanged.
Status sasrecWeightsFromSafetensors(const uint8_t* bytes, std::size_t size, int32_t items, SasrecWeights* out);

}  // namespace reelrank::sasrec
