#include "profile/profile.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "common/limits.hpp"

namespace reelrank {

namespace {
// Rebase the scaled weights before 2^exponent could leave double range.
constexpr double kMaxExponent = 500.0;

double creatorFactor(EventType t) { return t == EventType::Follow ? 2.0 : 1.0; }

// Flags for the strongest 90% of `values` by absolute value.
std::vector<uint8_t> strongest(const std::vector<double>& values) {
  const std::size_t n = values.size();
  const std::size_t keep = n - std::max<std::size_t>(1, n / 10);
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return std::fabs(values[a]) > std::fabs(values[b]); });
  std::vector<uint8_t> flags(n, 0);
  for (std::size_t k = 0; k < keep; ++k) flags[order[k]] = 1;
  return flags;
}
}  // namespace

const std::vector<ProfileLimitField>& profileLimitFields() {
  static const std::vector<ProfileLimitField> fields = {
      {"maxEvents", &ProfileLimits::maxEvents, 1},
      {"maxItems", &ProfileLimits::maxItems, 10},
      {"maxTags", &ProfileLimits::maxTags, 10},
      {"maxCreators", &ProfileLimits::maxCreators, 10},
  };
  return fields;
}

Status ProfileLimits::validate() const {
  for (const ProfileLimitField& f : profileLimitFields())
    if (this->*f.field < f.min)
      return argError("profile limits: maxEvents must be >= 1 and maxItems, maxTags, maxCreators >= 10");
  return Status::ok();
}

Profile::Profile(WeightPolicy policy, ProfileLimits limits) : policy_(policy), limits_(limits) {}

double Profile::readScale() const {
  if (policy_.halfLifeDays <= 0 || !hasEpoch_) return 1.0;
  return std::exp2(-(newest_ - epoch_) / (policy_.halfLifeDays * 86400.0));
}

double Profile::scaleAt(double t) const {
  if (policy_.halfLifeDays <= 0) return 1.0;
  return std::exp2((t - epoch_) / (policy_.halfLifeDays * 86400.0));  // very old events underflow to 0
}

void Profile::rebase(double newEpoch) {
  const double f = std::exp2(-(newEpoch - epoch_) / (policy_.halfLifeDays * 86400.0));
  auto scale = [f](Accumulator& a) { a.scaled *= f; };
  for (ItemState& s : itemState_) {
    scale(s.weight);
    scale(s.creatorWeight);
    scale(s.archived);
    scale(s.archivedCreator);
  }
  for (auto* v : {&tagAcc_, &creatorAcc_})
    for (Accumulator& a : *v) scale(a);
  epoch_ = newEpoch;
}

void Profile::prepareEpoch(double t) {
  if (!hasEpoch_) {
    epoch_ = t;
    hasEpoch_ = true;
    newest_ = t;
    return;
  }
  if (policy_.halfLifeDays > 0 && (t - epoch_) / (policy_.halfLifeDays * 86400.0) > kMaxExponent) rebase(t);
  newest_ = std::max(newest_, t);
}

Accumulator Profile::contribution(const ProfileEvent& e) const {
  const double w = policy_.weight(e.type, e.value, e.duration);
  if (!policy_.decays(e.type)) return {0.0, w};
  return {w * scaleAt(e.timestamp), 0.0};
}

int32_t Profile::internItem(std::string_view id, const Video* video, const Catalog* catalog, const EventMeta* meta) {
  const std::size_t before = items_.size();
  const int32_t idx = items_.intern(id);
  if (items_.size() == before) return idx;
  ItemState st;
  if (meta && !meta->tags.empty()) {
    for (const auto& t : meta->tags) st.tags.push_back(tags_.intern(t));
  } else if (video) {
    for (int32_t t : video->tags) st.tags.push_back(tags_.intern(catalog->tags().name(t)));
  }
  std::sort(st.tags.begin(), st.tags.end());
  st.tags.erase(std::unique(st.tags.begin(), st.tags.end()), st.tags.end());
  st.tagCount = static_cast<uint32_t>(st.tags.size());
  if (meta && !meta->creator.empty())
    st.creator = creators_.intern(meta->creator);
  else if (video && video->creator >= 0)
    st.creator = creators_.intern(catalog->creators().name(video->creator));
  itemState_.push_back(std::move(st));
  tagAcc_.resize(tags_.size());
  creatorAcc_.resize(creators_.size());
  return idx;
}

