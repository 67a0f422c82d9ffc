#include "models/sasrec/sasrec_steps.hpp"

#include <cmath>

#include "models/sasrec/sasrec_feedback.hpp"

namespace reelrank::sasrec {

std::vector<Step> stepsOf(const SequenceStep* begin, const SequenceStep* end, bool feedback) {
  std::vector<Step> out;
  float strongest = 0;  // |weight| of the event behind the last step's kind
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

}  // namespace reelrank::sasrec
