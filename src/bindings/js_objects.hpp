// The embind wrapper classes, shared by bindings.cpp and analytics_bindings.cpp.
#pragma once
#include <emscripten/bind.h>

#include <algorithm>
#include <cmath>
#include <iterator>

#include "helpers.hpp"
#include "models/model.hpp"
#include "models/tag_mix.hpp"
namespace reelrank::bindings {

using emscripten::allow_raw_pointers;

#define RR_TRY_JS(expr)                                          \
  do {                                                           \
    ::reelrank::Status s_ = (expr);                              \
    if (!s_.isOk()) return ::reelrank::bindings::statusToJs(s_); \
  } while (0)

inline EventBatch eventBatch(const std::string& users, const std::string& items, const val& types, const val& values,
                             const val& durations, const val& timestamps) {
  EventBatch b;
  b.users = users;
  b.items = items;
  b.types = copyIn<uint8_t>(types);
  b.values = copyIn<double>(values);
  b.durations = copyIn<double>(durations);
  b.timestamps = copyIn<double>(timestamps);
  return b;
}

// Plain fields of a JS options object, read one by one by name.
inline bool hasField(const val& o, const char* name) {
  if (o.isNull() || o.isUndefined()) return false;
  val v = o[name];
  return !v.isUndefined() && !v.isNull();
}
inline double numberField(const val& o, const char* name, double fallback) {
  return hasField(o, name) ? o[name].as<double>() : fallback;
}
inline bool boolField(const val& o, const char* name, bool fallback) {
  return hasField(o, name) ? o[name].as<bool>() : fallback;
}
inline std::string stringField(const val& o, const char* name) {
  return hasField(o, name) ? o[name].as<std::string>() : std::string();
}
inline std::vector<std::string> fieldNames(const val& o) {
  if (o.isNull() || o.isUndefined()) return {};
  return emscripten::vecFromJSArray<std::string>(val::global("Object").call<val>("keys", o));
}

// A weighting policy from JS's { view, like, ..., halfLifeDays } (fields left
// out keep the core's default), and back; weightPolicyFields() names them.
inline WeightPolicy policyFrom(const val& o) {
  WeightPolicy w;
  for (const WeightPolicyField& f : weightPolicyFields())
    if (hasField(o, f.name)) f.set(w, o[f.name].as<double>());
  return w;
}
// The same numbers as an array in weightPolicyFields() order (the evaluate
// binding's form; JS builds it from rr.schema.weights' order).
inline WeightPolicy policyFrom(const std::vector<double>& p) {
  WeightPolicy w;
  const auto& fields = weightPolicyFields();
  for (std::size_t i = 0; i < fields.size() && i < p.size(); ++i) fields[i].set(w, p[i]);
  return w;
}
inline val policyTo(const WeightPolicy& w) {
  val o = val::object();
  for (const WeightPolicyField& f : weightPolicyFields()) o.set(f.name, val(f.get(w)));
  return o;
}

// The blend's weights by the names JS uses (train's and evaluate's `blend`);
// their defaults are BlendWeights{}'s, which JS reads in rr.schema.blend.
struct BlendField {
  const char* name;
  float BlendWeights::*weight;
};
inline const BlendField kBlendFields[] = {{"collaborative", &BlendWeights::collaborative},
                                          {"content", &BlendWeights::content},
                                          {"creator", &BlendWeights::creator},
                                          {"popularity", &BlendWeights::popularity}};
// The TrainConfig the evaluation bindings receive as columns: option names
// NUL-joined beside their values, the policy as numbers, and the blend in
// kBlendFields' order (NaN keeps the core's default).
inline Status trainConfigFrom(const std::string& algorithm, const std::string& optionKeys, const val& optionValues,
                              const val& policy, const val& blend, TrainConfig* out) {
  out->algorithm = algorithm;
  const auto values = copyIn<double>(optionValues);
  const auto keys = splitIds(optionKeys);
  if (keys.size() != values.size()) return argError("internal: option columns disagree");
  for (std::size_t i = 0; i < keys.size(); ++i) out->options[std::string(keys[i])] = values[i];
  out->policy = policyFrom(copyIn<double>(policy));
  const auto b = copyIn<double>(blend);
  for (std::size_t i = 0; i < std::size(kBlendFields) && i < b.size(); ++i)
    if (!std::isnan(b[i])) out->blend.*kBlendFields[i].weight = static_cast<float>(b[i]);
  return Status::ok();
}

inline BlendWeights blendFrom(const val& o) {
  BlendWeights b;
  for (const BlendField& f : kBlendFields)
    if (hasField(o, f.name)) b.*f.weight = static_cast<float>(o[f.name].as<double>());
  return b;
}

// What a reason carries besides kind and weight, and under which field JS
// puts it: the name of the item, tag or creator `ref` indexes, or `ref`
// itself as a number. rr.schema.reasonKinds sends this table to JS.
enum class ReasonRef { None, Item, Tag, Creator, Number };
struct ReasonShape {
  ReasonRef ref;
  const char* field;  // nullptr when ref is None
};
inline ReasonShape reasonShape(ReasonKind k) {
  switch (k) {
    case ReasonKind::Similar:
    case ReasonKind::Recent:
      return {ReasonRef::Item, "item"};
    case ReasonKind::Tag:
      return {ReasonRef::Tag, "tag"};
    case ReasonKind::Creator:
      return {ReasonRef::Creator, "creator"};
    case ReasonKind::People:
      return {ReasonRef::Number, "count"};
    case ReasonKind::Popular:
    case ReasonKind::Explore:
    case ReasonKind::Server:
    case ReasonKind::New:
      break;
  }
  return {ReasonRef::None, nullptr};
}

// Recommendations cross in two copies for speed (one Float64Array of
// numbers, one NUL-joined string of names: ids, then one name per reason,
// empty when the reason has none). The numbers are [count, then per result
// kResultFields, then per reason of it kReasonFields]; JS reads the field
// names from rr.schema.recommendLayout, so this is the one statement of it.
inline const char* const kResultFields[] = {"score", "reasonCount"};
inline const char* const kReasonFields[] = {"kind", "ref", "weight"};

// ---- Catalog -------------------------------------------------------------
class JsCatalog {
 public:
  // Videos in columns: ids NUL-joined; tagCounts[i] tags of video i, all tags
  // NUL-joined; creators NUL-joined (empty = none); embeddings flat with
  // embeddingDims[i] values for video i (0 = none).
  val addMany(const std::string& ids, const val& tagCounts, const std::string& tags, const std::string& creators,
              const val& durations, const val& embeddings, const val& embeddingDims) {
    auto counts = copyIn<int32_t>(tagCounts);
    auto durs = copyIn<double>(durations);
    auto emb = copyIn<float>(embeddings);
    auto dims = copyIn<int32_t>(embeddingDims);
    const std::size_t n = counts.size();
    std::vector<std::string_view> idList, creatorList, tagList;
    std::size_t totalTags = 0;
    for (int32_t c : counts) totalTags += static_cast<std::size_t>(std::max(c, 0));
    if (!splitExactly(ids, n, &idList) || !splitExactly(creators, n, &creatorList) ||
        !splitExactly(tags, totalTags, &tagList) || durs.size() != n || dims.size() != n)
      return statusToJs(argError("internal: catalogue batch columns disagree"));
    std::vector<VideoInput> videos(n);
    std::size_t t = 0, e = 0;
    for (std::size_t i = 0; i < n; ++i) {
      videos[i].id = std::string(idList[i]);
      for (int32_t k = 0; k < counts[i]; ++k) videos[i].tags.emplace_back(tagList[t++]);
      videos[i].creator = std::string(creatorList[i]);
      videos[i].duration = durs[i];
      if (dims[i] > 0) {
        if (e + static_cast<std::size_t>(dims[i]) > emb.size())
          return statusToJs(argError("internal: embedding columns disagree"));
        videos[i].embedding.assign(emb.begin() + static_cast<std::ptrdiff_t>(e),
                                   emb.begin() + static_cast<std::ptrdiff_t>(e + dims[i]));
        e += static_cast<std::size_t>(dims[i]);
      }
    }
    return statusToJs(catalog.addMany(videos));
  }
  int size() const { return static_cast<int>(catalog.size()); }
  bool has(const std::string& id) const { return catalog.items().find(id) != IdMap::kMissing; }
  int embeddingDim() const { return catalog.embeddingDim(); }
  val get(const std::string& id) const {
    int32_t i = catalog.items().find(id);
    if (i == IdMap::kMissing) return val::null();
    const Video& v = catalog.video(i);
    val o = val::object();
    o.set("id", val(id));
    val tags = val::array();
    for (int32_t t : v.tags) tags.call<void>("push", val(catalog.tags().name(t)));
    o.set("tags", tags);
    o.set("creator", v.creator >= 0 ? val(catalog.creators().name(v.creator)) : val::null());
    o.set("duration", val(v.duration));
    return o;
  }
  val ids() const { return val(joinNames(catalog.items().names())); }