void Profile::applyEvent(const ProfileEvent& e) {
  ItemState& st = itemState_[static_cast<std::size_t>(e.item)];
  const Accumulator delta = contribution(e);
  const Accumulator toCreator = delta.times(creatorFactor(e.type));
  st.weight += delta;
  st.creatorWeight += toCreator;
  // Tags share the event's weight equally, so a video with many tags does not
  // outweigh one with few.
  if (st.tagCount) {
    const Accumulator share = delta.times(1.0 / st.tagCount);
    for (int32_t t : st.tags) tagAcc_[static_cast<std::size_t>(t)] += share;
  }
  if (st.creator >= 0) creatorAcc_[static_cast<std::size_t>(st.creator)] += toCreator;
}

Status Profile::recordBatch(const EventBatch& b, const Catalog* catalog, const std::vector<EventMeta>& meta) {
  const std::size_t n = b.types.size();
  if (b.values.size() != n || b.durations.size() != n || b.timestamps.size() != n)
    return argError("event batch columns have different lengths");
  std::vector<std::string_view> items = splitIds(b.items);
  if (items.size() != n)
    return argError("event batch has " + std::to_string(n) + " events but " + std::to_string(items.size()) +
                    " item ids");
  if (!meta.empty() && meta.size() != n) return argError("event metadata must be given for every event or none");
  for (std::size_t k = 0; k < n; ++k) {
    const std::string what = n == 1 ? std::string("event") : "event " + std::to_string(k);
    RR_TRY(validateId(items[k], (what + " item").c_str()));
    if (b.types[k] >= static_cast<uint8_t>(EventType::Count)) return argError(what + ": unknown event type");
    RR_TRY(validateEventValues(static_cast<EventType>(b.types[k]), b.values[k], b.durations[k], b.timestamps[k], what));
    if (!meta.empty()) {
      if (meta[k].tags.size() > limits::kMaxTagsPerVideo)
        return argError(what + ": at most " + std::to_string(limits::kMaxTagsPerVideo) + " tags");
      for (const auto& t : meta[k].tags) RR_TRY(validateId(t, (what + " tag").c_str()));
      if (!meta[k].creator.empty()) RR_TRY(validateId(meta[k].creator, (what + " creator").c_str()));
    }
  }
  for (std::size_t k = 0; k < n; ++k) {
    const Video* video = nullptr;
    if (catalog) {
      const int32_t ci = catalog->items().find(items[k]);
      if (ci != IdMap::kMissing) video = &catalog->video(ci);
    }
    ProfileEvent e;
    e.item = internItem(items[k], video, catalog, meta.empty() ? nullptr : &meta[k]);
    e.type = static_cast<EventType>(b.types[k]);
    e.value = static_cast<float>(b.values[k]);
    e.duration = static_cast<float>(b.durations[k]);
    if (e.duration <= 0 && video) e.duration = video->duration;
    e.timestamp = b.timestamps[k];
    prepareEpoch(e.timestamp);
    applyEvent(e);
    events_.push_back(e);
    ++totalRecorded_;
    while (events_.size() > limits_.maxEvents) archiveOldest();
    enforceCaps();
  }
  return Status::ok();
}

void Profile::archiveOldest() {
  const ProfileEvent& e = events_.front();
  ItemState& st = itemState_[static_cast<std::size_t>(e.item)];
  const Accumulator delta = contribution(e);
  st.archived += delta;
  st.archivedCreator += delta.times(creatorFactor(e.type));
  st.archivedNewest = st.archivedCount ? std::max(st.archivedNewest, e.timestamp) : e.timestamp;
  st.archivedOldest = st.archivedCount ? std::min(st.archivedOldest, e.timestamp) : e.timestamp;
  ++st.archivedCount;
  events_.pop_front();
}

