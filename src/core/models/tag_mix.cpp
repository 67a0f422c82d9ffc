#include "models/tag_mix.hpp"

#include "rank/calibration.hpp"

namespace reelrank {

Status tagMixForProfile(const Model& model, const Profile& profile, const std::vector<std::string>& ids,
                        TagMixReport* out) {
  const ItemSide& side = model.side();
  std::vector<std::pair<int32_t, float>> listed;
  listed.reserve(ids.size());
  for (const std::string& id : ids) {
    const int32_t m = side.catalog.items().find(id);
    if (m == IdMap::kMissing) return unknownIdError("item '" + id + "' is not an item of this model");
    listed.emplace_back(m, 1.0f);  // the list's mix weighs each listed item equally, as the re-ranking does
  }
  TagMixReport r;
  const IdMap& tags = side.catalog.tags();
  r.tags.reserve(tags.size());
  for (std::size_t g = 0; g < tags.size(); ++g) r.tags.push_back(tags.name(static_cast<int32_t>(g)));
  r.history = historyMix(side, model.queryForProfile(profile, nullptr));
  r.list = tagMix(side, listed);
  r.miscalibration = miscalibration(r.history, r.list);
  *out = std::move(r);
  return Status::ok();
}

}  // namespace reelrank
