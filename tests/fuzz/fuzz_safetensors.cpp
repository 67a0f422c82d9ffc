// libFuzzer target: the .safetensors reader and the SASRec import on
// arbitrary bytes must never crash; a file the reader accepts must describe
// tensors that lie in its data with the bytes their shapes say, and weights
// the import accepts must be what the model requires (checkWeights) and run
// through the forward pass. A failed import leaves its output untouched.
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <vector>

#include "io/safetensors_reader.hpp"
#include "models/sasrec/sasrec_import.hpp"
#include "models/sasrec/sasrec_inference.hpp"
#include "models/sasrec/sasrec_tensors.hpp"

using namespace reelrank;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SafetensorsFile file;
  int32_t items = 1;
  if (SafetensorsFile::parse(data, size, &file).isOk()) {
    for (const auto& [name, t] : file.tensors()) {
      std::size_t count = 1;
      for (std::size_t d : t.shape) count *= d;
      if (t.end < t.begin || t.end - t.begin != count * t.elementBytes) std::abort();
      std::vector<float> v;
      const Status s = file.f32Tensor(name, t.shape, &v);
      if (s.isOk() != (t.dtype == "F32")) std::abort();
      if (s.isOk() && v.size() != count) std::abort();
    }
    const SafetensorsTensor* e = file.find("item_embedding");
    if (e && e->shape.size() == 2 && e->shape[0] >= 1 &&
        e->shape[0] - 1 <= static_cast<std::size_t>(std::numeric_limits<int32_t>::max() - 1))
      items = static_cast<int32_t>(e->shape[0] - 1);
  }
  sasrec::SasrecWeights w;
  if (!sasrec::sasrecWeightsFromSafetensors(data, size, items, &w).isOk()) {
    if (!w.itemEmbedding.empty() || !w.blocks.empty() || w.shape.items != 0) std::abort();
    return 0;
  }
  if (!sasrec::checkWeights(w).isOk() || w.shape.items != items) std::abort();
  sasrec::SasrecWeights other;
  if (sasrec::sasrecWeightsFromSafetensors(data, size, items + 1, &other).code() != ErrorCode::Arg) std::abort();
  std::vector<sasrec::Step> steps;
  for (int32_t t = 0; t < w.shape.maxLen + 1 && t < 8; ++t) steps.push_back({1 + t % items, t, true});
  sasrec::Inference inf;
  sasrec::inferSequence(w, steps, true, &inf);
  if (inf.scores.size() != static_cast<std::size_t>(items)) std::abort();
  return 0;
}