void Profile::keepItems(const std::vector<uint8_t>& keep) {
  std::vector<int32_t> remap(items_.size(), -1);
  IdMap kept;
  std::vector<ItemState> keptState;
  for (std::size_t i = 0; i < items_.size(); ++i) {
    if (!keep[i]) continue;
    remap[i] = kept.intern(items_.name(static_cast<int32_t>(i)));
    keptState.push_back(std::move(itemState_[i]));
  }
  items_ = std::move(kept);
  itemState_ = std::move(keptState);
  std::deque<ProfileEvent> events;
  for (ProfileEvent e : events_) {
    const int32_t ni = remap[static_cast<std::size_t>(e.item)];
    if (ni < 0) continue;
    e.item = ni;
    events.push_back(e);
  }
  events_ = std::move(events);
}

void Profile::rederive() {
  // Tags and creators nobody references any more are dropped, keeping order.
  std::vector<int32_t> tagRemap(tags_.size(), -1), creatorRemap(creators_.size(), -1);
  for (const ItemState& st : itemState_) {
    for (int32_t t : st.tags) tagRemap[static_cast<std::size_t>(t)] = 0;
    if (st.creator >= 0) creatorRemap[static_cast<std::size_t>(st.creator)] = 0;
  }
  auto compact = [](IdMap& ids, std::vector<int32_t>& remap) {
    IdMap kept;
    for (std::size_t i = 0; i < ids.size(); ++i)
      if (remap[i] == 0) remap[i] = kept.intern(ids.name(static_cast<int32_t>(i)));
    ids = std::move(kept);
  };
  compact(tags_, tagRemap);
  compact(creators_, creatorRemap);
  tagAcc_.assign(tags_.size(), Accumulator{});
  creatorAcc_.assign(creators_.size(), Accumulator{});
  for (ItemState& st : itemState_) {
    for (int32_t& t : st.tags) t = tagRemap[static_cast<std::size_t>(t)];
    if (st.creator >= 0) st.creator = creatorRemap[static_cast<std::size_t>(st.creator)];
    if (st.tagCount) {
      const Accumulator share = st.weight.times(1.0 / st.tagCount);
      for (int32_t t : st.tags) tagAcc_[static_cast<std::size_t>(t)] += share;
    }
    if (st.creator >= 0) creatorAcc_[static_cast<std::size_t>(st.creator)] += st.creatorWeight;
  }
}

void Profile::enforceCaps() {
  if (items_.size() > limits_.maxItems) {
    std::vector<double> w;
    for (const ItemState& st : itemState_) w.push_back(value(st.weight));
    keepItems(strongest(w));
    rederive();
  }
  if (tags_.size() > limits_.maxTags) {
    std::vector<double> w;
    for (const Accumulator& a : tagAcc_) w.push_back(value(a));
    const std::vector<uint8_t> keep = strongest(w);
    for (ItemState& st : itemState_)
      st.tags.erase(
          std::remove_if(st.tags.begin(), st.tags.end(), [&](int32_t t) { return !keep[static_cast<std::size_t>(t)]; }),
          st.tags.end());
    rederive();
  }
  if (creators_.size() > limits_.maxCreators) {
    std::vector<double> w;
    for (const Accumulator& a : creatorAcc_) w.push_back(value(a));
    const std::vector<uint8_t> keep = strongest(w);
    for (ItemState& st : itemState_)
      if (st.creator >= 0 && !keep[static_cast<std::size_t>(st.creator)]) st.creator = -1;
    rederive();
  }
}

void Profile::restartClock() {
  bool any = false;
  double newest = 0;
  auto see = [&](double t) {
    newest = any ? std::max(newest, t) : t;
    any = true;
  };
  for (const ProfileEvent& e : events_) see(e.timestamp);
  for (const ItemState& st : itemState_)
    if (st.archivedCount) see(st.archivedNewest);
  if (!any) {
    hasEpoch_ = false;
    epoch_ = newest_ = 0;
    return;
  }
  newest_ = newest;
}

