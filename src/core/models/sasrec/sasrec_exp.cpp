#include "models/sasrec/sasrec_exp.hpp"

#include <algorithm>
#include <cstring>

#include "models/sasrec/sasrec_vec4.hpp"

namespace reelrank::sasrec {

namespace {

typedef int32_t I4 __attribute__((vector_size(16)));

inline V4 select(I4 mask, V4 yes, V4 no) {
  I4 a, b;
  std::memcpy(&a, &yes, 16);
  std::memcpy(&b, &no, 16);
  const I4 r = (a & mask) | (b & ~mask);
  V4 out;
  std::memcpy(&out, &r, 16);
  return out;
}

// exp of four floats (the header says how).
inline V4 exp4(V4 x) {
  const V4 lo = V4{} - 87.0f, hi = V4{} + 88.0f;
  const I4 under = x < lo;
  x = select(under, lo, x);
  x = select(x > hi, hi, x);
  // n = round(x / ln 2); floor(t) from truncation, one less where that rounded up.
  const V4 t = x * 1.44269504088896341f + 0.5f;
  I4 n = __builtin_convertvector(t, I4);
  n += __builtin_convertvector(n, V4) > t;  // a true comparison is -1
  const V4 fn = __builtin_convertvector(n, V4);
  // r = x - n ln2, with ln2 in two parts so the product is exact enough.
  V4 r = x - fn * 0.693359375f;
  r = r - fn * -2.12194440e-4f;
  V4 p = V4{} + 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * (r * r) + r + 1.0f;
  const I4 bits = (n + 127) << 23;
  V4 scale;
  std::memcpy(&scale, &bits, 16);
  return select(under, V4{}, p * scale);
}

}  // namespace

float expShiftedSum(float* x, int32_t n, float shift) {
  V4 sum{};
  int32_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const V4 v = exp4(loadV4(x + i) - shift);
    std::memcpy(x + i, &v, 16);
    sum += v;
  }
  float total = (sum[0] + sum[2]) + (sum[1] + sum[3]);
  if (i < n) {
    // The tail through the same formula, so every element agrees with the
    // vector path; the padding lanes are not summed.
    float pad[4] = {0, 0, 0, 0};
    for (int32_t j = i; j < n; ++j) pad[j - i] = x[j];
    const V4 v = exp4(loadV4(pad) - shift);
    for (int32_t j = i; j < n; ++j) total += (x[j] = v[j - i]);
  }
  return total;
}

float maxOf(const float* x, int32_t n) {
  float top = x[0];
  int32_t i = 0;
  if (n >= 4) {
    V4 m = loadV4(x);
    for (i = 4; i + 4 <= n; i += 4) {
      const V4 v = loadV4(x + i);
      m = select(v > m, v, m);
    }
    top = std::max(std::max(m[0], m[1]), std::max(m[2], m[3]));
  }
  for (; i < n; ++i) top = std::max(top, x[i]);
  return top;
}

void softmaxInPlace(float* x, int32_t n) {
  const float sum = expShiftedSum(x, n, maxOf(x, n));
  int32_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const V4 v = loadV4(x + i) / sum;
    std::memcpy(x + i, &v, 16);
  }
  for (; i < n; ++i) x[i] /= sum;
}

}  // namespace reelrank::sasrec
