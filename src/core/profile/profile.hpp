// Profile: one person's own events and what they imply, kept on the device.
//
// Memory is bounded (ProfileLimits, docs/profile.md): the newest `maxEvents`
// raw events are kept (older ones are dropped from the raw list but their
// weight stays in the per-item totals); at most `maxItems` items, `maxTags`
// tags and `maxCreators` creators are tracked, and when one of these caps is
// passed the weakest 10% (by absolute decayed weight) are evicted.
//
// Weights decay relative to the newest event the profile has seen, so a
// profile left alone for a month ranks the same when it is opened again.
// Internally a weight is stored scaled by 2^((t - epoch) / halfLife), which
// turns decay into one multiplication at read time.
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

namespace reelrank {

struct ProfileLimits {
  uint32_t maxEvents = 5000;
  uint32_t maxItems = 10000;
  uint32_t maxTags = 2000;
  uint32_t maxCreators = 1000;
  Status validate() const;
};

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

  std::size_t eventCount() const { return events_.size(); }
  uint64_t totalRecorded() const { return totalRecorded_; }
  double newestTimestamp() const { return newest_; }
  const WeightPolicy& policy() const { return policy_; }
  const ProfileLimits& limits() const { return limits_; }
  const IdMap& items() const { return items_; }
  const std::deque<ProfileEvent>& events() const { return events_; }

  // Decayed weights at the profile's newest event.
  double itemWeight(int32_t i) const { return value(itemAcc_[static_cast<std::size_t>(i)]); }
  std::vector<Interest> tagInterests(std::size_t n) const { return topInterests(tags_, tagAcc_, n); }
  std::vector<Interest> creatorInterests(std::size_t n) const { return topInterests(creators_, creatorAcc_, n); }
  // Every tracked tag / creator with its decayed weight (positive or negative).
  void allTags(std::vector<std::pair<const std::string*, double>>& out) const { collect(tags_, tagAcc_, out); }
  void allCreators(std::vector<std::pair<const std::string*, double>>& out) const {
    collect(creators_, creatorAcc_, out);
  }

  bool blockedItem(const std::string& id) const { return blockedItems_.count(id) > 0; }
  const std::unordered_set<std::string>& blockedItems() const { return blockedItems_; }
  const std::unordered_set<std::string>& blockedCreators() const { return blockedCreators_; }
  Status block(const std::string& item, const std::string& creator);

  // Approximate bytes held; bounded by the limits (docs/profile.md).
  std::size_t memoryBytes() const;

  std::vector<uint8_t> save() const;
  static Status load(const uint8_t* data, std::size_t n, Profile* out);

 private:
  double readScale() const;
  double value(const Accumulator& a) const { return a.scaled * readScale() + a.fixed; }
  double writeScale(double timestamp);
  void rebase(double newEpoch);
  void applyEvent(const ProfileEvent& e, const Video* video, const Catalog* catalog, const EventMeta* meta);
  void enforceCaps();
  std::vector<Interest> topInterests(const IdMap& ids, const std::vector<Accumulator>& w, std::size_t n) const;
  void collect(const IdMap& ids, const std::vector<Accumulator>& w,
               std::vector<std::pair<const std::string*, double>>& out) const;

  WeightPolicy policy_;
  ProfileLimits limits_;
  double epoch_ = 0;
  bool hasEpoch_ = false;
  double newest_ = 0;
  uint64_t totalRecorded_ = 0;
  std::deque<ProfileEvent> events_;
  IdMap items_, tags_, creators_;
  std::vector<Accumulator> itemAcc_, tagAcc_, creatorAcc_;
  std::unordered_set<std::string> blockedItems_, blockedCreators_;
};

}  // namespace reelrank
