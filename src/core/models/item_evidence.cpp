#include "models/item_evidence.hpp"

#include <algorithm>

namespace reelrank {

Outcome eventOutcome(EventType type, float value, float duration) {
  switch (type) {
    case EventType::View:
      return {true, duration <= 0 || value >= kCompletedWatchRatio * duration};
    case EventType::Skip:
    case EventType::Dislike:
      return {true, false};
    case EventType::Like:
      return {false, true};
    default:
      return {};
  }
}

ItemEvidence countItemEvidence(const Interactions& log, const std::vector<int32_t>& itemIndex, std::size_t modelItems,
                               const std::vector<float>& itemDuration) {
  ItemEvidence out;
  out.impressions.assign(modelItems, 0);
  out.positives.assign(modelItems, 0);
  for (const EventRow& e : log.events()) {
    const auto item = static_cast<std::size_t>(itemIndex[static_cast<std::size_t>(e.item)]);
    float duration = e.duration;
    if (duration <= 0 && !itemDuration.empty()) duration = itemDuration[item];
    const Outcome o = eventOutcome(e.type, e.value, duration);
    out.impressions[item] += o.shown ? 1u : 0u;
    out.positives[item] += o.positive ? 1u : 0u;
  }
  for (std::size_t j = 0; j < modelItems; ++j) out.positives[j] = std::min(out.positives[j], out.impressions[j]);
  return out;
}

void writeItemEvidence(BinaryWriter& w, const ItemEvidence& e) {
  w.u8(e.known() ? 1 : 0);
  if (!e.known()) return;
  w.podVector(e.impressions);
  w.podVector(e.positives);
}

Status readItemEvidence(BinaryReader& r, std::size_t items, ItemEvidence* out) {
  const uint8_t known = r.u8();
  if (!r.ok() || known > 1) return corruptError("model snapshot item evidence section is damaged");
  ItemEvidence e;
  if (known) {
    e.impressions = r.podVector<uint32_t>();
    e.positives = r.podVector<uint32_t>();
    bool ok = r.ok() && e.impressions.size() == items && e.positives.size() == items;
    for (std::size_t j = 0; ok && j < items; ++j) ok = e.positives[j] <= e.impressions[j];
    // A known section with no items cannot be told from an unknown one: the writer never makes it.
    if (!ok || items == 0) return corruptError("model snapshot item evidence section is damaged");
  }
  *out = std::move(e);
  return Status::ok();
}

}  // namespace reelrank
