// embind glue for evaluation, kept apart from the main block (bindings.cpp).
// Same conventions: raw `_` names, values or { rrError, message }; the
// friendly API is src/js/eval.js. The benchmark kernels are not here: they
// have a module of their own that only bench/ builds (bench_bindings.cpp).
#include <emscripten/bind.h>

#include <cmath>
#include <string>
#include <unordered_set>
#include <vector>

#include "eval/evaluate.hpp"
#include "helpers.hpp"
#include "io/dataset_reader.hpp"
#include "js_objects.hpp"

namespace reelrank::bindings {
namespace {

using emscripten::allow_raw_pointers;

std::size_t distinctIds(const std::string& joined) {
  std::unordered_set<std::string_view> seen;
  for (auto id : splitIds(joined)) seen.insert(id);
  return seen.size();
}

// A dataset read in wasm: its events stay here (an opaque handle for JS), only
// counts and warnings cross. `text` may be a JS string or the file's bytes
// (embind passes a Uint8Array to std::string unchanged).
class JsDataset {
 public:
  val read(const std::string& text, const std::string& format, bool skipBad) {
    DatasetFormat f;
    if (!parseDatasetFormat(format, &f))
      return statusToJs(argError("unknown dataset format '" + format.substr(0, 40) +
                                 "'; choose one of: movielens, csv, tsv, kuairand"));
    ReadOptions options;
    options.skipBad = skipBad;
    ReadResult result;
    Status s = readDataset(text, f, options, &result);
    if (!s.isOk()) return statusToJs(s);
    data = std::move(result);
    users = distinctIds(data.events.users);
    items = distinctIds(data.events.items);
    ratings = 0;
    for (uint8_t t : data.events.types) ratings += t == static_cast<uint8_t>(EventType::Rating);
    return val::undefined();
  }
  val info() const {
    val o = val::object();
    o.set("lines", val(static_cast<double>(data.lines)));
    o.set("skipped", val(static_cast<double>(data.skipped)));
    o.set("warnings", val(joinNames(data.warnings)));
    o.set("warningCount", val(static_cast<int>(data.warnings.size())));
    o.set("events", val(static_cast<double>(data.events.types.size())));
    o.set("users", val(static_cast<double>(users)));
    o.set("items", val(static_cast<double>(items)));
    o.set("ratings", val(static_cast<double>(ratings)));
    return o;
  }
  // The columns, for Interactions._addBatch (a copy: the strings are rebuilt in JS).
  val columns() const {
    const EventBatch& b = data.events;
    val o = val::object();
    o.set("users", val(b.users));
    o.set("items", val(b.items));
    o.set("types", copyOut(b.types));
    o.set("values", copyOut(b.values));
    o.set("durations", copyOut(b.durations));
    o.set("timestamps", copyOut(b.timestamps));
    return o;
  }

  ReadResult data;
  std::size_t users = 0, items = 0, ratings = 0;
};

val evaluate(const JsDataset& train, const JsDataset* test, const std::string& split, const std::string& algorithm,
             const std::string& optionKeys, const val& optionValues, const val& policy, const val& blend, int k,
             double seed, double calibration, double popularityCorrection, const JsCatalog* catalog, val onProgress) {
  eval::EvalConfig config;
  if (!test) {
    Status s = eval::parseSplitSpec(split, &config.split);
    if (!s.isOk()) return statusToJs(s);
  }
  RR_TRY_JS(trainConfigFrom(algorithm, optionKeys, optionValues, policy, blend, &config.train));
  config.k = k < 1 ? 0 : static_cast<std::size_t>(k);
  config.seed = static_cast<uint64_t>(seed);
  config.calibration = calibration;
  config.popularityCorrection = popularityCorrection;
  eval::EvalProgressFn progress;
  if (!onProgress.isNull() && !onProgress.isUndefined()) {
    progress = [&onProgress](const eval::EvalProgress& e) {
      return onProgress(std::string(eval::evalStageName(e.stage)), e.fold, e.folds, static_cast<double>(e.done),
                        static_cast<double>(e.total), e.seconds)
          .as<bool>();
    };
  }
  eval::EvalResult r;
  // The caller's catalogue itself (tags, creators, durations and embeddings),
  // so each fold trains the model rr.train would build from it.
  const Catalog* cat = catalog ? &catalog->catalog : nullptr;
  Status s = test ? eval::evaluateGiven(train.data.events, test->data.events, cat, config, progress, &r)
                  : eval::evaluate(train.data.events, cat, config, progress, &r);
  if (!s.isOk()) return statusToJs(s);
  val o = val::object();
  o.set("algorithm", val(r.algorithm));
  o.set("split", val(r.split));
  o.set("k", val(static_cast<int>(r.k)));
  o.set("folds", val(r.folds));
  o.set("trainRows", val(r.trainRows));
  o.set("testRows", val(r.testRows));
  o.set("users", val(r.users));
  o.set("skippedUsers", val(r.skippedUsers));
  const std::pair<const char*, double> metrics[] = {{"precision", r.precision},
                                                    {"recall", r.recall},
                                                    {"ndcg", r.ndcg},
                                                    {"map", r.map},
                                                    {"hitrate", r.hitRate},
                                                    {"mrr", r.mrr},
                                                    {"coverage", r.coverage},
                                                    {"popularity", r.averagePopularity},
                                                    {"diversity", r.diversity},
                                                    {"longTailShare", r.longTailShare},
                                                    {"miscalibration", r.miscalibration},
                                                    {"rmse", r.rmse},
                                                    {"mae", r.mae},
                                                    {"rmseModelOnly", r.rmseModelOnly},
                                                    {"maeModelOnly", r.maeModelOnly}};
  for (const auto& [name, value] : metrics) o.set(name, numberOrNull(value));
  o.set("ratingMetrics", val(r.ratingMetrics));
  o.set("ratingsTested", val(r.ratingsTested));
  o.set("ratingsPredicted", val(r.ratingsPredicted));
  o.set("userMeanFallbacks", val(r.userMeanFallbacks));
  o.set("globalMeanFallbacks", val(r.globalMeanFallbacks));
  o.set("fitSeconds", val(r.fitSeconds));
  o.set("recommendSeconds", val(r.recommendSeconds));
  o.set("predictSeconds", val(r.predictSeconds));
  return o;
}

}  // namespace
}  // namespace reelrank::bindings

EMSCRIPTEN_BINDINGS(reelrank_eval) {
  using namespace emscripten;
  using namespace reelrank::bindings;
  class_<JsDataset>("_Dataset")
      .constructor<>()
      .function("_read", RR_GUARDED(&JsDataset::read))
      .function("_info", RR_GUARDED(&JsDataset::info))
      .function("_columns", RR_GUARDED(&JsDataset::columns));
  function("_evaluate", RR_GUARDED(&evaluate), allow_raw_pointers());
}