std::size_t Profile::forgetItem(const std::string& item) {
  const int32_t idx = items_.find(item);
  if (idx == IdMap::kMissing) return 0;
  std::vector<uint8_t> keep(items_.size(), 1);
  keep[static_cast<std::size_t>(idx)] = 0;
  keepItems(keep);
  rederive();
  restartClock();
  return 1;
}

std::size_t Profile::forgetBefore(double timestamp) {
  std::size_t removed = 0;
  std::deque<ProfileEvent> kept;
  std::vector<uint32_t> liveEvents(items_.size(), 0);
  for (const ProfileEvent& e : events_) {
    ItemState& st = itemState_[static_cast<std::size_t>(e.item)];
    if (e.timestamp < timestamp) {
      const Accumulator delta = contribution(e);
      st.weight -= delta;
      st.creatorWeight -= delta.times(creatorFactor(e.type));
      ++removed;
    } else {
      ++liveEvents[static_cast<std::size_t>(e.item)];
      kept.push_back(e);
    }
  }
  events_ = std::move(kept);
  std::vector<uint8_t> keep(items_.size(), 1);
  for (std::size_t i = 0; i < itemState_.size(); ++i) {
    ItemState& st = itemState_[i];
    if (st.archivedCount && st.archivedOldest < timestamp) {
      st.weight -= st.archived;
      st.creatorWeight -= st.archivedCreator;
      removed += st.archivedCount;
      st.archived = st.archivedCreator = Accumulator{};
      st.archivedCount = 0;
    }
    if (liveEvents[i] == 0 && st.archivedCount == 0) keep[i] = 0;
  }
  keepItems(keep);
  rederive();
  restartClock();
  return removed;
}

Status Profile::block(const std::string& item, const std::string& creator) {
  if (item.empty() && creator.empty()) return argError("block needs an item or a creator id");
  if (!item.empty()) RR_TRY(validateId(item, "blocked item"));
  if (!creator.empty()) RR_TRY(validateId(creator, "blocked creator"));
  if (blockedItems_.size() + blockedCreators_.size() >= limits_.maxItems)
    return Status::error(ErrorCode::Memory, "a profile blocks at most " + std::to_string(limits_.maxItems) +
                                                " items and creators together");
  if (!item.empty()) blockedItems_.insert(item);
  if (!creator.empty()) blockedCreators_.insert(creator);
  return Status::ok();
}

std::vector<Interest> Profile::topInterests(const IdMap& ids, const std::vector<Accumulator>& w, std::size_t n) const {
  std::vector<Interest> all;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const double v = value(w[i]);
    if (v > 1e-12) all.push_back({ids.name(static_cast<int32_t>(i)), v});
  }
  n = std::min(n, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(),
                    [](const Interest& a, const Interest& b) {
                      return a.weight != b.weight ? a.weight > b.weight : a.name < b.name;
                    });
  all.resize(n);
  return all;
}

namespace {
// An id costs its text twice (the name list and the hash map's key) plus a hash node.
std::size_t idCost(std::size_t textBytes) { return 2 * (textBytes + sizeof(std::string)) + 32; }
}  // namespace

std::size_t Profile::memoryBound() const {
  const std::size_t id = idCost(limits::kMaxIdBytes);
  return sizeof(Profile) + std::size_t{limits_.maxEvents} * sizeof(ProfileEvent) +
         std::size_t{limits_.maxItems} * (sizeof(ItemState) + limits::kMaxTagsPerVideo * sizeof(int32_t) + id) +
         (std::size_t{limits_.maxTags} + limits_.maxCreators) * (sizeof(Accumulator) + id) +
         std::size_t{limits_.maxItems} * (limits::kMaxIdBytes + 64) +  // blocked ids
         IndexTranslation::memoryBound(limits_.maxItems) + IndexTranslation::memoryBound(limits_.maxTags) +
         IndexTranslation::memoryBound(limits_.maxCreators);
}

