// The embind wrapper classes, shared by bindings.cpp and analytics_bindings.cpp.
#pragma once
#include <emscripten/bind.h>
#include <algorithm>
#include <cmath>
#include "helpers.hpp"
#include "models/model.hpp"
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

// The eleven policy numbers in src/js/policy.js's order (POLICY_KEYS).
inline WeightPolicy policyFrom(const std::vector<double>& p) {
  WeightPolicy w;
  float* fs[] = {&w.view, &w.maxWatchRatio, &w.like, &w.comment, &w.share, &w.follow, &w.skip, &w.dislike, &w.rating,
                 &w.confidenceAlpha};
  for (std::size_t i = 0; i < 10 && i < p.size(); ++i) *fs[i] = static_cast<float>(p[i]);
  if (p.size() > 10) w.halfLifeDays = p[10];
  return w;
}

inline val policyTo(const WeightPolicy& w) {
  return copyOut(std::vector<double>{w.view, w.maxWatchRatio, w.like, w.comment, w.share, w.follow, w.skip, w.dislike,
                                     w.rating, w.confidenceAlpha, w.halfLifeDays});
}

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
        if (e + static_cast<std::size_t>(dims[i]) > emb.size()) return statusToJs(argError("internal: embedding columns disagree"));
        videos[i].embedding.assign(emb.begin() + static_cast<std::ptrdiff_t>(e), emb.begin() + static_cast<std::ptrdiff_t>(e + dims[i]));
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
  val configure(const val& policy, const val& limitsArray) {
    if (profile.totalRecorded() > 0) return statusToJs(Status::error(ErrorCode::State, "configure a profile before recording"));
    WeightPolicy p = policyFrom(copyIn<double>(policy));
    auto l = copyIn<double>(limitsArray);
    ProfileLimits lim;
    uint32_t* ls[] = {&lim.maxEvents, &lim.maxItems, &lim.maxTags, &lim.maxCreators};
    for (std::size_t i = 0; i < 4 && i < l.size(); ++i) {
      if (!(l[i] >= 0 && l[i] <= 1e8)) return statusToJs(argError("profile limits must be whole numbers up to 100,000,000"));
      *ls[i] = static_cast<uint32_t>(l[i]);
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
inline RankInput rankInput(int k, const std::string& candidates, bool restrict, const std::string& exclude, bool excludeSeen,
                    double diversity, int maxPerCreator, double exploration, double seed, bool explain) {
  RankInput in;
  in.request.k = k < 1 ? 0 : static_cast<std::size_t>(k);
  in.request.restrictToCandidates = restrict;
  for (auto id : splitIds(candidates)) in.candidates.emplace_back(id);
  for (auto id : splitIds(exclude)) in.exclude.emplace_back(id);
  in.excludeSeen = excludeSeen;
  in.request.diversity = diversity;
  in.request.maxPerCreator = maxPerCreator;
  in.request.exploration = exploration;
  in.request.seed = static_cast<uint64_t>(seed);
  in.request.explain = explain;
  return in;
}

class JsModel {
 public:
  val train(const JsInteractions& log, const JsCatalog* cat, const std::string& algorithm, const std::string& optionKeys,
            const val& optionValues, const val& policy, const val& blend, val onProgress) {
    TrainConfig config;
    config.algorithm = algorithm;
    auto values = copyIn<double>(optionValues);
    auto keys = splitIds(optionKeys);
    if (keys.size() != values.size()) return statusToJs(argError("internal: option columns disagree"));
    for (std::size_t i = 0; i < keys.size(); ++i) config.options[std::string(keys[i])] = values[i];
    config.policy = policyFrom(copyIn<double>(policy));
    auto b = copyIn<double>(blend);
    if (b.size() == 4) config.blend = {static_cast<float>(b[0]), static_cast<float>(b[1]), static_cast<float>(b[2]), static_cast<float>(b[3])};
    ProgressFn progress;
    if (!onProgress.isNull() && !onProgress.isUndefined()) {
      progress = [&onProgress](const Progress& p) {
        return onProgress(p.iteration, p.iterations, p.loss, p.seconds).as<bool>();
      };
    }
    Model trained;
    Status s = Model::train(log.log, cat ? &cat->catalog : nullptr, config, progress, &trained);
    if (s.isOk()) model = std::move(trained);
    return statusToJs(s);
  }
  val recommendProfile(const JsProfile& p, int k, const std::string& candidates, bool restrict,
                       const std::string& exclude, bool excludeSeen, double diversity, int maxPerCreator,
                       double exploration, double seed, bool explain) const {
    std::vector<Recommendation> recs;
    Status s = model.recommendForProfile(
        p.profile, rankInput(k, candidates, restrict, exclude, excludeSeen, diversity, maxPerCreator, exploration, seed, explain),
        &recs);
    return s.isOk() ? results(recs) : statusToJs(s);
  }
  val recommendUser(const std::string& user, int k, const std::string& candidates, bool restrict,
                    const std::string& exclude, bool excludeSeen, double diversity, int maxPerCreator,
                    double exploration, double seed, bool explain) const {
    std::vector<Recommendation> recs;
    Status s = model.recommendForUser(
        user, rankInput(k, candidates, restrict, exclude, excludeSeen, diversity, maxPerCreator, exploration, seed, explain),
        &recs);
    return s.isOk() ? results(recs) : statusToJs(s);
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
  // Results cross in two copies: one Float64Array of numbers and one
  // NUL-joined string of names (ids, then one name per reason).
  // nums = [count, then per result: score, reasonCount, then per reason: kind, ref, weight]
  val results(const std::vector<Recommendation>& recs) const {
    const ItemSide& side = model.side();
    std::vector<double> nums;
    std::string names;
    nums.reserve(1 + recs.size() * 8);
    nums.push_back(static_cast<double>(recs.size()));
    auto addName = [&names](const std::string& s) {
      names += s;
      names.push_back('\0');
    };
    for (const auto& r : recs) addName(side.catalog.items().name(r.item));
    for (const auto& r : recs) {
      nums.push_back(r.score);
      nums.push_back(static_cast<double>(r.reasons.size()));
      for (const Reason& why : r.reasons) {
        nums.push_back(static_cast<double>(why.kind));
        nums.push_back(why.ref);
        nums.push_back(why.weight);
        switch (why.kind) {
          case ReasonKind::Similar: addName(side.catalog.items().name(why.ref)); break;
          case ReasonKind::Tag: addName(side.catalog.tags().name(why.ref)); break;
          case ReasonKind::Creator: addName(side.catalog.creators().name(why.ref)); break;
          default: addName(std::string()); break;
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
