#include "profile/profile.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "common/limits.hpp"

namespace reelrank {

namespace {
constexpr char kMagic[4] = {'R', 'R', 'P', 'F'};
constexpr uint16_t kVersion = 1;
// Rebase the scaled weights before 2^exponent could leave double range.
constexpr double kMaxExponent = 500.0;

// Keeps the strongest 90% of `acc` by |value|; returns old index -> new index (-1 = evicted).
template <typename ValueFn>
std::vector<int32_t> evictWeakest(IdMap& ids, std::vector<Accumulator>& acc, ValueFn value) {
  const std::size_t n = ids.size();
  const std::size_t keep = n - std::max<std::size_t>(1, n / 10);
  std::vector<int32_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    return std::fabs(value(acc[static_cast<std::size_t>(a)])) > std::fabs(value(acc[static_cast<std::size_t>(b)]));
  });
  order.resize(keep);
  std::sort(order.begin(), order.end());  // keep surviving ids in their old relative order
  std::vector<int32_t> remap(n, -1);
  IdMap kept;
  std::vector<Accumulator> keptAcc;
  kept.reserve(keep);
  keptAcc.reserve(keep);
  for (int32_t old : order) {
    remap[static_cast<std::size_t>(old)] = kept.intern(ids.name(old));
    keptAcc.push_back(acc[static_cast<std::size_t>(old)]);
  }
  ids = std::move(kept);
  acc = std::move(keptAcc);
  return remap;
}
}  // namespace

Status ProfileLimits::validate() const {
  if (maxEvents < 1 || maxItems < 10 || maxTags < 10 || maxCreators < 10)
    return argError("profile limits: maxEvents must be >= 1 and maxItems, maxTags, maxCreators >= 10");
  return Status::ok();
}

Profile::Profile(WeightPolicy policy, ProfileLimits limits) : policy_(policy), limits_(limits) {}

double Profile::readScale() const {
  if (policy_.halfLifeDays <= 0 || !hasEpoch_) return 1.0;
  return std::exp2(-(newest_ - epoch_) / (policy_.halfLifeDays * 86400.0));
}

void Profile::rebase(double newEpoch) {
  const double f = std::exp2(-(newEpoch - epoch_) / (policy_.halfLifeDays * 86400.0));
  for (auto* v : {&itemAcc_, &tagAcc_, &creatorAcc_})
    for (Accumulator& a : *v) a.scaled *= f;
  epoch_ = newEpoch;
}

double Profile::writeScale(double t) {
  if (policy_.halfLifeDays <= 0) return 1.0;
  if (!hasEpoch_) {
    epoch_ = t;
    hasEpoch_ = true;
  }
  double e = (t - epoch_) / (policy_.halfLifeDays * 86400.0);
  if (e > kMaxExponent) {
    rebase(t);
    e = 0;
  }
  return std::exp2(e);  // very old events underflow to 0: they have decayed away
}

Status Profile::recordBatch(const EventBatch& b, const Catalog* catalog, const std::vector<EventMeta>& meta) {
  const std::size_t n = b.types.size();
  if (b.values.size() != n || b.durations.size() != n || b.timestamps.size() != n)
    return argError("event batch columns have different lengths");
  std::vector<std::string_view> items = splitIds(b.items);
  if (items.size() != n) return argError("event batch has " + std::to_string(n) + " events but " +
                                         std::to_string(items.size()) + " item ids");
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
    ProfileEvent e;
    e.item = items_.intern(items[k]);
    if (itemAcc_.size() < items_.size()) itemAcc_.resize(items_.size());
    e.type = static_cast<EventType>(b.types[k]);
    e.value = static_cast<float>(b.values[k]);
    e.duration = static_cast<float>(b.durations[k]);
    e.timestamp = b.timestamps[k];
    const Video* video = nullptr;
    if (catalog) {
      int32_t ci = catalog->items().find(items[k]);
      if (ci != IdMap::kMissing) video = &catalog->video(ci);
    }
    if (e.duration <= 0 && video) e.duration = video->duration;
    applyEvent(e, video, catalog, meta.empty() ? nullptr : &meta[k]);
    events_.push_back(e);
    ++totalRecorded_;
    if (events_.size() > limits_.maxEvents) events_.pop_front();
    enforceCaps();
  }
  return Status::ok();
}

void Profile::applyEvent(const ProfileEvent& e, const Video* video, const Catalog* catalog, const EventMeta* meta) {
  if (!hasEpoch_ || e.timestamp > newest_) newest_ = e.timestamp;
  const double w = policy_.weight(e.type, e.value, e.duration);
  const bool fixed = !policy_.decays(e.type);
  const double scaled = fixed ? 0.0 : w * writeScale(e.timestamp);
  if (!hasEpoch_) {  // no decay: still remember that we have a first event
    hasEpoch_ = true;
    epoch_ = e.timestamp;
  }
  auto add = [&](Accumulator& a, double share) {
    if (fixed) a.fixed += w * share;
    else a.scaled += scaled * share;
  };
  add(itemAcc_[static_cast<std::size_t>(e.item)], 1.0);
  // Tags share the event's weight equally, so a video with many tags does not
  // outweigh one with few.
  auto addTags = [&](auto begin, auto end, auto nameOf) {
    const std::size_t count = static_cast<std::size_t>(std::distance(begin, end));
    for (auto it = begin; it != end; ++it) {
      int32_t t = tags_.intern(nameOf(*it));
      if (tagAcc_.size() < tags_.size()) tagAcc_.resize(tags_.size());
      add(tagAcc_[static_cast<std::size_t>(t)], 1.0 / static_cast<double>(count));
    }
  };
  std::string creator;
  if (meta && !meta->tags.empty()) {
    addTags(meta->tags.begin(), meta->tags.end(), [](const std::string& s) -> const std::string& { return s; });
  } else if (video) {
    addTags(video->tags.begin(), video->tags.end(),
            [&](int32_t t) -> const std::string& { return catalog->tags().name(t); });
  }
  if (meta && !meta->creator.empty()) creator = meta->creator;
  else if (video && video->creator >= 0) creator = catalog->creators().name(video->creator);
  if (!creator.empty()) {
    int32_t c = creators_.intern(creator);
    if (creatorAcc_.size() < creators_.size()) creatorAcc_.resize(creators_.size());
    // A follow is about the creator more than the video: it counts double there.
    add(creatorAcc_[static_cast<std::size_t>(c)], e.type == EventType::Follow ? 2.0 : 1.0);
  }
}