  Catalog catalog;
};

// ---- Interactions --------------------------------------------------------
class JsInteractions {
 public:
  val addBatch(const std::string& users, const std::string& items, const val& types, const val& values,
               const val& durations, const val& timestamps) {
    return statusToJs(log.addBatch(eventBatch(users, items, types, values, durations, timestamps)));
  }
  double eventCount() const { return static_cast<double>(log.eventCount()); }
  int userCount() const { return static_cast<int>(log.users().size()); }
  int itemCount() const { return static_cast<int>(log.items().size()); }
  Interactions log;
};

// ---- Profile -------------------------------------------------------------
class JsProfile {
 public:
  // { weights, limits }: each an object of named numbers, missing ones the core's defaults.
  val configure(const val& policy, const val& limits) {
    if (profile.totalRecorded() > 0)
      return statusToJs(Status::error(ErrorCode::State, "configure a profile before recording"));
    WeightPolicy p = policyFrom(policy);
    ProfileLimits lim;
    for (const ProfileLimitField& f : profileLimitFields()) {
      if (!hasField(limits, f.name)) continue;
      const double v = limits[f.name].as<double>();
      if (!(v >= 0 && v <= kMaxProfileLimit))
        return statusToJs(argError("profile limits must be whole numbers up to 100,000,000"));
      lim.*f.field = static_cast<uint32_t>(v);
    }
    RR_TRY_JS(p.validate());
    RR_TRY_JS(lim.validate());
    profile = Profile(p, lim);
    return val::undefined();
  }
  val recordBatch(const JsCatalog* cat, const std::string& items, const val& types, const val& values,
                  const val& durations, const val& timestamps, const val& metaTagCounts, const std::string& metaTags,
                  const std::string& metaCreators) {
    return record(cat ? &cat->catalog : nullptr, items, types, values, durations, timestamps, metaTagCounts, metaTags,
                  metaCreators);
  }
  val record(const Catalog* cat, const std::string& items, const val& types, const val& values, const val& durations,
             const val& timestamps, const val& metaTagCounts, const std::string& metaTags,
             const std::string& metaCreators) {
    EventBatch b = eventBatch("", items, types, values, durations, timestamps);
    std::vector<EventMeta> meta;
    auto counts = copyIn<int32_t>(metaTagCounts);
    if (!counts.empty()) {
      std::size_t total = 0;
      for (int32_t c : counts) total += static_cast<std::size_t>(std::max(c, 0));
      std::vector<std::string_view> tagList, creatorList;
      if (!splitExactly(metaTags, total, &tagList) || !splitExactly(metaCreators, counts.size(), &creatorList))
        return statusToJs(argError("internal: event metadata columns disagree"));
      meta.resize(counts.size());
      std::size_t t = 0;
      for (std::size_t i = 0; i < counts.size(); ++i) {
        for (int32_t k = 0; k < counts[i]; ++k) meta[i].tags.emplace_back(tagList[t++]);
        meta[i].creator = std::string(creatorList[i]);
      }
    }
    return statusToJs(profile.recordBatch(b, cat, meta));
  }
  val interests(int n, bool creators) const {
    auto list = creators ? profile.creatorInterests(static_cast<std::size_t>(std::max(n, 0)))
                         : profile.tagInterests(static_cast<std::size_t>(std::max(n, 0)));
    val out = val::array();
    for (const auto& i : list) {
      val o = val::object();
      o.set(creators ? "creator" : "tag", val(i.name));
      o.set("weight", val(i.weight));
      out.call<void>("push", o);
    }
    return out;
  }
  val block(const std::string& item, const std::string& creator) { return statusToJs(profile.block(item, creator)); }
  // Forgetting re-derives interests (it allocates), so it returns a val and is guarded.
  val forgetItem(const std::string& item) { return val(static_cast<double>(profile.forgetItem(item))); }
  val forgetBefore(double timestamp) { return val(static_cast<double>(profile.forgetBefore(timestamp))); }
  double eventCount() const { return static_cast<double>(profile.eventCount()); }
  double totalRecorded() const { return static_cast<double>(profile.totalRecorded()); }
  int itemCount() const { return static_cast<int>(profile.items().size()); }
  double memoryBytes() const { return static_cast<double>(profile.memoryBytes()); }
  double memoryBound() const { return static_cast<double>(profile.memoryBound()); }
  val policy() const { return policyTo(profile.policy()); }
  val save() const { return copyOut(profile.save()); }
  val load(const val& bytes) {
    auto data = copyIn<uint8_t>(bytes);
    return statusToJs(Profile::load(data.data(), data.size(), &profile));
  }

