// embind glue for imported factors and the .npy reader, kept apart from the
// main block (bindings.cpp). Same conventions: raw `_` names, values or
// { rrError, message }; the friendly API is src/js/factors.js.
//
// An imported model crosses back as snapshot bytes, which JS hands to
// Model.load: the raw _Model class needs nothing new, and the bytes pass the
// same validation as any saved model.
#include <emscripten/bind.h>

#include <cmath>
#include <string>
#include <vector>

#include "helpers.hpp"
#include "io/npy_reader.hpp"
#include "models/factor_model.hpp"
#include "models/model.hpp"

namespace reelrank::bindings {
namespace {

// ids: NUL-joined, `count` of them; factors: count x dim floats (C order);
// itemBias: empty or count floats; globalMean: NaN when not given;
// solve: [regularization, alpha, scaleRegularization (0/1), biasRegularization].
val modelFromFactors(const std::string& ids, int count, const val& factors, int dim, const val& itemBias,
                     double globalMean, const val& solve) {
  FactorImport in;
  std::vector<std::string_view> names;
  if (count < 0 || !splitExactly(ids, static_cast<std::size_t>(count), &names))
    return statusToJs(argError("internal: item id list and count disagree"));
  in.items.assign(names.begin(), names.end());
  in.dim = dim;
  in.factors = copyIn<float>(factors);
  in.itemBias = copyIn<float>(itemBias);
  in.globalMean = globalMean;
  const auto s = copyIn<double>(solve);
  if (s.size() != 4) return statusToJs(argError("internal: fold-in settings must hold 4 numbers"));
  in.implicitSolve = {s[0], s[1], s[2] != 0};
  in.explicitSolve = {s[0], s[3], s[2] != 0};
  Model model;
  Status st = modelFromFactors(in, &model);
  if (!st.isOk()) return statusToJs(st);
  std::vector<uint8_t> bytes;
  st = model.save(false, &bytes);
  return st.isOk() ? copyOut(bytes) : statusToJs(st);
}

// { shape: number[], data: Float32Array, dtype: 'float32' | 'float64' }
val readNpyBytes(const val& bytes) {
  const auto data = copyIn<uint8_t>(bytes);
  NpyArray a;
  Status st = readNpy(data.data(), data.size(), &a);
  if (!st.isOk()) return statusToJs(st);
  val shape = val::array();
  for (std::size_t d : a.shape) shape.call<void>("push", val(static_cast<double>(d)));
  val o = val::object();
  o.set("shape", shape);
  o.set("data", copyOut(a.data));
  o.set("dtype", val(a.dtype));
  return o;
}

}  // namespace

EMSCRIPTEN_BINDINGS(reelrank_factors) {
  emscripten::function("_modelFromFactors", &modelFromFactors);
  emscripten::function("_readNpy", &readNpyBytes);
}

}  // namespace reelrank::bindings
