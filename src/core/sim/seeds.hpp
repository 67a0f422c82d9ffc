// Seeds of the simulator's random streams. Every person gets a stream of
// their own per round (and every page a ranker seed of its own), derived from
// the run's seed by splitmix64, so the draws a person sees do not depend on
// the order people are simulated in, and every policy meets the same draws
// (common random numbers: a difference between policies is the policies').
#pragma once
#include <cstdint>

namespace reelrank::sim {

inline uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// The seed of stream (a, b, c) of a run seeded `seed`.
inline uint64_t streamSeed(uint64_t seed, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  return splitmix64(splitmix64(splitmix64(splitmix64(seed) ^ a) ^ b) ^ c);
}

// What each stream is for (the first part of its name).
enum class Stream : uint64_t { World = 1, People, Behaviour, Ranker };

}  // namespace reelrank::sim
