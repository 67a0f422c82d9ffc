#include "analytics/privacy_guard.hpp"

namespace reelrank::analytics {

std::string PrivacyNote::summary() const {
  std::string s = "groups of fewer than " + std::to_string(minGroupSize) + " people are not shown on their own";
  if (mergedGroups == 0 && hiddenLabels == 0) return s + "; none were that small";
  if (mergedGroups > 0) {
    s += "; " + std::to_string(mergedGroups) + (mergedGroups == 1 ? " group was" : " groups were");
    if (otherShown)
      s += " merged into 'other' (" + std::to_string(mergedPeople) + " people)";
    else
      s += " hidden (" + std::to_string(hiddenPeople) + " people; too few even together)";
  }
  if (hiddenLabels > 0)
    s += "; " + std::to_string(hiddenLabels) + " describing labels engaged by too few people were left out";
  return s;
}

Status PrivacyGuard::make(int minGroupSize, PrivacyGuard* out) {
  if (minGroupSize < kLowestMinGroupSize || minGroupSize > kHighestMinGroupSize)
    return argError("minGroupSize must be an integer from " + std::to_string(kLowestMinGroupSize) + " to " +
                    std::to_string(kHighestMinGroupSize) + " (a group of one is a person); got " +
                    std::to_string(minGroupSize));
  out->min_ = minGroupSize;
  return Status::ok();
}

std::vector<int32_t> PrivacyGuard::plan(const std::vector<uint32_t>& people, PrivacyNote* note) const {
  note->minGroupSize = min_;
  std::vector<int32_t> remap(people.size(), kOtherGroup);
  int32_t shown = 0;
  for (std::size_t g = 0; g < people.size(); ++g) {
    if (allows(people[g]))
      remap[g] = shown++;
    else if (people[g] > 0)
      ++note->mergedGroups;  // an empty group describes nobody: nothing to merge
  }
  return remap;
}

bool PrivacyGuard::admitOther(uint32_t otherPeople, PrivacyNote* note) const {
  if (note->mergedGroups == 0) return false;
  if (allows(otherPeople)) {
    note->otherShown = true;
    note->mergedPeople = otherPeople;
    return true;
  }
  note->otherShown = false;
  note->hiddenGroups += note->mergedGroups;
  note->hiddenPeople += otherPeople;
  return false;
}

}  // namespace reelrank::analytics
