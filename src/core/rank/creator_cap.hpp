// The creator cap: at most `max` results per creator in one feed (0 = no
// cap). Shared by the diversity re-ranking and exploration so the explored
// slots count against the same cap as the chosen ones.
#pragma once
#include <cstdint>
#include <unordered_map>

namespace reelrank {

class CreatorCap {
 public:
  explicit CreatorCap(int32_t max) : max_(max) {}
  // True when `creator` already has its `max` results (never for -1, no creator).
  bool full(int32_t creator) const {
    if (max_ <= 0 || creator < 0) return false;
    const auto it = count_.find(creator);
    return it != count_.end() && it->second >= max_;
  }
  void take(int32_t creator) {
    if (max_ > 0 && creator >= 0) ++count_[creator];
  }

 private:
  int32_t max_;
  std::unordered_map<int32_t, int32_t> count_;
};

}  // namespace reelrank
