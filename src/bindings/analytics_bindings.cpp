// embind glue for the creator analytics (src/core/analytics), in its own
// EMSCRIPTEN_BINDINGS block. Same conventions as bindings.cpp: raw `_` names,
// a value or { rrError, message }; the friendly API is src/js/analytics.js.
//
// The analytics read the log, catalogue and model that JS already holds, so
// they use the embind classes of bindings.cpp, declared in js_objects.hpp.
#include <emscripten/bind.h>

#include <cmath>
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

// Engagement rows cross as one Float64Array (kRowStride numbers each, NaN
// for withheld figures) and one NUL-joined string of keys: a table of
// thousands of videos is two copies, not thousands of objects.
constexpr std::size_t kRowStride = 32 + kRatioBins;
void packRow(const EngagementRow& r, std::vector<double>& out) {
  const double head[] = {r.other ? 1.0 : 0.0, static_cast<double>(r.mergedGroups), static_cast<double>(r.people),
                         static_cast<double>(r.uniqueViewers), static_cast<double>(r.impressions),
                         static_cast<double>(r.views), static_cast<double>(r.skips), static_cast<double>(r.likes),
                         static_cast<double>(r.dislikes), static_cast<double>(r.comments), static_cast<double>(r.shares),
                         static_cast<double>(r.follows), r.watchSeconds, static_cast<double>(r.measuredViews),
                         r.meanWatchRatio, r.p25, r.median, r.p75, r.likeRate, r.dislikeRate, r.commentRate,
                         r.shareRate, r.followRate, r.skipRate, r.returningViewerRate};
  out.insert(out.end(), std::begin(head), std::end(head));
  for (uint32_t h : r.ratioHistogram) out.push_back(h);
  const uint64_t actions[] = {r.likers, r.dislikers, r.commenters, r.sharers, r.followers, r.exposures};
  for (uint64_t x : actions) out.push_back(static_cast<double>(x));
  out.push_back(0);  // reserved
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

val jsEngagement(const JsInteractions& log, const JsCatalog* cat, const std::string& by, int minGroupSize,
               double skipBelow, double sessionGapSeconds) {
  EngagementOptions o;
  if (!parseGroupBy(by, &o.by)) return statusToJs(argError("by must be 'video', 'creator' or 'day'"));
  o.minGroupSize = minGroupSize;
  o.skipBelow = skipBelow;
  o.sessionGapSeconds = sessionGapSeconds;
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

val jsSegments(const JsInteractions& log, const JsCatalog* cat, const JsModel* model, const val& policy, int k,
             int kMax, double seed, int minGroupSize, const std::string& features, int dims, int graphNeighbors,
             int top, bool members) {
  SegmentOptions o;
  o.k = k;
  o.kMax = kMax;
  o.seed = static_cast<uint64_t>(seed);
  o.minGroupSize = minGroupSize;
  if (!parseFeatures(features, &o.features)) return statusToJs(argError("features must be 'auto', 'tags' or 'items'"));
  o.dims = dims;
  o.graphNeighbors = graphNeighbors;
  o.describe.top = top;
  o.describe.members = members;
  // A model lends its catalogue and weighting when none is given.
  const Catalog* catalog = cat ? &cat->catalog : (model ? &model->model.side().catalog : nullptr);
  const WeightPolicy p = model && policy.isNull() ? model->model.side().policy : policyFrom(copyIn<double>(policy));
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

val jsAudience(const JsModel& m, const std::string& item, bool isNew, const std::string& tags, const std::string& creator,
             const val& embedding, int k, int segmentK, int kMax, double seed, int minGroupSize, bool includeSeen,
             const std::string& features, int dims, int top, bool members) {
  AudienceOptions o;
  o.k = k;
  o.segments = segmentK;
  o.kMax = kMax;
  o.seed = static_cast<uint64_t>(seed);
  o.minGroupSize = minGroupSize;
  o.includeSeen = includeSeen;
  if (!parseFeatures(features, &o.features)) return statusToJs(argError("features must be 'auto', 'tags' or 'items'"));
  o.dims = dims;
  o.describe.top = top;
  o.describe.members = members;
  AudienceResult r;
  Status s;
  if (isNew) {
    ItemFeatures f;
    for (auto t : splitIds(tags)) f.tags.emplace_back(t);
    f.creator = creator;
    f.embedding = copyIn<float>(embedding);
    s = audienceForFeatures(m.model, f, o, &r);
  } else {
    s = audienceForItem(m.model, item, o, &r);
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
}
