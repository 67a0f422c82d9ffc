// exp over float arrays for SASRec's softmaxes (attention rows, the full
// softmax of training). Eigen's exp runs one scalar libm call per element in
// the wasm build (it has no wasm SIMD path, TOOLCHAIN.md note 5), and the
// training softmax takes tens of millions of them an epoch; this one is
// written with 4-float vector extensions, which clang turns into wasm SIMD
// (-msimd128) and GCC into SSE natively.
//
// The method is the classic one (Cody-Waite range reduction by ln 2 and a
// degree-6 polynomial on [-ln2/2, ln2/2], then a multiply by 2^n built from
// its exponent bits): within 2 ulp of std::exp for inputs in [-87, 88]
// (tests/native/test_sasrec_layers.cpp checks the bound); below -87 the
// result is 0, where float exp underflows anyway.
#pragma once
#include <cstdint>

namespace reelrank::sasrec {

// x[i] = exp(x[i] - shift) for i < n; returns the sum of the results.
float expShiftedSum(float* x, int32_t n, float shift);

// The largest of x[0..n-1] (n >= 1), four lanes at a time: Eigen's
// maxCoeff is scalar in wasm, and an attention row's max is a third of its
// softmax's passes.
float maxOf(const float* x, int32_t n);

// x[0..n-1] (n >= 1) <- softmax(x), vectorised throughout (max, exp, divide).
void softmaxInPlace(float* x, int32_t n);

}  // namespace reelrank::sasrec
