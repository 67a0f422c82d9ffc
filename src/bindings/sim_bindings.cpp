// embind glue for the feed simulator (sim/runner.hpp), in the tools module.
// Same conventions as eval_bindings.cpp: raw `_` names, a value or
// { rrError, message }; the friendly API is rr.simulateFeed (src/js/simulate.js).
// The log crosses as columns (a Dataset's _columns()); the configuration as
// an object read through simConfigFields(), whose names, defaults and ranges
// _simSchema() gives JS, so no number here or there is copied by hand.
#include <emscripten/bind.h>

#include <cmath>
#include <string>
#include <vector>

#include "helpers.hpp"
#include "js_objects.hpp"
#include "sim/runner.hpp"

namespace reelrank::bindings {
namespace {

val simSchema() {
  val fields = val::array();
  const sim::SimConfig defaults;
  for (const auto& f : sim::simConfigFields()) {
    val o = val::object();
    o.set("name", val(std::string(f.name)));
    o.set("default", val(defaults.*f.field));
    o.set("min", val(f.min));
    o.set("max", val(f.max));
    o.set("integer", val(f.integer));
    fields.call<void>("push", o);
  }
  val policies = val::array();
  for (const auto& k : sim::policyKinds()) {
    val o = val::object();
    o.set("name", val(std::string(k.name)));
    o.set("parameter", k.parameter ? val(std::string(k.parameter)) : val::null());
    o.set("min", val(k.min));
    o.set("max", val(k.max));
    o.set("oracle", val(k.oracle));
    policies.call<void>("push", o);
  }
  val stages = val::array();
  for (auto s : {sim::SimStage::World, sim::SimStage::Train, sim::SimStage::Simulate})
    stages.call<void>("push", val(std::string(sim::simStageName(s))));
  val out = val::object();
  out.set("fields", fields);
  out.set("policies", policies);
  out.set("stages", stages);
  out.set("defaultAlgorithm", val(sim::RecommenderSpec{}.algorithm));
  return out;
}

val resultOut(const sim::PolicyResult& r) {
  val o = val::object();
  o.set("policy", val(r.policy));
  const std::pair<const char*, double> figures[] = {{"sessions", r.sessions},
                                                    {"watchTimePerSession", r.watchTimePerSession},
                                                    {"likesPerSession", r.likesPerSession},
                                                    {"sharesPerSession", r.sharesPerSession},
                                                    {"skipsPerSession", r.skipsPerSession},
                                                    {"sessionLength", r.sessionLength},
                                                    {"meanWatchFraction", r.meanWatchFraction},
                                                    {"expectedWatchTimePerSession", r.expectedWatchTimePerSession},
                                                    {"regretPerSession", r.regretPerSession},
                                                    {"slotRegretPerSession", r.slotRegretPerSession},
                                                    {"newVideosReached", r.newVideosReached},
                                                    {"newVideoMeanImpressions", r.newVideoMeanImpressions},
                                                    {"newVideoImpressionShare", r.newVideoImpressionShare},
                                                    {"giniVideos", r.giniVideos},
                                                    {"giniCreators", r.giniCreators},
                                                    {"miscalibration", r.miscalibration},
                                                    {"retrains", r.retrains},
                                                    {"seconds", r.seconds}};
  for (const auto& [name, value] : figures) o.set(name, numberOrNull(value));
  // A plain array (not a typed one), so a result prints and serialises as JSON does.
  val byDay = val::array();
  for (double x : r.watchTimeByDay) byDay.call<void>("push", numberOrNull(x));
  o.set("watchTimeByDay", byDay);
  return o;
}

val simulateFeed(const val& columns, const JsCatalog* catalog, const std::string& policies,
                 const std::string& algorithm, const std::string& optionKeys, const val& optionValues,
                 const val& config, val onProgress) {
  sim::SimConfig c;
  for (const auto& f : sim::simConfigFields())
    if (hasField(config, f.name)) c.*f.field = config[f.name].as<double>();
  sim::RecommenderSpec spec;
  spec.algorithm = algorithm;
  const auto values = copyIn<double>(optionValues);
  const auto keys = splitIds(optionKeys);
  if (keys.size() != values.size()) return statusToJs(argError("internal: option columns disagree"));
  for (std::size_t i = 0; i < keys.size(); ++i) spec.options[std::string(keys[i])] = values[i];
  sim::SimProgressFn progress;
  if (!onProgress.isNull() && !onProgress.isUndefined()) {
    progress = [&onProgress](const sim::SimProgress& p) {
      return onProgress(std::string(sim::simStageName(p.stage)), static_cast<double>(p.policy),
                        static_cast<double>(p.policies), static_cast<double>(p.round), static_cast<double>(p.rounds),
                        static_cast<double>(p.done), static_cast<double>(p.total), p.seconds)
          .as<bool>();
    };
  }
  const EventBatch log = eventBatch(columns["users"].as<std::string>(), columns["items"].as<std::string>(),
                                    columns["types"], columns["values"], columns["durations"], columns["timestamps"]);
  sim::SimRun run;
  RR_TRY_JS(sim::simulateLog(log, catalog ? &catalog->catalog : nullptr, c, spec, policies, progress, &run));
  const sim::World& w = run.world;
  std::size_t newVideos = 0, newCreators = 0, tagged = 0;
  for (const auto& v : w.videos) newVideos += v.isNew;
  for (uint8_t f : w.newCreator) newCreators += f;
  for (std::size_t v = 0; v < w.videoCount(); ++v) tagged += !w.catalog.video(static_cast<int32_t>(v)).tags.empty();
  val world = val::object();
  world.set("people", val(static_cast<double>(w.people.size())));
  world.set("videos", val(static_cast<double>(w.videoCount())));
  world.set("newVideos", val(static_cast<double>(newVideos)));
  world.set("taggedVideos", val(static_cast<double>(tagged)));
  world.set("creators", val(static_cast<double>(w.catalog.creators().size())));
  world.set("newCreators", val(static_cast<double>(newCreators)));
  world.set("trainingEvents", val(static_cast<double>(w.trainingLog.types.size())));
  world.set("factors", val(w.dim));
  world.set("scale", val(w.scale));
  world.set("offset", val(w.offset));
  world.set("fitSeconds", val(w.fitSeconds));
  val results = val::array();
  for (const auto& r : run.results) results.call<void>("push", resultOut(r));
  val out = val::object();
  out.set("world", world);
  out.set("policies", results);
  return out;
}

}  // namespace
}  // namespace reelrank::bindings

EMSCRIPTEN_BINDINGS(reelrank_sim) {
  using namespace emscripten;
  using namespace reelrank::bindings;
  function("_simSchema", RR_GUARDED(&simSchema));
  function("_simulateFeed", RR_GUARDED(&simulateFeed), allow_raw_pointers());
}
