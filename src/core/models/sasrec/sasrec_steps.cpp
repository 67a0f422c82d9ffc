#include "models/sasrec/sasrec_steps.hpp"

#include <algorithm>
#include <cmath>

#include "models/sasrec/sasrec_feedback.hpp"

namespace reelrank::sasrec {

std::vector<Step> stepsOf(const SequenceStep* begin, const SequenceStep* end, bool feedback) {
  std::vector<Step> out;
  out.reserve(static_cast<std::size_t>(end - begin));  // at most one step per event
  float strongest = 0;                                 // |weight| of the event behind the last step's kind
  for (const SequenceStep* s = begin; s != end; ++s) {
    if (s->item < 0 || s->weight == 0 || !std::isfinite(s->weight)) continue;
    const bool positive = s->weight > 0;
    if (!feedback && !positive) continue;
    const Step step{s->item + 1, static_cast<int32_t>(feedbackKind(*s)), positive};
    if (!out.empty() && out.back().row == step.row) {
      if (std::fabs(s->weight) > strongest) {
        out.back() = step;
        strongest = std::fabs(s->weight);
      }
      continue;
    }
    out.push_back(step);
    strongest = std::fabs(s->weight);
  }
  return out;
}

namespace {

bool makesStep(const SequenceStep& s, bool feedback) {
  return s.item >= 0 && s.weight != 0 && std::isfinite(s.weight) && (feedback || s.weight > 0);
}

}  // namespace

std::vector<Step> lastSteps(const SequenceStep* begin, const SequenceStep* end, bool feedback, int32_t items,
                            std::size_t count) {
  // Back from the end to the first event of the (count + 1)-th kept step
  // from the end: stepsOf of that suffix, less the items outside the model,
  // ends in the right `count` steps (a step is a run of one item's events,
  // so only the partial first run differs, and it is not among them).
  const SequenceStep* from = end;
  std::size_t kept = 0;
  int32_t item = -1;
  bool any = false;
  while (from != begin) {
    const SequenceStep& s = *(from - 1);
    if (makesStep(s, feedback) && (!any || s.item != item)) {
      any = true;
      item = s.item;
      if (s.item < items && ++kept > count) break;
    }
    --from;
  }
  std::vector<Step> out = stepsOf(from, end, feedback);
  out.erase(std::remove_if(out.begin(), out.end(), [&](const Step& st) { return st.row > items; }), out.end());
  if (out.size() > count) out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(count));
  return out;
}

}  // namespace reelrank::sasrec
