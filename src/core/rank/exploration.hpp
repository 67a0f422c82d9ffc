// Exploration: a share of a feed's slots given to random eligible items the
// ranking did not choose, so a person sees beyond what they already like.
// The draw is seeded (splitmix64): one seed, one feed.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/item_side.hpp"
#include "rank/candidates.hpp"
#include "rank/creator_cap.hpp"

namespace reelrank {

// round(exploration * k) slots (exploration in [0, 1]).
std::size_t explorationSlots(double exploration, std::size_t k);

// Draws `count` times from the eligible items not in `chosen`, without
// replacement; a draw whose creator is at its cap is used up but yields no
// item, so the result may be shorter. Drawn creators are counted in `cap`.
std::vector<int32_t> drawExploration(const ItemSide& side, const std::vector<uint8_t>& eligible,
                                     const std::vector<Scored>& chosen, std::size_t count, uint64_t seed,
                                     CreatorCap& cap);

struct Placed {
  Scored entry;
  bool explored;
};

// The chosen entries in order with the explored ones spread evenly through
// them: explored entry e (from 0, of E) is inserted at
// min(n, (e + 1) * (n + E) / (E + 1)), n the length of the list so far.
std::vector<Placed> interleave(const std::vector<Scored>& chosen, const std::vector<Scored>& explored);

}  // namespace reelrank
