// PrivacyGuard: every aggregate that describes people (an engagement row, a
// segment, a community, a describing label) must stand for at least
// `minGroupSize` distinct people, so that an exported table cannot single a
// person out. Groups under the minimum are merged into one "other" bucket;
// when that bucket is itself under the minimum it is hidden too. Every result
// carries a PrivacyNote saying what was merged or hidden.
//
// The guard limits what one table shows; it is not differential privacy.
// Two tables computed on logs that differ by one person can still be
// subtracted, and docs/analytics.md says so.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/status.hpp"

namespace reelrank::analytics {

constexpr int kDefaultMinGroupSize = 5;
// A group of one is a person: the guard never goes below two.
constexpr int kLowestMinGroupSize = 2;
constexpr int kHighestMinGroupSize = 1000000;
// remap value of a group folded into the "other" bucket.
constexpr int32_t kOtherGroup = -2;

struct PrivacyNote {
  int minGroupSize = kDefaultMinGroupSize;
  uint32_t mergedGroups = 0;  // groups under the minimum folded into "other"
  uint32_t mergedPeople = 0;  // distinct people in "other" (0 when there is no "other")
  bool otherShown = false;    // the "other" bucket is part of the result
  uint32_t hiddenGroups = 0;  // groups left out entirely ("other" itself was too small)
  uint32_t hiddenPeople = 0;  // distinct people behind the hidden groups
  uint32_t hiddenLabels = 0;  // describing labels (tags, videos, creators) too rare to show
  // One sentence for people reading the result.
  std::string summary() const;
};

class PrivacyGuard {
 public:
  PrivacyGuard() = default;
  // E_ARG unless kLowestMinGroupSize <= minGroupSize <= kHighestMinGroupSize.
  static Status make(int minGroupSize, PrivacyGuard* out);

  int minGroupSize() const { return min_; }
  bool allows(uint64_t people) const { return people >= static_cast<uint64_t>(min_); }

  // Plans which groups may be shown: remap[g] is g's index among the shown
  // groups (their order kept) or kOtherGroup. `people[g]` counts the distinct
  // people behind group g. Fills the merged count of `note`.
  std::vector<int32_t> plan(const std::vector<uint32_t>& people, PrivacyNote* note) const;
  // Decides the fate of the "other" bucket once its distinct people are known
  // (groups may share people, so the caller counts the union). Returns true
  // when it may be shown; otherwise records it as hidden.
  bool admitOther(uint32_t otherPeople, PrivacyNote* note) const;

 private:
  int min_ = kDefaultMinGroupSize;
};

}  // namespace reelrank::analytics