  Profile profile;
};

// ---- Model ---------------------------------------------------------------
// recommend's options object: { k, candidates, candidateScores, serverWeight,
// restrict, exclude, excludeSeen, diversity, maxPerCreator, exploration,
// calibration, popularityCorrection, seed, explain, newVideoBudget,
// newVideoMethod (its index in the schema's list), newVideoWindow } (ids
// NUL-joined; candidateScores a Float64Array or undefined; serverWeight,
// calibration, popularityCorrection and newVideoWindow undefined for the
// core's defaults).
inline RankInput rankInput(const val& o) {
  RankInput in;
  const double k = numberField(o, "k", 10);
  in.request.k = k < 1 ? 0 : static_cast<std::size_t>(k);
  in.request.restrictToCandidates = boolField(o, "restrict", false);
  const std::string candidates = stringField(o, "candidates"),
                    exclude = stringField(o, "exclude");  // splitIds views them
  for (auto id : splitIds(candidates)) in.candidates.emplace_back(id);
  for (auto id : splitIds(exclude)) in.exclude.emplace_back(id);
  in.candidateScores = copyIn<double>(o["candidateScores"]);
  in.request.serverWeight = static_cast<float>(numberField(o, "serverWeight", RankRequest::kDefaultServerWeight));
  in.excludeSeen = boolField(o, "excludeSeen", true);
  in.request.diversity = numberField(o, "diversity", 0);
  in.request.maxPerCreator = static_cast<int32_t>(numberField(o, "maxPerCreator", 0));
  in.request.exploration = numberField(o, "exploration", 0);
  in.request.calibration = numberField(o, "calibration", RankRequest::kDefaultCalibration);
  in.request.popularityCorrection = numberField(o, "popularityCorrection", RankRequest::kDefaultPopularityCorrection);
  in.request.seed = static_cast<uint64_t>(numberField(o, "seed", 0));
  in.request.explain = boolField(o, "explain", true);
  in.request.newVideoBudget = numberField(o, "newVideoBudget", NewVideoDefaults::kBudget);
  // The method's place in rr.schema.newVideos.methods (an unknown one fails RankRequest::validate).
  const double method = numberField(o, "newVideoMethod", static_cast<double>(NewVideoDefaults::kMethod));
  in.request.newVideoMethod = static_cast<NewVideoMethod>(method >= 0 && method < 256 ? method : 255);
  in.request.newVideoWindow = numberField(o, "newVideoWindow", NewVideoDefaults::kWindowDays);
  return in;
}

// A server's page resolved once against a model (Model::resolvePage).
class JsServerPage {
 public:
  int size() const { return static_cast<int>(page.ids.size()); }
  ServerPage page;
};

class JsModel {
 public:
  // options: { algorithm, options: { name: number }, weights, blend, onProgress }.
  val train(const JsInteractions& log, const JsCatalog* cat, const val& options) {
    TrainConfig config;
    config.algorithm = stringField(options, "algorithm");
    const val algoOptions = options["options"];
    for (const std::string& key : fieldNames(algoOptions)) config.options[key] = algoOptions[key].as<double>();
    config.policy = policyFrom(options["weights"]);
    config.blend = blendFrom(options["blend"]);
    const val onProgress = options["onProgress"];
    ProgressFn progress;
    if (!onProgress.isNull() && !onProgress.isUndefined()) {
      progress = [&onProgress](const Progress& p) {
        return onProgress(p.iteration, p.iterations, p.loss, p.seconds, p.validation).as<bool>();
      };
    }
    Model trained;
    Status s = Model::train(log.log, cat ? &cat->catalog : nullptr, config, progress, &trained);
    if (s.isOk()) model = std::move(trained);
    return statusToJs(s);
  }
  val recommendProfile(const JsProfile& p, const val& options) const {
    std::vector<Recommendation> recs;
    const RankInput in = rankInput(options);
    Status s = model.recommendForProfile(p.profile, in, &recs);
    return s.isOk() ? results(recs, in) : statusToJs(s);
  }
  // ids NUL-joined, `count` of them, scores a Float64Array; fills `target`.
  val resolvePage(JsServerPage* target, const std::string& ids, int count, const val& scores) const {
    std::vector<std::string_view> names;
    if (count < 0 || !splitExactly(ids, static_cast<std::size_t>(count), &names))
      return statusToJs(argError("internal: candidate id list and count disagree"));
    ServerPage page;
    RR_TRY_JS(model.resolvePage(std::vector<std::string>(names.begin(), names.end()), copyIn<double>(scores), &page));
    target->page = std::move(page);
    return val::undefined();
  }
  // options as recommend's, without candidates.
  val recommendPage(const JsProfile& p, const JsServerPage& page, const val& options) const {
    std::vector<Recommendation> recs;
    RankInput in = rankInput(options);
    in.page = &page.page;
    Status s = model.recommendForProfile(p.profile, in, &recs);
    return s.isOk() ? results(recs, in) : statusToJs(s);
  }
  // The page re-ranked as an Int32Array of places in the page, best first
  // (no ids, no reasons: the fast path for a whole page).
  val orderPage(const JsProfile& p, const JsServerPage& page, const val& options) const {
    std::vector<Recommendation> recs;
    RankInput in = rankInput(options);
    in.page = &page.page;
    in.request.explain = false;
    RR_TRY_JS(model.recommendForProfile(p.profile, in, &recs));
    std::vector<int32_t> order;
    order.reserve(recs.size());
    for (const Recommendation& r : recs)
      order.push_back(r.item < 0 ? static_cast<int32_t>(serverOnlyCandidate(r.item)) : page.page.position.at(r.item));
    return copyOut(order);
  }
  val recommendUser(const std::string& user, const val& options) const {
    std::vector<Recommendation> recs;
    const RankInput in = rankInput(options);
    Status s = model.recommendForUser(user, in, &recs);
    return s.isOk() ? results(recs, in) : statusToJs(s);
  }
  val predictUser(const std::string& user, const std::string& item) const {
    double v;
    Status s = model.predictForUser(user, item, &v);
    return s.isOk() ? (std::isnan(v) ? val::null() : val(v)) : statusToJs(s);
  }
  val predictProfile(const JsProfile& p, const std::string& item) const {
    double v;
    Status s = model.predictForProfile(p.profile, item, &v);
    return s.isOk() ? (std::isnan(v) ? val::null() : val(v)) : statusToJs(s);
  }
  val similarItems(const std::string& item, int n) const {
    std::vector<std::pair<int32_t, float>> out;
    Status s = model.similarItems(item, n < 1 ? 0 : static_cast<std::size_t>(n), &out);
    if (!s.isOk()) return statusToJs(s);
    std::vector<std::string> names;
    std::vector<float> scores;
    for (const auto& [i, w] : out) {
      names.push_back(model.side().catalog.items().name(i));
      scores.push_back(w);
    }
    val o = val::object();
    o.set("ids", val(joinNames(names)));
    o.set("count", val(static_cast<int>(names.size())));
    o.set("scores", copyOut(scores));
    return o;
  }
  // ids NUL-joined, `count` of them: { tags (NUL-joined), tagCount, history,
  // list (Float64Arrays over the tags), miscalibration (null when NaN) }.
  val tagMix(const JsProfile& p, const std::string& ids, int count) const {
    std::vector<std::string_view> names;
    if (count < 0 || !splitExactly(ids, static_cast<std::size_t>(count), &names))
      return statusToJs(argError("internal: id list and count disagree"));
    TagMixReport r;
    RR_TRY_JS(tagMixForProfile(model, p.profile, std::vector<std::string>(names.begin(), names.end()), &r));
    val o = val::object();
    o.set("tags", val(joinNames(r.tags)));
    o.set("tagCount", val(static_cast<int>(r.tags.size())));
    o.set("history", copyOut(r.history));
    o.set("list", copyOut(r.list));
    o.set("miscalibration", std::isnan(r.miscalibration) ? val::null() : val(r.miscalibration));
    return o;
  }
  val save(bool includeUsers) const {
    std::vector<uint8_t> bytes;
    Status s = model.save(includeUsers, &bytes);
    return s.isOk() ? copyOut(bytes) : statusToJs(s);
  }
  val load(const val& bytes) {
    auto data = copyIn<uint8_t>(bytes);
    Model loaded;
    Status s = Model::load(data.data(), data.size(), &loaded);
    if (s.isOk()) model = std::move(loaded);
    return statusToJs(s);
  }
  val info() const {
    val o = val::object();
    const ItemSide& side = model.side();
    o.set("algorithm", val(std::string(model.algorithm().algorithm())));
    o.set("items", val(static_cast<int>(side.itemCount())));
    o.set("users", val(static_cast<int>(side.users.size())));
    o.set("tags", val(static_cast<int>(side.catalog.tags().size())));
    o.set("creators", val(static_cast<int>(side.catalog.creators().size())));
    o.set("explicitRatings", val(side.explicitRatings));
    o.set("hasUsers", val(side.hasUsers()));
    o.set("policy", policyTo(side.policy));
    return o;
  }
  val recordIntoProfile(JsProfile& p, const std::string& items, const val& types, const val& values,
                        const val& durations, const val& timestamps, const val& metaTagCounts,
                        const std::string& metaTags, const std::string& metaCreators) const {
    return p.record(&model.side().catalog, items, types, values, durations, timestamps, metaTagCounts, metaTags,
                    metaCreators);
  }
  Model model;