std::size_t Profile::memoryBytes() const {
  auto idBytes = [](const IdMap& m) {
    std::size_t b = 0;
    for (const auto& s : m.names()) b += idCost(s.capacity());
    return b;
  };
  std::size_t itemBytes = itemState_.capacity() * sizeof(ItemState);
  for (const ItemState& st : itemState_) itemBytes += st.tags.capacity() * sizeof(int32_t);
  return sizeof(Profile) + events_.size() * sizeof(ProfileEvent) + idBytes(items_) + idBytes(tags_) +
         idBytes(creators_) + itemBytes + (tagAcc_.capacity() + creatorAcc_.capacity()) * sizeof(Accumulator) +
         (blockedItems_.size() + blockedCreators_.size()) * 64 + itemsIn_.memoryBytes() + tagsIn_.memoryBytes() +
         creatorsIn_.memoryBytes();
}

namespace {
void writeAcc(BinaryWriter& w, const Accumulator& a) {
  w.f64(a.scaled);
  w.f64(a.fixed);
}
bool readAcc(BinaryReader& r, Accumulator* a) {
  a->scaled = r.f64();
  a->fixed = r.f64();
  return r.ok() && std::isfinite(a->scaled) && std::isfinite(a->fixed);
}
}  // namespace

std::vector<uint8_t> Profile::save() const {
  BinaryWriter w;
  for (float f : {policy_.view, policy_.maxWatchRatio, policy_.like, policy_.comment, policy_.share, policy_.follow,
                  policy_.skip, policy_.dislike, policy_.rating, policy_.confidenceAlpha})
    w.f32(f);
  w.f64(policy_.halfLifeDays);
  w.u32(limits_.maxEvents);
  w.u32(limits_.maxItems);
  w.u32(limits_.maxTags);
  w.u32(limits_.maxCreators);
  w.f64(epoch_);
  w.u8(hasEpoch_ ? 1 : 0);
  w.f64(newest_);
  w.u64(totalRecorded_);
  w.strings(items_.names());
  w.strings(tags_.names());
  w.strings(creators_.names());
  for (const ItemState& st : itemState_) {
    writeAcc(w, st.weight);
    writeAcc(w, st.creatorWeight);
    writeAcc(w, st.archived);
    writeAcc(w, st.archivedCreator);
    w.f64(st.archivedNewest);
    w.f64(st.archivedOldest);
    w.u32(st.archivedCount);
    w.u32(st.tagCount);
    w.podVector(st.tags);
    w.i32(st.creator);
  }
  w.u64(events_.size());
  for (const ProfileEvent& e : events_) {
    w.i32(e.item);
    w.u8(static_cast<uint8_t>(e.type));
    w.f32(e.value);
    w.f32(e.duration);
    w.f64(e.timestamp);
  }
  // Sets are written sorted so that equal profiles save to equal bytes.
  for (const auto* set : {&blockedItems_, &blockedCreators_}) {
    std::vector<std::string> sorted(set->begin(), set->end());
    std::sort(sorted.begin(), sorted.end());
    w.strings(sorted);
  }
  return sealSnapshot(kProfileMagic, kProfileFormatVersion, w.bytes());
}

