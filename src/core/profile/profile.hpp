// Profile: one person's own events and what they imply, kept on the device.
//
// Memory is bounded (ProfileLimits, docs/memory.md): the newest `maxEvents`
// raw events are kept; an older event leaves the raw list but its weight stays
// with its item (as the item's "archived" share). At most `maxItems` items,
// `maxTags` tags and `maxCreators` creators are tracked; past a cap the
// weakest 10% (by absolute decayed weight) are evicted with everything derived
// from them.
//
// Everything derived is derived from items: an item keeps its weight, the
// weight it gave its creator, its tags (fixed at its first event) and its
// creator; tag and creator interests are sums over items. That is what lets
// forget() remove an item or a time range and everything that came from it.
//
// Weights decay relative to the newest event the profile holds, so a profile
// left alone for a month ranks the same when it is opened again. Internally a
// weight is stored scaled by 2^((t - epoch) / halfLife), which turns decay
// into one multiplication at read time.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/binary_io.hpp"
#include "common/id_map.hpp"
#include "data/catalog.hpp"
#include "data/events.hpp"
#include "data/interactions.hpp"
#include "profile/index_translation.hpp"

namespace reelrank {

// The profile snapshot's envelope (docs/format.md): magic and the newest
// format version; public so tools (the fuzz targets) can seal a payload.
inline constexpr char kProfileMagic[4] = {'R', 'R', 'P', 'F'};
inline constexpr uint16_t kProfileFormatVersion = 1;

struct ProfileLimits {
  uint32_t maxEvents = 5000;
  uint32_t maxItems = 10000;
  uint32_t maxTags = 2000;
  uint32_t maxCreators = 1000;
  Status validate() const;
};

// The limits by name with their smallest allowed value, the one list of them:
// the bindings read { maxEvents, ... } through it and JS learns names,
// defaults and ranges from it at load() (rr.schema.profileLimits).
struct ProfileLimitField {
  const char* name;
  uint32_t ProfileLimits::*field;
  uint32_t min;
};
const std::vector<ProfileLimitField>& profileLimitFields();
constexpr uint32_t kMaxProfileLimit = 100'000'000;  // any limit, so a count stays exact in a double

struct ProfileEvent {
  int32_t item;  // index into Profile::items()
  EventType type;
  float value;
  float duration;
  double timestamp;
};

// Optional metadata carried by an event for items the catalogue lacks.
struct EventMeta {
  std::vector<std::string> tags;
  std::string creator;
};

// A decaying weight: `scaled` (decaying events, see the file comment) plus
// `fixed` (ratings, which do not decay).
struct Accumulator {
  double scaled = 0;
  double fixed = 0;
  Accumulator& operator+=(const Accumulator& o) {
    scaled += o.scaled;
    fixed += o.fixed;
    return *this;
  }
  Accumulator& operator-=(const Accumulator& o) {
    scaled -= o.scaled;
    fixed -= o.fixed;
    return *this;
  }
  Accumulator times(double f) const { return {scaled * f, fixed * f}; }
};

struct ItemState {
  Accumulator weight;           // all the item's events
  Accumulator creatorWeight;    // what it gave its creator (a follow counts double)
  Accumulator archived;         // share of `weight` from events no longer in the raw list
  Accumulator archivedCreator;  // share of `creatorWeight` from those events
  double archivedNewest = 0;    // time range of the archived events (valid when archivedCount > 0)
  double archivedOldest = 0;
  uint32_t archivedCount = 0;
  uint32_t tagCount = 0;      // tags at the first event: each gets weight / tagCount
  std::vector<int32_t> tags;  // profile tag indices still tracked (a subset of those)
  int32_t creator = -1;       // profile creator index
};

struct Interest {
  std::string name;
  double weight;
};

class Profile {
 public:
  explicit Profile(WeightPolicy policy = {}, ProfileLimits limits = {});

  // Records events atomically. `catalog` (may be null) supplies tags, creator
  // and duration; `meta` (empty or one per event) supplies them inline.
  Status recordBatch(const EventBatch& batch, const Catalog* catalog, const std::vector<EventMeta>& meta);

  // Removes one item's events and everything derived from them. Returns the
  // number of items removed (0 when the profile never saw it).
  std::size_t forgetItem(const std::string& item);
  // Removes every event before `timestamp` and everything derived from them.
  // Events that have left the raw list cannot be dated one by one, so an
  // item's archived share is removed whenever any archived event is older
  // than `timestamp` (forgetting more, never less). Returns events removed.
  std::size_t forgetBefore(double timestamp);

