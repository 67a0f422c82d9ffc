// embind glue for the next-item protocol (eval/next_item.hpp), in the tools
// module. Same conventions as eval_bindings.cpp: a raw `_` name, a value or
// { rrError, message }; the friendly API is rr.evaluateNextItem (src/js/eval.js).
// The events cross as columns (a Dataset's _columns()), one log or three
// (train, valid, test).
#include <emscripten/bind.h>

#include <cmath>
#include <string>
#include <vector>

#include "eval/next_item.hpp"
#include "helpers.hpp"
#include "js_objects.hpp"

namespace reelrank::bindings {
namespace {

EventBatch columnsIn(const val& c) {
  return eventBatch(c["users"].as<std::string>(), c["items"].as<std::string>(), c["types"], c["values"], c["durations"],
                    c["timestamps"]);
}

val optionsOut(const Options& o) {
  val out = val::object();
  for (const auto& kv : o) out.set(kv.first, val(kv.second));
  return out;
}

val figuresOut(const eval::NextItemFigures& f) {
  val o = val::object();
  o.set("people", val(static_cast<double>(f.people)));
  o.set("unseenTargets", val(static_cast<double>(f.unseenTargets)));
  o.set("trainEvents", val(static_cast<double>(f.trainEvents)));
  o.set("trainItems", val(static_cast<double>(f.trainItems)));
  o.set("hitrate", numberOrNull(f.hitRate));
  o.set("ndcg", numberOrNull(f.ndcg));
  o.set("mrr", numberOrNull(f.mrr));
  o.set("coverage", numberOrNull(f.coverage));
  o.set("fitSeconds", val(f.fitSeconds));
  o.set("rankSeconds", val(f.rankSeconds));
  return o;
}

val evaluateNextItem(const val& parts, const std::string& split, const std::string& algorithm,
                     const std::string& optionKeys, const val& optionValues, const val& policy, const val& blend, int k,
                     bool tune, const std::string& sequence, const JsCatalog* catalog, val onProgress) {
  eval::NextItemConfig config;
  const int nParts = parts["length"].as<int>();
  if (nParts != 1 && nParts != 3) return statusToJs(argError("internal: next-item logs come as one or three"));
  if (nParts == 1) RR_TRY_JS(eval::parseNextItemSplit(split, &config.split));
  RR_TRY_JS(eval::parseSequenceSpec(sequence, &config.sequence));
  RR_TRY_JS(trainConfigFrom(algorithm, optionKeys, optionValues, policy, blend, &config.train));
  config.k = k < 1 ? 0 : static_cast<std::size_t>(k);
  config.tune = tune;
  eval::NextItemProgressFn progress;
  if (!onProgress.isNull() && !onProgress.isUndefined()) {
    progress = [&onProgress](const eval::NextItemProgress& p) {
      return onProgress(std::string(p.stage), static_cast<double>(p.trial), static_cast<double>(p.trials),
                        static_cast<double>(p.done), static_cast<double>(p.total))
          .as<bool>();
    };
  }
  const Catalog* cat = catalog ? &catalog->catalog : nullptr;
  eval::NextItemResult r;
  if (nParts == 1) {
    RR_TRY_JS(eval::evaluateNextItem(columnsIn(parts[0]), cat, config, progress, &r));
  } else {
    RR_TRY_JS(eval::evaluateNextItemGiven(columnsIn(parts[0]), columnsIn(parts[1]), columnsIn(parts[2]), cat, config,
                                          progress, &r));
  }
  val o = val::object();
  o.set("algorithm", val(r.algorithm));
  o.set("split", val(r.split));
  o.set("k", val(static_cast<int>(r.k)));
  o.set("sequence", val(joinNames(r.sequenceTypes)));
  o.set("sequenceEvents", val(static_cast<double>(r.sequenceEvents)));
  o.set("people", val(static_cast<double>(r.people)));
  o.set("trainOnlyPeople", val(static_cast<double>(r.trainOnlyPeople)));
  o.set("tuned", val(r.tuned));
  o.set("chosen", optionsOut(r.chosen));
  val trials = val::array();
  for (const auto& t : r.trials) {
    val x = val::object();
    x.set("options", optionsOut(t.options));
    x.set("valid", figuresOut(t.valid));
    trials.call<void>("push", x);
  }
  o.set("trials", trials);
  o.set("valid", r.hasValid ? figuresOut(r.valid) : val::null());
  o.set("test", figuresOut(r.test));
  return o;
}

}  // namespace
}  // namespace reelrank::bindings

EMSCRIPTEN_BINDINGS(reelrank_next_item) {
  using namespace emscripten;
  using namespace reelrank::bindings;
  function("_evaluateNextItem", RR_GUARDED(&evaluateNextItem), allow_raw_pointers());
}
