// embind glue for the creator analytics (src/core/analytics), in its own
// EMSCRIPTEN_BINDINGS block. Same conventions as bindings.cpp: raw `_` names,
// a value or { rrError, message }; the friendly API is src/js/analytics.js.
//
// The analytics read the log, catalogue and model that JS already holds, so
// they use the embind classes of bindings.cpp, declared in js_objects.hpp.
#include <emscripten/bind.h>

#include <cmath>
#include <iterator>
#include <string>
#include <vector>

#include "analytics/audience.hpp"
#include "analytics/engagement.hpp"
#include "analytics/segments.hpp"
#include "helpers.hpp"
#include "js_objects.hpp"

namespace reelrank::bindings {
namespace {

using namespace reelrank::analytics;

val privacyToJs(const PrivacyNote& n) {
  val o = val::object();
  o.set("minGroupSize", val(n.minGroupSize));
  o.set("mergedGroups", val(n.mergedGroups));
  o.set("mergedPeople", val(n.mergedPeople));
  o.set("otherShown", val(n.otherShown));
  o.set("hiddenGroups", val(n.hiddenGroups));
  o.set("hiddenPeople", val(n.hiddenPeople));
  o.set("hiddenLabels", val(n.hiddenLabels));
  o.set("note", val(n.summary()));
  return o;
}

// Engagement rows cross as one Float64Array (stride numbers each, NaN for
// withheld figures) and one NUL-joined string of keys: a table of thousands
// of videos is two copies, not thousands of objects. Each number's place is
// named once, here: kRowFields in order, then the watch-ratio histogram's
// kRatioBins counts. JS reads the names and offsets from _analyticsRowLayout()
// at load() and picks fields by name.
struct RowField {
  const char* name;
  double (*get)(const EngagementRow&);
};
#define RR_ROW_FIELD(f)                                                 \
  RowField {                                                            \
#f, [](const EngagementRow& r) { return static_cast<double>(r.f); } \
  }
const RowField kRowFields[] = {
    RR_ROW_FIELD(other),
    RR_ROW_FIELD(mergedGroups),
    RR_ROW_FIELD(people),
    RR_ROW_FIELD(uniqueViewers),
    RR_ROW_FIELD(impressions),
    RR_ROW_FIELD(views),
    RR_ROW_FIELD(skips),
    RR_ROW_FIELD(likes),
    RR_ROW_FIELD(dislikes),
    RR_ROW_FIELD(comments),
    RR_ROW_FIELD(shares),
    RR_ROW_FIELD(follows),
    RR_ROW_FIELD(exposures),
    RR_ROW_FIELD(likers),
    RR_ROW_FIELD(dislikers),
    RR_ROW_FIELD(commenters),
    RR_ROW_FIELD(sharers),
    RR_ROW_FIELD(followers),
    RR_ROW_FIELD(watchSeconds),
    RR_ROW_FIELD(measuredViews),
    RR_ROW_FIELD(meanWatchRatio),
    RR_ROW_FIELD(p25),
    RR_ROW_FIELD(median),
    RR_ROW_FIELD(p75),
    RR_ROW_FIELD(likeRate),
    RR_ROW_FIELD(dislikeRate),
    RR_ROW_FIELD(commentRate),
    RR_ROW_FIELD(shareRate),
    RR_ROW_FIELD(followRate),
    RR_ROW_FIELD(skipRate),
    RR_ROW_FIELD(returningViewerRate),
};
#undef RR_ROW_FIELD
constexpr std::size_t kRowFieldCount = std::size(kRowFields);
constexpr std::size_t kRowStride = kRowFieldCount + kRatioBins;

void packRow(const EngagementRow& r, std::vector<double>& out) {
  for (const RowField& f : kRowFields) out.push_back(f.get(r));
  for (uint32_t h : r.ratioHistogram) out.push_back(h);
}

val rowLayout() {
  val fields = val::object();
  for (std::size_t i = 0; i < kRowFieldCount; ++i) fields.set(kRowFields[i].name, val(static_cast<int>(i)));
  val o = val::object();
  o.set("stride", val(static_cast<int>(kRowStride)));
  o.set("fields", fields);
  o.set("histogram", val(static_cast<int>(kRowFieldCount)));
  o.set("bins", val(static_cast<int>(kRatioBins)));
  return o;
}

val rowsToJs(const std::vector<EngagementRow>& rows) {
  std::vector<double> nums;
  nums.reserve(rows.size() * kRowStride);
  std::vector<std::string> keys;
  for (const auto& r : rows) {
    packRow(r, nums);
    keys.push_back(r.key);
  }
  val o = val::object();
  o.set("nums", copyOut(nums));
  o.set("keys", val(joinNames(keys)));
  o.set("count", val(static_cast<int>(rows.size())));
  o.set("stride", val(static_cast<int>(kRowStride)));
  return o;
}

val labelsToJs(const std::vector<Label>& labels, const char* field) {
  val a = val::array();
  for (const Label& l : labels) {
    val o = val::object();
    o.set(field, val(l.name));
    o.set("share", val(l.share));
    o.set("lift", val(l.lift));
    o.set("people", val(l.people));
    a.call<void>("push", o);
  }
  return a;
}

val groupToJs(const GroupSummary& g, const IdMap& users) {
  val o = val::object();
  o.set("id", g.other ? val::null() : val(g.id));
  o.set("other", val(g.other));
  if (g.other) o.set("mergedGroups", val(g.mergedGroups));
  o.set("size", val(g.size));
  o.set("tags", labelsToJs(g.tags, "tag"));
  o.set("creators", labelsToJs(g.creators, "creator"));
  o.set("videos", labelsToJs(g.videos, "video"));
  if (!g.members.empty()) {
    std::vector<std::string> names;
    for (int32_t m : g.members) names.push_back(users.name(m));
    o.set("members", val(joinNames(names)));
  }
  return o;
}

val segmentListToJs(const std::vector<Segment>& list, const IdMap& users) {
  val a = val::array();
  std::vector<EngagementRow> rows;
  for (const Segment& s : list) {
    a.call<void>("push", groupToJs(s.group, users));
    rows.push_back(s.engagement);
  }
  val o = val::object();
  o.set("groups", a);
  o.set("engagement", rowsToJs(rows));
  return o;
}

// options: { by, minGroupSize, skipBelow, sessionGap } (checked and defaulted in analytics.js).
val jsEngagement(const JsInteractions& log, const JsCatalog* cat, const val& options) {
  EngagementOptions o;
  if (!parseGroupBy(stringField(options, "by"), &o.by))
    return statusToJs(argError("by must be 'video', 'creator' or 'day'"));
  o.minGroupSize = static_cast<int>(numberField(options, "minGroupSize", o.minGroupSize));
  o.skipBelow = numberField(options, "skipBelow", o.skipBelow);
  o.sessionGapSeconds = numberField(options, "sessionGap", o.sessionGapSeconds);
  EngagementTable t;
  Status s = reelrank::analytics::engagement(log.log, cat ? &cat->catalog : nullptr, o, &t);
  if (!s.isOk()) return statusToJs(s);
  val out = val::object();
  out.set("rows", rowsToJs(t.rows));
  out.set("overall", t.overallShown ? rowsToJs({t.overall}) : val::null());
  out.set("privacy", privacyToJs(t.privacy));
  out.set("events", val(static_cast<double>(t.events)));
  out.set("unattributedEvents", val(static_cast<double>(t.unattributedEvents)));
  return out;
}

// options: { k, kMax, seed, minGroupSize, features, dims, graphNeighbors, top, members }.
val jsSegments(const JsInteractions& log, const JsCatalog* cat, const JsModel* model, const val& policy,
               const val& options) {
  SegmentOptions o;
  o.k = static_cast<int>(numberField(options, "k", o.k));
  o.kMax = static_cast<int>(numberField(options, "kMax", o.kMax));
  o.seed = static_cast<uint64_t>(numberField(options, "seed", static_cast<double>(o.seed)));
  o.minGroupSize = static_cast<int>(numberField(options, "minGroupSize", o.minGroupSize));
  if (!parseFeatures(stringField(options, "features"), &o.features))
    return statusToJs(argError("features must be 'auto', 'tags' or 'items'"));
  o.dims = static_cast<int>(numberField(options, "dims", o.dims));
  o.graphNeighbors = static_cast<int>(numberField(options, "graphNeighbors", o.graphNeighbors));
  o.describe.top = static_cast<int>(numberField(options, "top", o.describe.top));
  o.describe.members = boolField(options, "members", o.describe.members);
  // A model lends its catalogue and weighting when none is given.
  const Catalog* catalog = cat ? &cat->catalog : (model ? &model->model.side().catalog : nullptr);
  const WeightPolicy p = model && policy.isNull() ? model->model.side().policy : policyFrom(policy);
  SegmentsResult r;
  Status s = reelrank::analytics::segments(log.log, catalog, p, o, &r);
  if (!s.isOk()) return statusToJs(s);
  val out = val::object();
  out.set("people", val(r.people));
  out.set("k", val(r.k));
  out.set("features", val(std::string(featuresName(r.features))));
  out.set("dims", val(r.dims));
  out.set("silhouette", numberOrNull(r.silhouette));
  val tried = val::array();
  for (const auto& [kk, sil] : r.tried) {
    val t = val::object();
    t.set("k", val(kk));
    t.set("silhouette", numberOrNull(sil));
    tried.call<void>("push", t);
  }
  out.set("tried", tried);
  out.set("inertia", numberOrNull(r.inertia));
  out.set("segments", segmentListToJs(r.segments, log.log.users()));
  out.set("privacy", privacyToJs(r.privacy));
  if (r.hasCommunities) {
    val c = segmentListToJs(r.communities, log.log.users());
    c.set("count", val(r.communityCount));
    c.set("modularity", numberOrNull(r.modularity));
    c.set("privacy", privacyToJs(r.communityPrivacy));
    out.set("communities", c);
  } else {
    out.set("communities", val::null());
  }
  return out;
}

// target: { item } or a new video's { tags, creator, embedding } (tags
// NUL-joined); options: { k, segments, kMax, seed, minGroupSize, includeSeen,
// features, dims, top, members } (checked and defaulted in analytics.js).
val jsAudience(const JsModel& m, const val& target, const val& options) {
  AudienceOptions o;
  o.k = static_cast<int>(numberField(options, "k", o.k));
  o.segments = static_cast<int>(numberField(options, "segments", o.segments));
  o.kMax = static_cast<int>(numberField(options, "kMax", o.kMax));
  o.seed = static_cast<uint64_t>(numberField(options, "seed", static_cast<double>(o.seed)));
  o.minGroupSize = static_cast<int>(numberField(options, "minGroupSize", o.minGroupSize));
  o.includeSeen = boolField(options, "includeSeen", o.includeSeen);
  if (!parseFeatures(stringField(options, "features"), &o.features))
    return statusToJs(argError("features must be 'auto', 'tags' or 'items'"));
  o.dims = static_cast<int>(numberField(options, "dims", o.dims));
  o.describe.top = static_cast<int>(numberField(options, "top", o.describe.top));
  o.describe.members = boolField(options, "members", o.describe.members);
  const bool isNew = !hasField(target, "item");
  AudienceResult r;
  Status s;
  if (isNew) {
    ItemFeatures f;
    const std::string tags = stringField(target, "tags");  // splitIds views it
    for (auto t : splitIds(tags)) f.tags.emplace_back(t);
    f.creator = stringField(target, "creator");
    f.embedding = copyIn<float>(target["embedding"]);
    s = audienceForFeatures(m.model, f, o, &r);
  } else {
    s = audienceForItem(m.model, stringField(target, "item"), o, &r);
  }
  if (!s.isOk()) return statusToJs(s);
  const IdMap& users = m.model.side().users;
  std::vector<std::string> names;
  std::vector<double> scores;
  for (const PersonScore& p : r.people) {
    names.push_back(users.name(p.person));
    scores.push_back(p.score);
  }
  val out = val::object();
  out.set("basis", val(r.basis));
  out.set("ids", val(joinNames(names)));
  out.set("scores", copyOut(scores));
  out.set("count", val(static_cast<int>(names.size())));
  out.set("candidates", val(r.candidates));
  out.set("reached", val(r.reached));
  if (r.hasSegments) {
    val segs = val::array();
    for (const SegmentAffinity& sa : r.segments) {
      val g = groupToJs(sa.group, users);
      g.set("meanAffinity", numberOrNull(sa.meanAffinity));
      g.set("topShare", val(sa.topShare));
      g.set("reached", val(sa.reached));
      segs.call<void>("push", g);
    }
    out.set("segments", segs);
    out.set("segmentK", val(r.segmentK));
    out.set("silhouette", numberOrNull(r.silhouette));
  } else {
    out.set("segments", val::null());
  }
  out.set("privacy", privacyToJs(r.privacy));
  return out;
}

val jsLookalike(const JsModel& m, const std::string& users, int k) {
  std::vector<std::string> seeds;
  for (auto u : splitIds(users)) seeds.emplace_back(u);
  std::vector<PersonScore> people;
  Status s = reelrank::analytics::lookalike(m.model, seeds, k, &people);
  if (!s.isOk()) return statusToJs(s);
  std::vector<std::string> names;
  std::vector<double> scores;
  for (const PersonScore& p : people) {
    names.push_back(m.model.side().users.name(p.person));
    scores.push_back(p.score);
  }
  val out = val::object();
  out.set("ids", val(joinNames(names)));
  out.set("scores", copyOut(scores));
  out.set("count", val(static_cast<int>(names.size())));
  return out;
}

}  // namespace
}  // namespace reelrank::bindings

EMSCRIPTEN_BINDINGS(reelrank_analytics) {
  using namespace emscripten;
  using namespace reelrank::bindings;
  function("_analyticsEngagement", RR_GUARDED(&jsEngagement), allow_raw_pointers());
  function("_analyticsSegments", RR_GUARDED(&jsSegments), allow_raw_pointers());
  function("_analyticsAudience", RR_GUARDED(&jsAudience));
  function("_analyticsLookalike", RR_GUARDED(&jsLookalike));
  function("_analyticsRowLayout", RR_GUARDED(&rowLayout));
}
