// Helpers for the embind glue: Status -> JS error object, typed-array copies
// in and out, NUL-joined id lists. Everything that crosses is copied; no view
// of wasm memory outlives the call that made it.
#pragma once
#include <emscripten/val.h>

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"

namespace reelrank::bindings {

using emscripten::val;

// { rrError: 'E_ARG', message } for a failed status, undefined for success.
val statusToJs(const Status& s);

// A number, or null when it is NaN or infinite (a figure withheld or undefined).
inline val numberOrNull(double x) { return std::isfinite(x) ? val(x) : val::null(); }

// Copies a vector into a fresh JS typed array of the matching type.
template <typename T>
val copyOut(const std::vector<T>& v) {
  return val(emscripten::typed_memory_view(v.size(), v.data())).call<val>("slice");
}

template <typename T>
std::vector<T> copyIn(const val& array) {
  if (array.isNull() || array.isUndefined()) return {};
  return emscripten::convertJSArrayToNumberVector<T>(array);
}

// Splits a NUL-joined list that must hold exactly n entries (entries may be
// empty). Returns false when the count differs.
bool splitExactly(std::string_view joined, std::size_t n, std::vector<std::string_view>* out);

std::string joinNames(const std::vector<std::string>& names);

}  // namespace reelrank::bindings