void Profile::enforceCaps() {
  auto val = [this](const Accumulator& a) { return value(a); };
  if (items_.size() > limits_.maxItems) {
    std::vector<int32_t> remap = evictWeakest(items_, itemAcc_, val);
    std::deque<ProfileEvent> kept;
    for (ProfileEvent e : events_) {
      int32_t ni = remap[static_cast<std::size_t>(e.item)];
      if (ni < 0) continue;
      e.item = ni;
      kept.push_back(e);
    }
    events_ = std::move(kept);
  }
  if (tags_.size() > limits_.maxTags) evictWeakest(tags_, tagAcc_, val);
  if (creators_.size() > limits_.maxCreators) evictWeakest(creators_, creatorAcc_, val);
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
    double v = value(w[i]);
    if (v > 0) all.push_back({ids.name(static_cast<int32_t>(i)), v});
  }
  n = std::min(n, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(),
                    [](const Interest& a, const Interest& b) {
                      return a.weight != b.weight ? a.weight > b.weight : a.name < b.name;
                    });
  all.resize(n);
  return all;
}

void Profile::collect(const IdMap& ids, const std::vector<Accumulator>& w,
                      std::vector<std::pair<const std::string*, double>>& out) const {
  out.clear();
  for (std::size_t i = 0; i < ids.size(); ++i) out.emplace_back(&ids.name(static_cast<int32_t>(i)), value(w[i]));
}

std::size_t Profile::memoryBytes() const {
  auto idBytes = [](const IdMap& m) {
    std::size_t b = 0;
    for (const auto& s : m.names()) b += 2 * (s.capacity() + sizeof(std::string)) + 32;  // name + hash node
    return b;
  };
  return sizeof(Profile) + events_.size() * sizeof(ProfileEvent) + idBytes(items_) + idBytes(tags_) +
         idBytes(creators_) + (itemAcc_.capacity() + tagAcc_.capacity() + creatorAcc_.capacity()) * sizeof(Accumulator) +
         (blockedItems_.size() + blockedCreators_.size()) * 64;
}

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
  auto writeAcc = [&](const std::vector<Accumulator>& v) {
    w.u64(v.size());
    for (const auto& a : v) {
      w.f64(a.scaled);
      w.f64(a.fixed);
    }
  };
  writeAcc(itemAcc_);
  writeAcc(tagAcc_);
  writeAcc(creatorAcc_);
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
  return sealSnapshot(kMagic, kVersion, w.bytes());
}

Status Profile::load(const uint8_t* data, std::size_t n, Profile* out) {
  uint16_t version;
  const uint8_t* payload;
  std::size_t len;
  RR_TRY(openSnapshot(data, n, kMagic, kVersion, "profile", &version, &payload, &len));
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
  auto readAcc = [&](std::vector<Accumulator>& v, std::size_t expected) {
    uint64_t count = r.u64();
    if (!r.ok() || count != expected || count > r.remaining() / 16) return false;
    v.resize(static_cast<std::size_t>(count));
    for (auto& a : v) {
      a.scaled = r.f64();
      a.fixed = r.f64();
      if (!std::isfinite(a.scaled) || !std::isfinite(a.fixed)) return false;
    }
    return r.ok();
  };
  if (!readAcc(p.itemAcc_, p.items_.size()) || !readAcc(p.tagAcc_, p.tags_.size()) ||
      !readAcc(p.creatorAcc_, p.creators_.size()))
    return corruptError("profile snapshot weights are damaged");
  uint64_t nEvents = r.u64();
  if (!r.ok() || nEvents > r.remaining() / 21 || nEvents > p.limits_.maxEvents)
    return corruptError("profile snapshot event list is damaged");
  for (uint64_t k = 0; k < nEvents; ++k) {
    ProfileEvent e;
    e.item = r.i32();
    uint8_t type = r.u8();
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
    for (auto& s : r.strings()) set->insert(std::move(s));
  if (!r.ok() || r.remaining() != 0) return corruptError("profile snapshot is damaged at its end");
  if (p.items_.size() > p.limits_.maxItems || p.tags_.size() > p.limits_.maxTags ||
      p.creators_.size() > p.limits_.maxCreators)
    return corruptError("profile snapshot exceeds its own limits");
  (void)version;
  *out = std::move(p);
  return Status::ok();
}

}  // namespace reelrank
