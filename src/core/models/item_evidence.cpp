#include "models/item_evidence.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

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
  if (log.eventCount() == 0) return out;
  out.firstSeen.assign(modelItems, std::numeric_limits<double>::quiet_NaN());
  out.newest = -std::numeric_limits<double>::infinity();
  for (const EventRow& e : log.events()) {
    double& first = out.firstSeen[static_cast<std::size_t>(itemIndex[static_cast<std::size_t>(e.item)])];
    if (std::isnan(first) || e.timestamp < first) first = e.timestamp;
    out.newest = std::max(out.newest, e.timestamp);
  }
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

void writeItemTimes(BinaryWriter& w, const ItemEvidence& e) {
  w.u8(e.timed() ? 1 : 0);
  if (!e.timed()) return;
  w.f64(e.newest);
  w.podVector(e.firstSeen);
}

Status readItemTimes(BinaryReader& r, std::size_t items, ItemEvidence* out) {
  const uint8_t known = r.u8();
  if (!r.ok() || known > 1) return corruptError("model snapshot first-seen times are damaged");
  if (!known) {
    out->firstSeen.clear();
    out->newest = 0;
    return Status::ok();
  }
  const double newest = r.f64();
  std::vector<double> first = r.podVector<double>();
  bool ok = r.ok() && std::isfinite(newest) && first.size() == items && items > 0;
  for (std::size_t j = 0; ok && j < items; ++j)
    ok = std::isnan(first[j]) || (std::isfinite(first[j]) && first[j] <= newest);
  if (!ok) return corruptError("model snapshot first-seen times are damaged");
  out->firstSeen = std::move(first);
  out->newest = newest;
  return Status::ok();
}

}  // namespace reelrank
