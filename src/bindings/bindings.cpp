// embind glue, and only glue: raw classes and functions with `_` names. The
// friendly API (validation, defaults, errors as ReelRankError) is written in
// JavaScript on top, in src/js/. Every raw method returns a value, or
// { rrError, message } when the core reports a failure.
#include <emscripten/bind.h>
#include <malloc.h>

#include <cmath>

#include "common/limits.hpp"
#include "helpers.hpp"
#include "js_objects.hpp"
#include "models/algorithm_registry.hpp"
#include "models/model.hpp"
#include "teach/teach.hpp"
namespace reelrank::bindings {
namespace {
// ---- Teaching ------------------------------------------------------------
val teachCosine(const val& a, const val& b) {
  teach::CosineTrace t;
  Status s = teach::cosine(copyIn<double>(a), copyIn<double>(b), &t);
  if (!s.isOk()) return statusToJs(s);
  val o = val::object();
  o.set("products", copyOut(t.products));
  o.set("dot", val(t.dot));
  o.set("normA", val(t.normA));
  o.set("normB", val(t.normB));
  o.set("value", val(t.value));
  return o;
}

val teachUserCF(const val& matrix, int rows, int cols, int k, bool normalized) {
  teach::UserCfResult r;
  Status s = teach::userBasedCF(copyIn<double>(matrix), rows, cols, k, normalized, &r);
  if (!s.isOk()) return statusToJs(s);
  std::vector<int32_t> nbrCounts, nbrUsers, termCounts, termUsers;
  std::vector<double> nbrWeights, termWeights, termRatings, numerators, denominators;
  for (const auto& ns : r.neighbors) {
    nbrCounts.push_back(static_cast<int32_t>(ns.size()));
    for (const auto& n : ns) {
      nbrUsers.push_back(n.user);
      nbrWeights.push_back(n.weight);
    }
  }
  for (const auto& step : r.steps) {
    termCounts.push_back(static_cast<int32_t>(step.terms.size()));
    for (const auto& t : step.terms) {
      termUsers.push_back(t.user);
      termWeights.push_back(t.weight);
      termRatings.push_back(t.rating);
    }
    numerators.push_back(step.numerator);
    denominators.push_back(step.denominator);
  }
  val o = val::object();
  o.set("similarity", copyOut(r.similarity));
  o.set("predictions", copyOut(r.predictions));
  o.set("nbrCounts", copyOut(nbrCounts));
  o.set("nbrUsers", copyOut(nbrUsers));
  o.set("nbrWeights", copyOut(nbrWeights));
  o.set("termCounts", copyOut(termCounts));
  o.set("termUsers", copyOut(termUsers));
  o.set("termWeights", copyOut(termWeights));
  o.set("termRatings", copyOut(termRatings));
  o.set("numerators", copyOut(numerators));
  o.set("denominators", copyOut(denominators));
  return o;
}

// The algorithm registry, for rr.algorithms (read once at load()): the JS side
// holds no list of algorithms or options of its own.
val algorithms() {
  static const char* kSignals[] = {"collaborative", "content", "popularity"};
  val list = val::array();
  for (const AlgorithmEntry& e : algorithmRegistry()) {
    val a = val::object();
    a.set("name", val(e.name));
    a.set("description", val(e.description));
    a.set("trainable", val(e.traits.trainable));
    a.set("needsUsers", val(e.traits.needsUsers));
    a.set("readsOrder", val(e.traits.readsOrder));
    a.set("signal", val(std::string(kSignals[static_cast<int>(e.traits.signal)])));
    Options defaults;
    a.set("predictsRatings", val(resolveOptions(e, {}, &defaults).isOk() && e.predictsRatings(defaults)));
    val options = val::array();
    for (const OptionSpec& o : e.options) {
      val spec = val::object();
      spec.set("name", val(o.name));
      spec.set("default", numberOrNull(o.defaultValue));
      spec.set("min", val(o.min));
      spec.set("max", val(o.max));
      spec.set("integer", val(o.integer));
      spec.set("description", val(o.description));
      val grid = val::array();  // the values --tune tries (eval/next_item.hpp)
      for (double g : o.grid) grid.call<void>("push", val(g));
      spec.set("grid", grid);
      options.call<void>("push", spec);
    }
    a.set("options", options);
    list.call<void>("push", a);
  }
  return list;
}

// The facts JS and the core share, for rr.schema (read once at load()) and,
// for those needed before load(), for scripts/build.mjs, which writes them
// into dist/schema.js from this same function. JS keeps no copy of its own.
val schema() {
  val o = val::object();
  val codes = val::array();
  for (int c = static_cast<int>(ErrorCode::Arg); c <= static_cast<int>(kLastErrorCode); ++c)
    codes.call<void>("push", val(std::string(errorCodeName(static_cast<ErrorCode>(c)))));
  o.set("errorCodes", codes);
  val events = val::array();
  for (int t = 0; t < static_cast<int>(EventType::Count); ++t)
    events.call<void>("push", val(std::string(eventTypeName(static_cast<EventType>(t)))));
  o.set("eventTypes", events);
  val kinds = val::array();
  for (int k = 0; k <= static_cast<int>(kLastReasonKind); ++k) {
    const auto kind = static_cast<ReasonKind>(k);
    const ReasonShape shape = reasonShape(kind);
    val r = val::object();
    r.set("name", val(std::string(reasonKindName(kind))));
    r.set("field", shape.field ? val(std::string(shape.field)) : val::null());
    r.set("numeric", val(shape.ref == ReasonRef::Number));
    kinds.call<void>("push", r);
  }
  o.set("reasonKinds", kinds);
  o.set("weights", policyTo(WeightPolicy{}));
  val blend = val::object();
  const BlendWeights defaults;
  for (const BlendField& f : kBlendFields) blend.set(f.name, val(defaults.*f.weight));
  o.set("blend", blend);
  val limits = val::object();
  const ProfileLimits limitDefaults;
  for (const ProfileLimitField& f : profileLimitFields()) {
    val l = val::object();
    l.set("default", val(limitDefaults.*f.field));
    l.set("min", val(f.min));
    l.set("max", val(kMaxProfileLimit));
    limits.set(f.name, l);
  }
  o.set("profileLimits", limits);
  o.set("maxIdBytes", val(static_cast<double>(limits::kMaxIdBytes)));
  val server = val::object();  // recommend's serverWeight (candidates with a server's scores)
  server.set("default", val(RankRequest::kDefaultServerWeight));
  server.set("min", val(0));
  server.set("max", val(RankRequest::kMaxServerWeight));
  o.set("serverWeight", server);
  val fresh = val::object();  // recommend's newVideoBudget, newVideoMethod and newVideoWindow (rank/new_videos.hpp)
  using NV = NewVideoDefaults;
  fresh.set("budget", val(NV::kBudget));
  fresh.set("minBudget", val(0));
  fresh.set("maxBudget", val(1));
  val methods = val::array();
  for (int m = 0; m <= static_cast<int>(kLastNewVideoMethod); ++m)
    methods.call<void>("push", val(std::string(newVideoMethodName(static_cast<NewVideoMethod>(m)))));
  fresh.set("methods", methods);
  fresh.set("method", val(std::string(newVideoMethodName(NV::kMethod))));
  fresh.set("freshImpressions", val(NV::kFreshImpressions));
  fresh.set("window", val(NV::kWindowDays));
  fresh.set("minWindow", val(0));
  fresh.set("maxWindow", val(NV::kMaxWindowDays));
  fresh.set("sampledCandidates", val(static_cast<double>(NV::kSampledCandidates)));
  fresh.set("halfEvents", val(NV::kHalfEvents));
  o.set("newVideos", fresh);
  // recommend's calibration and popularityCorrection (rank/calibration.hpp, rank/blend.hpp).
  val calibration = val::object();
  calibration.set("default", val(RankRequest::kDefaultCalibration));
  calibration.set("min", val(0));
  calibration.set("max", val(RankRequest::kMaxCalibration));
  o.set("calibration", calibration);
  val correction = val::object();
  correction.set("default", val(RankRequest::kDefaultPopularityCorrection));
  correction.set("min", val(0));
  correction.set("max", val(RankRequest::kMaxPopularityCorrection));
  o.set("popularityCorrection", correction);
  val layout = val::object();
  val resultFields = val::array();
  for (const char* f : kResultFields) resultFields.call<void>("push", val(std::string(f)));
  val reasonFields = val::array();
  for (const char* f : kReasonFields) reasonFields.call<void>("push", val(std::string(f)));
  layout.set("result", resultFields);
  layout.set("reason", reasonFields);
  o.set("recommendLayout", layout);
  return o;
}

// Bytes the allocator has handed out and not had back: flat across
// create/dispose cycles when nothing leaks.

double heapInUse() { return static_cast<double>(mallinfo().uordblks); }

}  // namespace
}  // namespace reelrank::bindings