 private:
  // The two copies of kResultFields / kReasonFields (above).
  val results(const std::vector<Recommendation>& recs, const RankInput& in) const {
    static_assert(std::size(kResultFields) == 2 && std::size(kReasonFields) == 3,
                  "results() pushes these fields in order");
    const ItemSide& side = model.side();
    std::vector<double> nums;
    std::string names;
    nums.reserve(1 + recs.size() * 8);
    nums.push_back(static_cast<double>(recs.size()));
    auto addName = [&names](const std::string& s) {
      names += s;
      names.push_back('\0');
    };
    for (const auto& r : recs)
      addName(r.item >= 0 ? side.catalog.items().name(r.item) : in.pageIds()[serverOnlyCandidate(r.item)]);
    for (const auto& r : recs) {
      nums.push_back(r.score);
      nums.push_back(static_cast<double>(r.reasons.size()));
      for (const Reason& why : r.reasons) {
        nums.push_back(static_cast<double>(why.kind));
        nums.push_back(why.ref);
        nums.push_back(why.weight);
        switch (reasonShape(why.kind).ref) {
          case ReasonRef::Item:
            addName(side.catalog.items().name(why.ref));
            break;
          case ReasonRef::Tag:
            addName(side.catalog.tags().name(why.ref));
            break;
          case ReasonRef::Creator:
            addName(side.catalog.creators().name(why.ref));
            break;
          case ReasonRef::None:
          case ReasonRef::Number:
            addName(std::string());
            break;
        }
      }
    }
    val o = val::object();
    o.set("nums", copyOut(nums));
    o.set("names", val(names));
    return o;
  }
};

}  // namespace reelrank::bindings
