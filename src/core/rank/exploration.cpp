#include "rank/exploration.hpp"

#include <algorithm>
#include <cmath>

namespace reelrank {

namespace {
uint64_t splitmix64(uint64_t& s) {
  uint64_t z = (s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
}  // namespace

std::size_t explorationSlots(double exploration, std::size_t k) {
  return static_cast<std::size_t>(std::floor(exploration * static_cast<double>(k) + 0.5));
}

std::vector<int32_t> drawExploration(const ItemSide& side, const std::vector<uint8_t>& eligible,
                                     const std::vector<Scored>& chosen, std::size_t count, uint64_t seed,
                                     CreatorCap& cap) {
  std::vector<int32_t> out;
  if (count == 0) return out;
  std::vector<uint8_t> taken(eligible.size(), 0);
  for (const Scored& c : chosen) taken[static_cast<std::size_t>(c.second)] = 1;
  std::vector<int32_t> rest;
  for (std::size_t j = 0; j < eligible.size(); ++j)
    if (eligible[j] && !taken[j]) rest.push_back(static_cast<int32_t>(j));
  uint64_t s = seed;
  for (std::size_t e = 0; e < count && !rest.empty(); ++e) {
    const std::size_t pick = static_cast<std::size_t>(splitmix64(s) % rest.size());
    const int32_t item = rest[pick];
    const int32_t c = side.itemCreator[static_cast<std::size_t>(item)];
    if (!cap.full(c)) {
      out.push_back(item);
      cap.take(c);
    }
    rest[pick] = rest.back();
    rest.pop_back();
  }
  return out;
}

std::vector<Placed> interleave(const std::vector<Scored>& chosen, const std::vector<Scored>& explored) {
  std::vector<Placed> merged;
  merged.reserve(chosen.size() + explored.size());
  for (const Scored& c : chosen) merged.push_back({c, false});
  for (std::size_t e = 0; e < explored.size(); ++e) {
    const std::size_t at = std::min(merged.size(), (e + 1) * (merged.size() + explored.size()) / (explored.size() + 1));
    merged.insert(merged.begin() + static_cast<std::ptrdiff_t>(at), {explored[e], true});
  }
  return merged;
}

}  // namespace reelrank
