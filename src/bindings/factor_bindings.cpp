// embind glue for imported models (factors, SASRec weights) and the .npy reader, kept apart from the
// main block (bindings.cpp). Same conventions: raw `_` names, values or
// { rrError, message }; the friendly API is src/js/factors.js.
//
// An import fills a raw _Model in place (the JS wrapper made it and owns it):
// the factors cross once, into the vector the model then keeps.
#include <emscripten/bind.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "helpers.hpp"
#include "io/npy_reader.hpp"
#include "js_objects.hpp"
#include "models/factor_model.hpp"
#include "models/model.hpp"
#include "models/sasrec/sasrec_model_import.hpp"

namespace reelrank::bindings {
namespace {

// ids: NUL-joined, `count` of them; factors: count x dim floats (C order);
// itemBias: empty or count floats; globalMean: NaN when not given;
// solve: [regularization, alpha, scaleRegularization (0/1), biasRegularization].
// On success `target` holds the imported model; on failure it is unchanged.
val importFactors(JsModel* target, const std::string& ids, int count, const val& factors, int dim, const val& itemBias,
                  double globalMean, const val& solve) {
  // Sizes first, so an import past the limits is refused before it is copied in.
  RR_TRY_JS(
      checkFactorImportShape(static_cast<std::size_t>(std::max(count, 0)), dim, factors["length"].as<std::size_t>()));
  FactorImport in;
  {
    std::vector<std::string_view> names;
    if (count < 0 || !splitExactly(ids, static_cast<std::size_t>(count), &names))
      return statusToJs(argError("internal: item id list and count disagree"));
    in.items.assign(names.begin(), names.end());
  }
  const auto s = copyIn<double>(solve);
  if (s.size() != 4) return statusToJs(argError("internal: fold-in settings must hold 4 numbers"));
  in.dim = dim;
  in.itemBias = copyIn<float>(itemBias);
  in.globalMean = globalMean;
  in.implicitSolve = {s[0], s[1], s[2] != 0};
  in.explicitSolve = {s[0], s[3], s[2] != 0};
  in.factors = copyIn<float>(factors);  // the one copy inside wasm; the model keeps it
  Model model;
  RR_TRY_JS(modelFromFactors(std::move(in), &model));
  target->model = std::move(model);
  return val::undefined();
}

// A SASRec model from a .safetensors file's bytes; ids NUL-joined, `count` of
// them, one per embedding row after the padding row. On success `target`
// holds the model; on failure it is unchanged.
val importSafetensors(JsModel* target, const val& bytes, const std::string& ids, int count) {
  std::vector<std::string_view> names;
  if (count < 0 || !splitExactly(ids, static_cast<std::size_t>(count), &names))
    return statusToJs(argError("internal: item id list and count disagree"));
  const auto data = copyIn<uint8_t>(bytes);
  Model model;
  RR_TRY_JS(
      modelFromSafetensors(data.data(), data.size(), std::vector<std::string>(names.begin(), names.end()), &model));
  target->model = std::move(model);
  return val::undefined();
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
  emscripten::function("_importFactors", RR_GUARDED(&importFactors), emscripten::allow_raw_pointers());
  emscripten::function("_readNpy", RR_GUARDED(&readNpyBytes));
  emscripten::function("_importSafetensors", RR_GUARDED(&importSafetensors), emscripten::allow_raw_pointers());
}

}  // namespace reelrank::bindings