Status Profile::load(const uint8_t* data, std::size_t n, Profile* out) {
  uint16_t version;
  const uint8_t* payload;
  std::size_t len;
  RR_TRY(openSnapshot(data, n, kProfileMagic, kProfileFormatVersion, "profile", &version, &payload, &len));
  (void)version;  // only version 1 exists so far; older versions would be converted here
  BinaryReader r(payload, len);
  Profile p;
  WeightPolicy& pol = p.policy_;
  for (float* f : {&pol.view, &pol.maxWatchRatio, &pol.like, &pol.comment, &pol.share, &pol.follow, &pol.skip,
                   &pol.dislike, &pol.rating, &pol.confidenceAlpha})
    *f = r.f32();
  pol.halfLifeDays = r.f64();
  p.limits_.maxEvents = r.u32();
  p.limits_.maxItems = r.u32();
  p.limits_.maxTags = r.u32();
  p.limits_.maxCreators = r.u32();
  p.epoch_ = r.f64();
  p.hasEpoch_ = r.u8() != 0;
  p.newest_ = r.f64();
  p.totalRecorded_ = r.u64();
  if (!r.ok()) return corruptError("profile snapshot header is damaged");
  if (!pol.validate().isOk() || !p.limits_.validate().isOk() || !std::isfinite(p.epoch_) || !std::isfinite(p.newest_))
    return corruptError("profile snapshot holds an invalid policy or limits");
  RR_TRY(readIdMap(r, &p.items_, "profile items"));
  RR_TRY(readIdMap(r, &p.tags_, "profile tags"));
  RR_TRY(readIdMap(r, &p.creators_, "profile creators"));
  if (p.items_.size() > p.limits_.maxItems || p.tags_.size() > p.limits_.maxTags ||
      p.creators_.size() > p.limits_.maxCreators)
    return corruptError("profile snapshot exceeds its own limits");
  const auto nTags = static_cast<int32_t>(p.tags_.size()), nCreators = static_cast<int32_t>(p.creators_.size());
  p.itemState_.resize(p.items_.size());
  for (ItemState& st : p.itemState_) {
    bool ok = readAcc(r, &st.weight) && readAcc(r, &st.creatorWeight) && readAcc(r, &st.archived) &&
              readAcc(r, &st.archivedCreator);
    st.archivedNewest = r.f64();
    st.archivedOldest = r.f64();
    st.archivedCount = r.u32();
    st.tagCount = r.u32();
    st.tags = r.podVector<int32_t>();
    st.creator = r.i32();
    ok = ok && r.ok() && std::isfinite(st.archivedNewest) && std::isfinite(st.archivedOldest) &&
         st.tags.size() <= st.tagCount && st.tagCount <= limits::kMaxTagsPerVideo && st.creator >= -1 &&
         st.creator < nCreators;
    for (std::size_t k = 0; ok && k < st.tags.size(); ++k)
      ok = st.tags[k] >= 0 && st.tags[k] < nTags && (k == 0 || st.tags[k - 1] < st.tags[k]);
    if (!ok) return corruptError("profile snapshot has a damaged item");
  }
  const uint64_t nEvents = r.u64();
  if (!r.ok() || nEvents > r.remaining() / 21 || nEvents > p.limits_.maxEvents)
    return corruptError("profile snapshot event list is damaged");
  for (uint64_t k = 0; k < nEvents; ++k) {
    ProfileEvent e;
    e.item = r.i32();
    const uint8_t type = r.u8();
    e.value = r.f32();
    e.duration = r.f32();
    e.timestamp = r.f64();
    if (!r.ok() || e.item < 0 || static_cast<std::size_t>(e.item) >= p.items_.size() ||
        type >= static_cast<uint8_t>(EventType::Count) ||
        !validateEventValues(static_cast<EventType>(type), e.value, e.duration, e.timestamp, "event").isOk())
      return corruptError("profile snapshot has a damaged event");
    e.type = static_cast<EventType>(type);
    p.events_.push_back(e);
  }
  for (auto* set : {&p.blockedItems_, &p.blockedCreators_})
    for (auto& s : r.strings()) {
      if (!validateId(s, "blocked").isOk()) return corruptError("profile snapshot has an invalid blocked id");
      set->insert(std::move(s));
    }
  if (!r.ok() || r.remaining() != 0) return corruptError("profile snapshot is damaged at its end");
  if (p.blockedItems_.size() + p.blockedCreators_.size() > p.limits_.maxItems)
    return corruptError("profile snapshot blocks more ids than its own limits allow");
  p.rederive();
  *out = std::move(p);
  return Status::ok();
}

}  // namespace reelrank
