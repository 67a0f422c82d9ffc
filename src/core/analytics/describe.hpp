// Describing groups of people (segments, communities, audiences): their size
// and the tags, creators and videos that set them apart, all behind the
// privacy guard.
//
// A label's share is the fraction of the group's positive engagement weight
// that went to it; its lift is that share over the same share among everyone.
// Labels are ranked by excess share (group share - overall share), so a
// segment is described by what it watches more than everyone else does, not
// by what everyone watches. A label engaged by fewer than minGroupSize
// members is never shown (it could point at one person's viewing).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "analytics/people.hpp"
#include "analytics/privacy_guard.hpp"

namespace reelrank::analytics {

struct Label {
  std::string name;
  double share = 0;
  double lift = 0;
  uint32_t people = 0;  // members who engaged positively with it
};

struct GroupSummary {
  int32_t id = -1;  // shown groups are numbered 0.. by size, largest first; "other" is -1
  bool other = false;
  uint32_t mergedGroups = 0;  // groups folded into "other"
  uint32_t size = 0;
  std::vector<Label> tags, creators, videos;
  std::vector<int32_t> members;  // person indices, when asked for
};

struct DescribeOptions {
  int top = 5;  // labels of each kind
  bool members = false;
};

// `labels[u]` is person u's group in [0, groups) (-1 = in none). Writes the
// shown groups (largest first, then "other" when allowed) and, in
// finalLabels (optional), each person's shown group index: 0.. for shown
// groups, out->size() - 1 for "other" when it is shown, -1 when hidden.
void describeGroups(const PeopleSource& s, const std::vector<int32_t>& labels, int groups, const PrivacyGuard& guard,
                    const DescribeOptions& o, std::vector<GroupSummary>* out, PrivacyNote* note,
                    std::vector<int32_t>* finalLabels);

}  // namespace reelrank::analytics
