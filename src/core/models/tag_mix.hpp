// The two tag mixes calibration compares (rank/calibration.hpp), for a page
// that shows a person their "bubble": the mix of their history as the
// re-ranking reads it, the mix of a list of videos, and the KL divergence
// between them. Computed here so a page never re-implements the formula.
#pragma once
#include <string>
#include <vector>

#include "common/status.hpp"
#include "models/model.hpp"

namespace reelrank {

struct TagMixReport {
  std::vector<std::string> tags;  // the model's tags, in the order of the two mixes
  std::vector<double> history;    // historyMix() of the profile's query (decayed interest)
  std::vector<double> list;       // tagMix() of the listed items, each weighing 1
  double miscalibration = 0;      // miscalibration(history, list); NaN when the history has no tagged item
};

// E_UNKNOWN_ID for an id the model does not know (the message names it); an
// empty list gives an all-zero list mix. On failure `out` is unchanged.
Status tagMixForProfile(const Model& model, const Profile& profile, const std::vector<std::string>& ids,
                        TagMixReport* out);

}  // namespace reelrank
