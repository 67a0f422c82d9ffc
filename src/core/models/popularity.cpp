#include "models/popularity.hpp"

namespace reelrank {

Status PopularityModel::train(const Options& o, const ItemSide&, std::unique_ptr<Recommender>* out) {
  (void)o;  // it takes no options (the registry refuses any)
  *out = std::make_unique<PopularityModel>();
  return Status::ok();
}

Status PopularityModel::read(BinaryReader&, const ItemSide&, std::unique_ptr<Recommender>* out) {
  *out = std::make_unique<PopularityModel>();
  return Status::ok();
}

}  // namespace reelrank
