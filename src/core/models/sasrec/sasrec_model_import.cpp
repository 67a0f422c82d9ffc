#include "models/sasrec/sasrec_model_import.hpp"

#include <memory>

#include "common/limits.hpp"
#include "models/sasrec/sasrec_import.hpp"
#include "models/sasrec/sasrec_model.hpp"

namespace reelrank {

Status modelFromSafetensors(const uint8_t* bytes, std::size_t size, std::vector<std::string> items, Model* out) {
  if (items.empty()) return argError("fromSafetensors: items must list the model's videos, one per embedding row");
  if (items.size() > limits::kMaxCatalogItems)
    return Status::error(ErrorCode::Memory, "fromSafetensors: " + std::to_string(items.size()) +
                                                " items is past the catalogue limit of " +
                                                std::to_string(limits::kMaxCatalogItems));
  sasrec::SasrecWeights w;
  RR_TRY(sasrec::sasrecWeightsFromSafetensors(bytes, size, static_cast<int32_t>(items.size()), &w));
  auto side = std::make_shared<ItemSide>();
  {
    std::vector<VideoInput> videos(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) videos[i].id = std::move(items[i]);
    const Status s = side->catalog.addMany(videos);
    if (!s.isOk()) return argError("fromSafetensors: items: " + s.message());
  }
  side->popularity.assign(side->catalog.size(), 0.0f);
  side->derive();
  std::unique_ptr<Recommender> algo;
  RR_TRY(SasrecModel::fromWeights(std::move(w), *side, &algo));
  return Model::assemble(std::move(side), std::move(algo), BlendWeights{}, out);
}

}  // namespace reelrank
