// Helpers for the embind glue: Status -> JS error object, typed-array copies
// in and out, NUL-joined id lists. Everything that crosses is copied; no view
// of wasm memory outlives the call that made it.
#pragma once
#include <emscripten/val.h>

#include <cmath>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.hpp"

namespace reelrank::bindings {

using emscripten::val;

// { rrError: 'E_ARG', message } for a failed status, undefined for success.
val statusToJs(const Status& s);

// An allocation that fails inside a call: the module is built with
// -fwasm-exceptions, so operator new throws std::bad_alloc (or a container
// std::length_error) instead of aborting the module. C++ unwinds to here,
// running every destructor on the way (what the call allocated is freed), and
// the caller gets E_MEMORY; the objects it was called on are unchanged
// because the core builds into temporaries and moves on success.
val memoryErrorToJs(const char* what);

template <typename Body>
val guarded(Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return memoryErrorToJs("out of wasm memory (2 GB at most)");
  } catch (const std::length_error&) {
    return memoryErrorToJs("a size beyond what wasm memory can hold");
  }
}

// Guard<&Class::method>::call and Guard<&function>::call wrap a binding in
// guarded(); every raw binding that returns a value is registered through
// RR_GUARDED so that none can abort the module.
template <auto Fn>
struct Guard;
template <typename C, typename... A, val (C::*M)(A...)>
struct Guard<M> {
  static val call(C& self, A... a) {
    return guarded([&] { return (self.*M)(std::forward<A>(a)...); });
  }
};
template <typename C, typename... A, val (C::*M)(A...) const>
struct Guard<M> {
  static val call(const C& self, A... a) {
    return guarded([&] { return (self.*M)(std::forward<A>(a)...); });
  }
};
template <typename... A, val (*F)(A...)>
struct Guard<F> {
  static val call(A... a) {
    return guarded([&] { return F(std::forward<A>(a)...); });
  }
};
#define RR_GUARDED(fn) (&::reelrank::bindings::Guard<fn>::call)

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