EMSCRIPTEN_BINDINGS(reelrank) {
  using namespace emscripten;
  using namespace reelrank::bindings;
  class_<JsCatalog>("_Catalog")
      .constructor<>()
      .function("_addMany", RR_GUARDED(&JsCatalog::addMany))
      .function("_size", &JsCatalog::size)
      .function("_has", &JsCatalog::has)
      .function("_get", RR_GUARDED(&JsCatalog::get))
      .function("_ids", RR_GUARDED(&JsCatalog::ids))
      .function("_embeddingDim", &JsCatalog::embeddingDim);
  class_<JsInteractions>("_Interactions")
      .constructor<>()
      .function("_addBatch", RR_GUARDED(&JsInteractions::addBatch))
      .function("_eventCount", &JsInteractions::eventCount)
      .function("_userCount", &JsInteractions::userCount)
      .function("_itemCount", &JsInteractions::itemCount);
  class_<JsProfile>("_Profile")
      .constructor<>()
      .function("_configure", RR_GUARDED(&JsProfile::configure))
      .function("_recordBatch", RR_GUARDED(&JsProfile::recordBatch), allow_raw_pointers())
      .function("_interests", RR_GUARDED(&JsProfile::interests))
      .function("_block", RR_GUARDED(&JsProfile::block))
      .function("_forgetItem", RR_GUARDED(&JsProfile::forgetItem))
      .function("_forgetBefore", RR_GUARDED(&JsProfile::forgetBefore))
      .function("_eventCount", &JsProfile::eventCount)
      .function("_totalRecorded", &JsProfile::totalRecorded)
      .function("_itemCount", &JsProfile::itemCount)
      .function("_memoryBytes", &JsProfile::memoryBytes)
      .function("_memoryBound", &JsProfile::memoryBound)
      .function("_policy", RR_GUARDED(&JsProfile::policy))
      .function("_save", RR_GUARDED(&JsProfile::save))
      .function("_load", RR_GUARDED(&JsProfile::load));
  class_<JsServerPage>("_ServerPage").constructor<>().function("_size", &JsServerPage::size);
  class_<JsModel>("_Model")
      .constructor<>()
      .function("_train", RR_GUARDED(&JsModel::train), allow_raw_pointers())
      .function("_recommendProfile", RR_GUARDED(&JsModel::recommendProfile))
      .function("_recommendUser", RR_GUARDED(&JsModel::recommendUser))
      .function("_resolvePage", RR_GUARDED(&JsModel::resolvePage), allow_raw_pointers())
      .function("_recommendPage", RR_GUARDED(&JsModel::recommendPage))
      .function("_orderPage", RR_GUARDED(&JsModel::orderPage))
      .function("_predictUser", RR_GUARDED(&JsModel::predictUser))
      .function("_predictProfile", RR_GUARDED(&JsModel::predictProfile))
      .function("_similarItems", RR_GUARDED(&JsModel::similarItems))
      .function("_tagMix", RR_GUARDED(&JsModel::tagMix))
      .function("_recordIntoProfile", RR_GUARDED(&JsModel::recordIntoProfile))
      .function("_save", RR_GUARDED(&JsModel::save))
      .function("_load", RR_GUARDED(&JsModel::load))
      .function("_info", RR_GUARDED(&JsModel::info));
  function("_teachCosine", RR_GUARDED(&teachCosine));
  function("_teachUserCF", RR_GUARDED(&teachUserCF));
  function("_heapInUse", &heapInUse);
  function("_schema", RR_GUARDED(&schema));
  function("_algorithms", RR_GUARDED(&algorithms));
}
