#include "models/sasrec/sasrec_import.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "common/limits.hpp"
#include "io/safetensors_reader.hpp"

namespace reelrank::sasrec {

namespace {

constexpr const char* kBlockTensors[] = {"norm1.weight", "norm1.bias", "qkv.weight",   "qkv.bias",
                                         "proj.weight",  "proj.bias",  "norm2.weight", "norm2.bias",
                                         "ffn1.weight",  "ffn1.bias",  "ffn2.weight",  "ffn2.bias"};
constexpr const char* kModelTensors[] = {"item_embedding", "position_embedding", "final_norm.weight", "final_norm.bias",
                                         "feedback_embedding"};

Status memoryError(const std::string& what, std::size_t value, std::size_t limit) {
  return Status::error(ErrorCode::Memory, "SASRec import: " + what + " is " + std::to_string(value) +
                                              ", past the limit of " + std::to_string(limit));
}

// "block.<b>.<tensor>" with b written without leading zeros: *b and true.
bool blockTensor(const std::string& name, uint64_t* b) {
  static const std::string prefix = "block.";
  if (name.compare(0, prefix.size(), prefix) != 0) return false;
  std::size_t at = prefix.size(), digits = 0;
  uint64_t v = 0;
  while (at < name.size() && name[at] >= '0' && name[at] <= '9') {
    if (digits == 18) return false;  // no model has 10^18 blocks: an unknown name
    v = v * 10 + static_cast<uint64_t>(name[at] - '0');
    ++at;
    ++digits;
  }
  if (digits == 0 || (digits > 1 && name[prefix.size()] == '0') || at >= name.size() || name[at] != '.') return false;
  const std::string rest = name.substr(at + 1);
  for (const char* t : kBlockTensors)
    if (rest == t) {
      *b = v;
      return true;
    }
  return false;
}

// A __metadata__ value that must be a whole number >= 1 in decimal. Values
// past 10^9 saturate there (every limit is far below), so none wraps.
constexpr std::size_t kSaturated = 1'000'000'000;
Status wholeMetadata(const SafetensorsFile& file, const char* key, std::size_t* out) {
  const auto it = file.metadata().find(key);
  if (it == file.metadata().end())
    return argError(std::string("SASRec import: the file's \"__metadata__\" has no \"") + key +
                    "\" (a whole number in a string, such as \"1\")");
  const std::string& s = it->second;
  std::size_t v = 0;
  bool digitsOnly = !s.empty();
  for (char c : s) {
    if (c < '0' || c > '9') {
      digitsOnly = false;
      break;
    }
    v = std::min<std::size_t>(v * 10 + static_cast<std::size_t>(c - '0'), kSaturated);
  }
  if (!digitsOnly || v == 0)
    return argError(std::string("SASRec import: \"__metadata__\" \"") + key + "\" is \"" + s +
                    "\"; expected a whole number >= 1 in decimal, such as \"1\"");
  *out = v;
  return Status::ok();
}

// The [rows, cols] of an F32 matrix, before reading it.
Status matrixShape(const SafetensorsFile& file, const std::string& name, const char* expected, std::size_t* rows,
                   std::size_t* cols) {
  const SafetensorsTensor* t = file.find(name);
  if (!t) return argError("SASRec import: the file has no tensor '" + name + "' " + expected);
  if (t->dtype != "F32")
    return argError("SASRec import: tensor '" + name + "' is " + t->dtype +
                    "; reelrank reads F32 (export it with tensor.float())");
  if (t->shape.size() != 2 || t->shape[0] == 0 || t->shape[1] == 0)
    return argError("SASRec import: tensor '" + name + "' has shape " + shapeText(t->shape) + "; expected " + expected);
  *rows = t->shape[0];
  *cols = t->shape[1];
  return Status::ok();
}

}  // namespace

Status sasrecWeightsFromSafetensors(const uint8_t* bytes, std::size_t size, int32_t items, SasrecWeights* out) {
  SafetensorsFile file;
  RR_TRY(SafetensorsFile::parse(bytes, size, &file));

  // Every name known, before any shape: a typo in an export names itself.
  std::set<uint64_t> blockIds;
  for (const auto& entry : file.tensors()) {
    const std::string& name = entry.first;
    uint64_t b;
    bool known = blockTensor(name, &b);
    if (known) blockIds.insert(b);
    for (const char* t : kModelTensors) known = known || name == t;
    if (!known)
      return argError("SASRec import: unknown tensor '" + name +
                      "' (a SASRec file holds item_embedding, position_embedding, block.{b}.norm1|norm2.weight|bias, "
                      "block.{b}.qkv|proj|ffn1|ffn2.weight|bias, final_norm.weight|bias and optionally "
                      "feedback_embedding)");
  }
  if (blockIds.empty()) return argError("SASRec import: the file has no block.0.* tensors (a model needs a block)");
  std::size_t blocks = 0;
  for (uint64_t b : blockIds) {
    if (b != blocks)
      return argError("SASRec import: the file has block." + std::to_string(b) + ".* tensors but no block." +
                      std::to_string(blocks) + ".* (blocks are numbered 0, 1, ... without gaps)");
    ++blocks;
  }

  if (!file.hasMetadata())
    return argError(
        "SASRec import: the file has no \"__metadata__\" (it needs \"architecture\": \"sasrec\", \"max_len\" and "
        "\"heads\")");
  const auto arch = file.metadata().find("architecture");
  if (arch == file.metadata().end())
    return argError("SASRec import: the file's \"__metadata__\" has no \"architecture\" (expected \"sasrec\")");
  if (arch->second != "sasrec")
    return argError("SASRec import: \"__metadata__\" \"architecture\" is \"" + arch->second +
                    "\"; expected \"sasrec\"");
  std::size_t maxLen, heads;
  RR_TRY(wholeMetadata(file, "max_len", &maxLen));
  RR_TRY(wholeMetadata(file, "heads", &heads));

  std::size_t rows, d, f, scratch, kinds = 0;
  RR_TRY(matrixShape(file, "item_embedding", "[n+1, d]", &rows, &d));
  const std::size_t n = rows - 1;
  if (items < 0) return argError("SASRec import: items is " + std::to_string(items) + "; expected the item count");
  if (n != static_cast<std::size_t>(items))
    return argError("SASRec import: item_embedding has " + std::to_string(rows) + " rows, so the model has " +
                    std::to_string(n) + " items (row 0 is padding), but items has " + std::to_string(items));
  if (n == 0) return Status::error(ErrorCode::Empty, "SASRec import: the model has no items (item_embedding [1, d])");
  if (n > limits::kMaxCatalogItems) return memoryError("the number of items", n, limits::kMaxCatalogItems);
  if (d > limits::kMaxEmbeddingDim) return memoryError("d (item_embedding's columns)", d, limits::kMaxEmbeddingDim);
  if (d % heads != 0)
    return argError("SASRec import: \"__metadata__\" \"heads\" is " + std::to_string(heads) +
                    ", which does not divide d = " + std::to_string(d));
  if (heads > static_cast<std::size_t>(kMaxImportHeads)) return memoryError("heads", heads, kMaxImportHeads);
  if (maxLen > static_cast<std::size_t>(kMaxImportMaxLen)) return memoryError("max_len", maxLen, kMaxImportMaxLen);
  if (blocks > static_cast<std::size_t>(kMaxImportBlocks))
    return memoryError("the number of blocks", blocks, kMaxImportBlocks);
  RR_TRY(matrixShape(file, "block.0.ffn1.weight", "[f, d]", &f, &scratch));
  if (f > static_cast<std::size_t>(kMaxImportFfn))
    return memoryError("f (block.0.ffn1.weight's rows)", f, kMaxImportFfn);
  if (file.find("feedback_embedding")) {
    RR_TRY(matrixShape(file, "feedback_embedding", "[k, d]", &kinds, &scratch));
    if (kinds > static_cast<std::size_t>(kMaxImportFeedbackKinds))
      return memoryError("k (feedback_embedding's rows)", kinds, kMaxImportFeedbackKinds);
  }
  // All bounded above, so no overflow in 64 bits.
  const uint64_t perBlock = uint64_t{4} * d * d + uint64_t{9} * d + uint64_t{2} * f * d + f;
  const uint64_t parameters = uint64_t{rows + maxLen + kinds + 2} * d + perBlock * blocks;
  if (parameters > kMaxImportParameters)
    return memoryError("the number of parameters", static_cast<std::size_t>(parameters), kMaxImportParameters);

  SasrecWeights w;
  w.shape.items = items;
  w.shape.dim = static_cast<int32_t>(d);
  w.shape.blocks = static_cast<int32_t>(blocks);
  w.shape.heads = static_cast<int32_t>(heads);
  w.shape.maxLen = static_cast<int32_t>(maxLen);
  w.shape.ffn = static_cast<int32_t>(f);
  w.shape.feedbackKinds = static_cast<int32_t>(kinds);
  const auto load = [&file](const std::string& name, std::vector<std::size_t> shape, std::vector<float>* v) {
    RR_TRY(file.f32Tensor(name, shape, v));
    for (std::size_t k = 0; k < v->size(); ++k)
      if (!std::isfinite((*v)[k]))
        return argError("SASRec import: tensor '" + name + "' holds a non-finite value (" + std::to_string((*v)[k]) +
                        ") at flat index " + std::to_string(k));
    return Status::ok();
  };
  RR_TRY(load("item_embedding", {rows, d}, &w.itemEmbedding));
  RR_TRY(load("position_embedding", {maxLen, d}, &w.positionEmbedding));
  if (kinds) RR_TRY(load("feedback_embedding", {kinds, d}, &w.feedbackEmbedding));
  w.blocks.resize(blocks);
  for (std::size_t b = 0; b < blocks; ++b) {
    const std::string p = "block." + std::to_string(b) + ".";
    SasrecBlock& k = w.blocks[b];
    RR_TRY(load(p + "norm1.weight", {d}, &k.norm1Weight));
    RR_TRY(load(p + "norm1.bias", {d}, &k.norm1Bias));
    RR_TRY(load(p + "qkv.weight", {3 * d, d}, &k.qkvWeight));
    RR_TRY(load(p + "qkv.bias", {3 * d}, &k.qkvBias));
    RR_TRY(load(p + "proj.weight", {d, d}, &k.projWeight));
    RR_TRY(load(p + "proj.bias", {d}, &k.projBias));
    RR_TRY(load(p + "norm2.weight", {d}, &k.norm2Weight));
    RR_TRY(load(p + "norm2.bias", {d}, &k.norm2Bias));
    RR_TRY(load(p + "ffn1.weight", {f, d}, &k.ffn1Weight));
    RR_TRY(load(p + "ffn1.bias", {f}, &k.ffn1Bias));
    RR_TRY(load(p + "ffn2.weight", {d, f}, &k.ffn2Weight));
    RR_TRY(load(p + "ffn2.bias", {d}, &k.ffn2Bias));
  }
  RR_TRY(load("final_norm.weight", {d}, &w.finalNormWeight));
  RR_TRY(load("final_norm.bias", {d}, &w.finalNormBias));
  *out = std::move(w);
  return Status::ok();
}

}  // namespace reelrank::sasrec
