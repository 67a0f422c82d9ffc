// A profile's ids as a catalogue's indices, kept from one call to the next.
//
// Every recommend() for a Profile needs each of its items, tags and
// creators as the model's indices, and a long-lived profile holds
// thousands (up to ProfileLimits::maxItems): looking each id up by its
// string on every call cost a swipe more than the rest of ranking did.
// Both maps only grow (IdMap's uid changes when one is rebuilt), so the
// translation is kept per pair of maps and only the ids added since the
// last call are looked up: one per swipe.
#pragma once
#include <cstdint>
#include <mutex>
#include <vector>

#include "common/id_map.hpp"

namespace reelrank {

class IndexTranslation {
 public:
  IndexTranslation() = default;
  // A copy starts empty: it belongs to another profile, whose maps have
  // other uids, so nothing kept here could be used.
  IndexTranslation(const IndexTranslation&) {}
  IndexTranslation& operator=(const IndexTranslation& other) {
    if (this != &other) {
      std::lock_guard<std::mutex> guard(lock_);
      fromUid_ = toUid_ = 0;  // no map has uid 0
      index_.clear();
      order_.clear();
    }
    return *this;
  }

  // index[i] = `to`'s index of `from`'s id i (IdMap::kMissing when `to`
  // lacks it); with `order`, from's indices sorted by that index (the
  // missing ones first). Safe to call from several threads at once.
  void translate(const IdMap& from, const IdMap& to, std::vector<int32_t>* index,
                 std::vector<int32_t>* order = nullptr) const;

  std::size_t memoryBytes() const;
  // At most this for a `from` of `ids` ids (both lists, with their growth).
  static std::size_t memoryBound(std::size_t ids) { return 4 * ids * sizeof(int32_t); }

 private:
  mutable std::mutex lock_;
  mutable uint64_t fromUid_ = 0, toUid_ = 0;
  mutable std::size_t toSize_ = 0;
  mutable std::vector<int32_t> index_, order_;
};

}  // namespace reelrank