  std::size_t eventCount() const { return events_.size(); }
  uint64_t totalRecorded() const { return totalRecorded_; }
  double newestTimestamp() const { return newest_; }
  const WeightPolicy& policy() const { return policy_; }
  const ProfileLimits& limits() const { return limits_; }
  const IdMap& items() const { return items_; }
  const std::deque<ProfileEvent>& events() const { return events_; }

  // Decayed weights at the profile's newest event.
  double itemWeight(int32_t i) const { return value(itemState_[static_cast<std::size_t>(i)].weight); }
  std::vector<Interest> tagInterests(std::size_t n) const { return topInterests(tags_, tagAcc_, n); }
  std::vector<Interest> creatorInterests(std::size_t n) const { return topInterests(creators_, creatorAcc_, n); }
  // Tracked tag / creator i's decayed weight (positive or negative).
  double tagWeight(int32_t i) const { return value(tagAcc_[static_cast<std::size_t>(i)]); }
  double creatorWeight(int32_t i) const { return value(creatorAcc_[static_cast<std::size_t>(i)]); }
  std::size_t tagCount() const { return tags_.size(); }
  std::size_t creatorCount() const { return creators_.size(); }

  // The profile's items (tags, creators) as indices of a catalogue's map
  // `to`: index[i] for the profile's item i, IdMap::kMissing where `to` has
  // no such id; `order`, the profile's item indices sorted by that index.
  // Kept between calls, so each id is looked up once (index_translation.hpp).
  void itemsIn(const IdMap& to, std::vector<int32_t>* index, std::vector<int32_t>* order = nullptr) const {
    itemsIn_.translate(items_, to, index, order);
  }
  void tagsIn(const IdMap& to, std::vector<int32_t>* index) const { tagsIn_.translate(tags_, to, index); }
  void creatorsIn(const IdMap& to, std::vector<int32_t>* index) const { creatorsIn_.translate(creators_, to, index); }

  bool blockedItem(const std::string& id) const { return blockedItems_.count(id) > 0; }
  const std::unordered_set<std::string>& blockedItems() const { return blockedItems_; }
  const std::unordered_set<std::string>& blockedCreators() const { return blockedCreators_; }
  Status block(const std::string& item, const std::string& creator);

  // Approximate bytes held, and the bound the limits put on it whatever is
  // recorded (ids at their maximum length, every video with 64 tags).
  std::size_t memoryBytes() const;
  std::size_t memoryBound() const;

  std::vector<uint8_t> save() const;
  static Status load(const uint8_t* data, std::size_t n, Profile* out);

 private:
  double readScale() const;
  double value(const Accumulator& a) const { return a.scaled * readScale() + a.fixed; }
  // The decayed contribution of one event, relative to the current epoch.
  Accumulator contribution(const ProfileEvent& e) const;
  double scaleAt(double timestamp) const;
  void prepareEpoch(double timestamp);
  void rebase(double newEpoch);
  int32_t internItem(std::string_view id, const Video* video, const Catalog* catalog, const EventMeta* meta);
  void applyEvent(const ProfileEvent& e);
  void archiveOldest();
  void enforceCaps();
  // Keeps the items whose flag is set, remapping events, tags and creators.
  void keepItems(const std::vector<uint8_t>& keep);
  // Rebuilds tag and creator interests from the items (drops unused ones).
  void rederive();
  void restartClock();
  std::vector<Interest> topInterests(const IdMap& ids, const std::vector<Accumulator>& w, std::size_t n) const;

  WeightPolicy policy_;
  ProfileLimits limits_;
  double epoch_ = 0;
  bool hasEpoch_ = false;
  double newest_ = 0;
  uint64_t totalRecorded_ = 0;
  std::deque<ProfileEvent> events_;
  IdMap items_, tags_, creators_;
  std::vector<ItemState> itemState_;
  std::vector<Accumulator> tagAcc_, creatorAcc_;  // derived from itemState_
  std::unordered_set<std::string> blockedItems_, blockedCreators_;
  IndexTranslation itemsIn_, tagsIn_, creatorsIn_;  // derived, never saved
};

}  // namespace reelrank
