// What the SASRec model reads of a person's ordered events: one step per
// event, a repeat of the item just seen merged into it (a like after its
// view is one step, of the stronger kind). Without feedback embeddings only
// the positive events are steps (plain SASRec); with them every weighted
// event is, so a skip is context, but only positive steps are ever targets.
#pragma once
#include <cstdint>
#include <vector>

#include "data/interactions.hpp"

namespace reelrank::sasrec {

struct Step {
  int32_t row;   // embedding row: model item + 1
  int32_t kind;  // FeedbackKind
  bool positive;
};

std::vector<Step> stepsOf(const SequenceStep* begin, const SequenceStep* end, bool feedback);

// The last `count` of stepsOf(begin, end, feedback) less the steps of items
// >= `items` (outside the model), reading only the events they come from (a
// profile keeps thousands of events; a window is maxLen steps).
std::vector<Step> lastSteps(const SequenceStep* begin, const SequenceStep* end, bool feedback, int32_t items,
                            std::size_t count);

}  // namespace reelrank::sasrec
