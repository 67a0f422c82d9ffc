// Deterministic random numbers for the analytics. std::mt19937_64's output
// sequence is fixed by the C++ standard, but <random>'s distributions are not
// (libstdc++, used natively, and libc++, used by Emscripten, draw differently),
// so every draw goes through these few helpers and a seed gives the same
// segments on every platform.
#pragma once
#include <cmath>
#include <cstdint>
#include <random>
#include <string_view>

namespace reelrank::analytics {

class Rng {
 public:
  explicit Rng(uint64_t seed) : gen_(seed) {}
  uint64_t next() { return gen_(); }
  // Uniform in [0, 1) from the top 53 bits.
  double uniform() { return static_cast<double>(gen_() >> 11) * (1.0 / 9007199254740992.0); }
  // Uniform integer in [0, n), unbiased (rejects the short tail); n > 0.
  uint64_t below(uint64_t n) {
    const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do x = gen_();
    while (x >= limit);
    return x % n;
  }
  // Standard normal (Box-Muller; the spare value is kept for the next call).
  double gaussian() {
    if (hasSpare_) {
      hasSpare_ = false;
      return spare_;
    }
    double u = 0;
    while (u <= 0) u = uniform();
    const double v = uniform();
    const double r = std::sqrt(-2.0 * std::log(u));
    spare_ = r * std::sin(6.283185307179586 * v);
    hasSpare_ = true;
    return r * std::cos(6.283185307179586 * v);
  }

 private:
  std::mt19937_64 gen_;
  double spare_ = 0;
  bool hasSpare_ = false;
};

// FNV-1a: a stable hash of a name, so that random projections depend on an
// item's id rather than on its index (the same video gets the same random
// direction in a log and in a model built from that log).
inline uint64_t hashName(std::string_view s, uint64_t seed) {
  uint64_t h = 1469598103934665603ull ^ (seed * 0x9E3779B97F4A7C15ull);
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace reelrank::analytics
