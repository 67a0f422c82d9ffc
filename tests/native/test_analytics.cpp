// Analytics: engagement figures by hand, k-means and Louvain on planted
// structure, the privacy guard over random logs, who-to-reach, bad input.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>
#include <tuple>

#include "analytics/audience.hpp"
#include "analytics/community.hpp"
#include "analytics/engagement.hpp"
#include "analytics/rng.hpp"
#include "analytics/segments.hpp"
#include "test_helpers.hpp"

using namespace reelrank;
using namespace reelrank::analytics;
using reelrank::testing::batch;
using reelrank::testing::E;

namespace {

Catalog tinyCatalog() {
  Catalog c;
  std::vector<VideoInput> v(2);
  v[0].id = "a";
  v[0].creator = "alice";
  v[0].duration = 10;
  v[1].id = "b";
  v[1].creator = "bob";
  v[1].duration = 20;
  REQUIRE(c.addMany(v).isOk());
  return c;
}

// Video a: u1 watches half, likes, comes back an hour later for a full watch;
// u2 watches it fully and shares; u3 skips it. Video b: u1 glances at 5%
// (a quick skip), u2 watches 1.5 times and follows.
Interactions tinyLog() {
  Interactions log;
  std::vector<E> ev = {
      {"u1", "a", EventType::View, 5, 0, 0},     {"u1", "a", EventType::Like, 0, 0, 1},
      {"u1", "a", EventType::View, 10, 0, 4000}, {"u2", "a", EventType::View, 10, 0, 50},
      {"u2", "a", EventType::Share, 0, 0, 51},   {"u3", "a", EventType::Skip, 0, 0, 100},
      {"u1", "b", EventType::View, 1, 0, 200},   {"u2", "b", EventType::View, 30, 20, 300},
      {"u2", "b", EventType::Follow, 0, 0, 301},
  };
  REQUIRE(log.addBatch(batch(ev)).isOk());
  return log;
}

const EngagementRow* row(const EngagementTable& t, const std::string& key) {
  for (const auto& r : t.rows)
    if (r.key == key) return &r;
  return nullptr;
}

// A planted audience: `groups` tastes, `per` people each; person p of taste
// g watches most of taste g's videos (tag "topic<g>", creator "maker<g>")
// and glances at one video of another taste.
struct Planted {
  Catalog catalog;
  Interactions log;
  std::vector<int32_t> truth;  // taste per log user index
};

Planted planted(int groups, int per, int videosPer, uint64_t seed, const std::string& skipVideo = "",
                int skipKeep = 0) {
  Planted p;
  std::vector<VideoInput> vids;
  for (int g = 0; g < groups; ++g)
    for (int v = 0; v < videosPer; ++v) {
      VideoInput in;
      in.id = "g" + std::to_string(g) + "v" + std::to_string(v);
      in.tags = {"topic" + std::to_string(g), "sub" + std::to_string(g) + "_" + std::to_string(v % 3)};
      in.creator = "maker" + std::to_string(g);
      in.duration = 30;
      vids.push_back(in);
    }
  REQUIRE(p.catalog.addMany(vids).isOk());
  Rng rng(seed);
  std::vector<E> ev;
  double t = 1'700'000'000;
  for (int g = 0; g < groups; ++g)
    for (int i = 0; i < per; ++i) {
      const std::string user = "p" + std::to_string(g) + "_" + std::to_string(i);
      for (int v = 0; v < videosPer; ++v) {
        const std::string item = "g" + std::to_string(g) + "v" + std::to_string(v);
        if (item == skipVideo && i >= skipKeep) continue;  // only the first skipKeep people saw it
        if (rng.uniform() < 0.3) continue;
        ev.push_back({user, item, EventType::View, 20 + 10 * rng.uniform(), 30, t += 60});
        if (rng.uniform() < 0.5) ev.push_back({user, item, EventType::Like, 0, 30, t += 1});
      }
      const int other = (g + 1 + static_cast<int>(rng.below(static_cast<uint64_t>(groups - 1)))) % groups;
      ev.push_back({user, "g" + std::to_string(other) + "v0", EventType::View, 2, 30, t += 60});
    }
  REQUIRE(p.log.addBatch(batch(ev)).isOk());
  for (std::size_t u = 0; u < p.log.users().size(); ++u)
    p.truth.push_back(p.log.users().name(static_cast<int32_t>(u))[1] - '0');
  return p;
}

TrainConfig noDecay(const std::string& algorithm = "itemknn") {
  TrainConfig c;
  c.algorithm = algorithm;
  c.policy.halfLifeDays = 0;
  return c;
}

}  // namespace

TEST_CASE("engagement by video matches hand-computed figures", "[analytics]") {
  Catalog cat = tinyCatalog();
  Interactions log = tinyLog();
  EngagementOptions o;
  o.minGroupSize = 2;
  EngagementTable t;
  REQUIRE(engagement(log, &cat, o, &t).isOk());
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].key == "a");  // more views first
  const EngagementRow& a = *row(t, "a");
  CHECK(a.people == 3);
  CHECK(a.views == 3);
  CHECK(a.impressions == 4);
  CHECK(a.uniqueViewers == 2);
  CHECK(a.skips == 1);
  CHECK(a.watchSeconds == Approx(25));
  CHECK(a.measuredViews == 3);
  CHECK(a.meanWatchRatio == Approx((0.5 + 1.0 + 1.0) / 3));
  CHECK(a.p25 == Approx(0.75));
  CHECK(a.median == Approx(1.0));
  CHECK(a.p75 == Approx(1.0));
  CHECK(a.ratioHistogram[5] == 1);
  CHECK(a.ratioHistogram[10] == 2);
  // Action rates are shares of a's 3 exposures (its people); the skip rate
  // is of its 4 impressions.
  CHECK(a.exposures == 3);
  CHECK(a.likers == 1);
  CHECK(a.sharers == 1);
  CHECK(a.likeRate == Approx(1.0 / 3));
  CHECK(a.shareRate == Approx(1.0 / 3));
  CHECK(a.skipRate == Approx(0.25));
  CHECK(a.followRate == Approx(0.0));
  CHECK(a.returningViewerRate == Approx(0.5));  // u1 came back after 4000 s > 30 min
  const EngagementRow& b = *row(t, "b");
  CHECK(b.people == 2);
  CHECK(b.views == 2);
  CHECK(b.meanWatchRatio == Approx((0.05 + 1.5) / 2));
  CHECK(b.skips == 1);  // the 5% glance
  CHECK(b.skipRate == Approx(0.5));
  CHECK(b.followRate == Approx(0.5));  // u2 of 2 people
  CHECK(b.returningViewerRate == Approx(0.0));
  CHECK(t.overallShown);
  CHECK(t.overall.people == 3);
  CHECK(t.overall.views == 5);
  CHECK(t.overall.impressions == 6);
  // Overall, rates divide by the 5 (person, video) exposures: u1 a, u1 b,
  // u2 a, u2 b, u3 a; one of them liked, one shared, one followed.
  CHECK(t.overall.exposures == 5);
  CHECK(t.overall.likeRate == Approx(1.0 / 5));
  CHECK(t.overall.shareRate == Approx(1.0 / 5));
  CHECK(t.overall.followRate == Approx(1.0 / 5));
  CHECK(t.overall.skipRate == Approx(2.0 / 6));
  CHECK(t.privacy.mergedGroups == 0);

  SECTION("by creator follows the catalogue") {
    o.by = GroupBy::Creator;
    REQUIRE(engagement(log, &cat, o, &t).isOk());
    REQUIRE(t.rows.size() == 2);
    CHECK(row(t, "alice")->views == 3);
    CHECK(row(t, "bob")->followRate == Approx(0.5));
    CHECK(t.unattributedEvents == 0);
  }
  SECTION("a larger minimum merges, then hides what is still too small") {
    o.minGroupSize = 3;
    REQUIRE(engagement(log, &cat, o, &t).isOk());
    REQUIRE(t.rows.size() == 1);  // b (2 people) alone is too small even as "other"
    CHECK(t.rows[0].key == "a");
    CHECK(t.privacy.mergedGroups == 1);
    CHECK(t.privacy.hiddenGroups == 1);
    CHECK(t.privacy.hiddenPeople == 2);
    CHECK_FALSE(t.privacy.otherShown);
    // Figures drawn from fewer than 3 people are withheld: only u1 and u2 viewed a.
    CHECK(std::isnan(t.rows[0].meanWatchRatio));
    CHECK(std::isnan(t.rows[0].returningViewerRate));
    CHECK(t.rows[0].likeRate == Approx(1.0 / 3));  // drawn from a's 3 people
    CHECK(t.rows[0].skipRate == Approx(0.25));     // 3 people had an impression
  }
}

// The case of issue 11: 10 people viewed video v and 11 liked it, 7 of them
// without a recorded view (a like from the feed's overlay, an export that
// dropped the view). Per impression that was 11 likes / 10 views = 1.1.
// Per exposure: 17 people were shown v (10 viewers + 7 who only liked; a
// like implies the video was shown), 11 liked: 11/17. Also 2 of the viewers shared, 1 viewer shared twice (one sharer),
// and 3 viewers skipped after 1 s of 10 (skipBelow 0.2): skips 3 of 10
// impressions.
TEST_CASE("engagement rates are shares of people: 10 views and 11 likes give 11/17, not 1.1", "[analytics]") {
  Interactions log;
  std::vector<E> ev;
  double t = 1'700'000'000;
  for (int p = 0; p < 10; ++p)
    ev.push_back({"viewer" + std::to_string(p), "v", EventType::View, p < 3 ? 1.0 : 8.0, 10, t += 10});
  for (int p = 0; p < 4; ++p) ev.push_back({"viewer" + std::to_string(p), "v", EventType::Like, 0, 0, t += 10});
  for (int p = 0; p < 7; ++p) ev.push_back({"liker" + std::to_string(p), "v", EventType::Like, 0, 0, t += 10});
  ev.push_back({"viewer5", "v", EventType::Share, 0, 0, t += 10});
  ev.push_back({"viewer6", "v", EventType::Share, 0, 0, t += 10});
  ev.push_back({"viewer6", "v", EventType::Share, 0, 0, t += 10});
  REQUIRE(log.addBatch(batch(ev)).isOk());
  EngagementOptions o;  // default minimum of 5 people
  EngagementTable table;
  REQUIRE(engagement(log, nullptr, o, &table).isOk());
  REQUIRE(table.rows.size() == 1);
  const EngagementRow& r = table.rows[0];
  CHECK(r.key == "v");
  CHECK(r.people == 17);
  CHECK(r.exposures == 17);
  CHECK(r.views == 10);
  CHECK(r.uniqueViewers == 10);
  CHECK(r.impressions == 10);
  CHECK(r.likes == 11);
  CHECK(r.likers == 11);
  CHECK(r.shares == 3);
  CHECK(r.sharers == 2);
  CHECK(r.skips == 3);
  CHECK(r.likeRate == Approx(11.0 / 17));
  CHECK(r.shareRate == Approx(2.0 / 17));
  CHECK(r.skipRate == Approx(3.0 / 10));
  CHECK(r.commentRate == Approx(0.0));
  CHECK(table.overall.likeRate == Approx(11.0 / 17));
  // A person who likes twice is one liker.
  REQUIRE(log.addBatch(batch({{"liker0", "v", EventType::Like, 0, 0, t += 10}})).isOk());
  REQUIRE(engagement(log, nullptr, o, &table).isOk());
  CHECK(table.rows[0].likes == 12);
  CHECK(table.rows[0].likeRate == Approx(11.0 / 17));
}

TEST_CASE("engagement by day: UTC dates and viewers returning from an earlier day", "[analytics]") {
  Interactions log;
  const double day = 86400, t0 = 1'650'000'000;  // 2022-04-15 05:20 UTC
  std::vector<E> ev;
  for (int p = 0; p < 3; ++p) ev.push_back({"p" + std::to_string(p), "v", EventType::View, 5, 10, t0 + p});
  for (int p = 1; p < 5; ++p) ev.push_back({"p" + std::to_string(p), "w", EventType::View, 5, 10, t0 + day + p});
  REQUIRE(log.addBatch(batch(ev)).isOk());
  EngagementOptions o;
  o.by = GroupBy::Day;
  o.minGroupSize = 2;
  EngagementTable t;
  REQUIRE(engagement(log, nullptr, o, &t).isOk());
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].key == "2022-04-15");
  CHECK(t.rows[1].key == "2022-04-16");
  CHECK(t.rows[0].returningViewerRate == Approx(0.0));
  CHECK(t.rows[1].returningViewerRate == Approx(2.0 / 4));  // p1 and p2 were there the day before
  CHECK(civilDate(0) == "1970-01-01");
  CHECK(civilDate(11016) == "2000-02-29");
  CHECK(civilDate(-1) == "1969-12-31");
}

TEST_CASE("k-means++ recovers well-separated clusters and is deterministic under a seed", "[analytics]") {
  Rng rng(7);
  const int k = 4, per = 50, dims = 8;
  Matrix centres(k, dims), X(k * per, dims);
  for (int c = 0; c < k; ++c)
    for (int d = 0; d < dims; ++d) centres(c, d) = static_cast<float>(4 * rng.gaussian());
  std::vector<int32_t> truth;
  for (int i = 0; i < k * per; ++i) {
    const int c = i % k;  // interleaved, so order gives nothing away
    truth.push_back(c);
    for (int d = 0; d < dims; ++d) X(i, d) = centres(c, d) + static_cast<float>(0.3 * rng.gaussian());
  }
  KMeansOptions o;
  o.k = k;
  o.seed = 42;
  KMeansResult a, b, c;
  REQUIRE(kmeans(X, o, &a).isOk());
  REQUIRE(kmeans(X, o, &b).isOk());
  CHECK(adjustedRandIndex(a.labels, truth) >= 0.95);
  CHECK(a.labels == b.labels);
  CHECK(a.inertia == b.inertia);
  o.seed = 43;
  REQUIRE(kmeans(X, o, &c).isOk());
  CHECK(adjustedRandIndex(c.labels, truth) >= 0.95);

  Clustering chosen;
  REQUIRE(cluster(X, 0, 8, 42, &chosen).isOk());
  CHECK(chosen.k == k);
  CHECK(chosen.silhouette > 0.5);
  CHECK(chosen.tried.size() == 7);
  CHECK(adjustedRandIndex(chosen.result.labels, truth) >= 0.95);

  SECTION("adjusted Rand index: 1 for the same partition under other names, near 0 for noise") {
    std::vector<int32_t> renamed;
    for (int32_t t : truth) renamed.push_back(3 - t);
    CHECK(adjustedRandIndex(truth, renamed) == Approx(1.0));
    std::vector<int32_t> noise;
    for (std::size_t i = 0; i < truth.size(); ++i) noise.push_back(static_cast<int32_t>(rng.below(4)));
    CHECK(std::fabs(adjustedRandIndex(truth, noise)) < 0.1);
  }
}

TEST_CASE("Louvain finds planted communities", "[analytics]") {
  Rng rng(3);
  const int groups = 4, per = 25, n = groups * per;
  std::vector<std::tuple<int32_t, int32_t, double>> edges;
  std::vector<int32_t> truth;
  for (int i = 0; i < n; ++i) truth.push_back(i % groups);
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j)
      if (rng.uniform() < (truth[static_cast<std::size_t>(i)] == truth[static_cast<std::size_t>(j)] ? 0.4 : 0.01))
        edges.emplace_back(i, j, 1.0);
  const Graph g = graphFromEdges(n, edges);
  const Communities c = louvain(g);
  CHECK(c.count == groups);
  CHECK(adjustedRandIndex(c.labels, truth) >= 0.95);
  CHECK(c.modularity == Approx(modularity(g, truth)).margin(0.05));
  CHECK(c.modularity > 0.5);
  CHECK(louvain(g).labels == c.labels);  // deterministic
}

TEST_CASE("segments and communities recover planted tastes, described by their tags", "[analytics]") {
  Planted p = planted(3, 20, 15, 5);
  SegmentOptions o;
  o.seed = 9;
  SegmentsResult r;
  REQUIRE(segments(p.log, &p.catalog, WeightPolicy{}, o, &r).isOk());
  CHECK(r.people == 60);
  CHECK(r.k == 3);
  CHECK(r.features == Features::Tags);
  REQUIRE(r.segments.size() == 3);
  std::set<std::string> topTags;
  for (const Segment& s : r.segments) {
    CHECK(s.group.size == 20);
    REQUIRE_FALSE(s.group.tags.empty());
    topTags.insert(s.group.tags[0].name.substr(0, 5) == "topic" ? s.group.tags[0].name
                                                                : s.group.tags[0].name.substr(0, 4));
    REQUIRE_FALSE(s.group.creators.empty());
    CHECK(s.group.creators[0].lift > 2.5);
    CHECK(s.engagement.people == 20);
    CHECK(s.engagement.views > 0);
  }
  CHECK(topTags.size() == 3);  // each segment is described by a different taste
  REQUIRE(r.hasCommunities);
  CHECK(r.communityCount == 3);
  CHECK(r.modularity > 0.4);

  SECTION("the items view finds the same tastes without tags") {
    o.features = Features::Items;
    SegmentsResult ri;
    o.describe.members = true;
    REQUIRE(segments(p.log, nullptr, WeightPolicy{}, o, &ri).isOk());
    CHECK(ri.features == Features::Items);
    CHECK(ri.k == 3);
    std::vector<int32_t> labels(p.truth.size(), -1);
    for (const Segment& s : ri.segments)
      for (int32_t m : s.group.members) labels[static_cast<std::size_t>(m)] = s.group.id;
    CHECK(adjustedRandIndex(labels, p.truth) >= 0.95);
    CHECK(ri.segments[0].group.tags.empty());  // no catalogue, no tags: described by videos
    CHECK_FALSE(ri.segments[0].group.videos.empty());
  }
  SECTION("the same seed gives the same segments") {
    SegmentsResult again;
    REQUIRE(segments(p.log, &p.catalog, WeightPolicy{}, o, &again).isOk());
    REQUIRE(again.segments.size() == r.segments.size());
    for (std::size_t i = 0; i < r.segments.size(); ++i) {
      CHECK(again.segments[i].group.size == r.segments[i].group.size);
      CHECK(again.segments[i].group.tags[0].name == r.segments[i].group.tags[0].name);
    }
    CHECK(again.inertia == r.inertia);
  }
}

TEST_CASE("privacy guard never emits a group under the minimum (random logs)", "[analytics]") {
  Rng rng(2024);
  const EventType types[] = {EventType::View,   EventType::Like,    EventType::Skip,   EventType::Share,
                             EventType::Follow, EventType::Comment, EventType::Dislike};
  for (int trial = 0; trial < 150; ++trial) {
    const int people = 1 + static_cast<int>(rng.below(30)), videos = 1 + static_cast<int>(rng.below(12));
    const int events = 1 + static_cast<int>(rng.below(200));
    const int minSize = 2 + static_cast<int>(rng.below(7));
    Catalog cat;
    std::vector<VideoInput> vids(static_cast<std::size_t>(videos));
    for (int v = 0; v < videos; ++v) {
      vids[static_cast<std::size_t>(v)].id = "v" + std::to_string(v);
      vids[static_cast<std::size_t>(v)].creator = "c" + std::to_string(v % 4);
      vids[static_cast<std::size_t>(v)].tags = {"t" + std::to_string(v % 5)};
      vids[static_cast<std::size_t>(v)].duration = 10;
    }
    REQUIRE(cat.addMany(vids).isOk());
    std::vector<E> ev;
    for (int e = 0; e < events; ++e)
      ev.push_back({"u" + std::to_string(rng.below(static_cast<uint64_t>(people))),
                    "v" + std::to_string(rng.below(static_cast<uint64_t>(videos))), types[rng.below(7)],
                    12 * rng.uniform(), 0, 1e9 + 86400 * 5 * rng.uniform()});
    Interactions log;
    REQUIRE(log.addBatch(batch(ev)).isOk());
    for (GroupBy by : {GroupBy::Video, GroupBy::Creator, GroupBy::Day}) {
      EngagementOptions o;
      o.by = by;
      o.minGroupSize = minSize;
      EngagementTable t;
      REQUIRE(engagement(log, &cat, o, &t).isOk());
      for (const auto& r : t.rows) CHECK(r.people >= static_cast<uint32_t>(minSize));
      // Every rate is a share: in [0, 1] or withheld (NaN), however the
      // random events fall (likes without views included).
      std::vector<const EngagementRow*> shown;
      for (const auto& r : t.rows) shown.push_back(&r);
      if (t.overallShown) shown.push_back(&t.overall);
      for (const EngagementRow* r : shown)
        for (double rate : {r->likeRate, r->dislikeRate, r->commentRate, r->shareRate, r->followRate, r->skipRate,
                            r->returningViewerRate})
          CHECK((std::isnan(rate) || (rate >= 0 && rate <= 1)));
      CHECK(t.overallShown == (log.users().size() >= static_cast<std::size_t>(minSize)));
    }
    SegmentOptions so;
    so.minGroupSize = minSize;
    so.seed = trial;
    so.k = static_cast<int>(1 + rng.below(std::min<uint64_t>(6, log.users().size())));
    SegmentsResult r;
    REQUIRE(segments(log, &cat, WeightPolicy{}, so, &r).isOk());
    auto checkGroups = [&](const std::vector<Segment>& groups) {
      for (const Segment& s : groups) {
        CHECK(s.group.size >= static_cast<uint32_t>(minSize));
        for (const auto* labels : {&s.group.tags, &s.group.creators, &s.group.videos})
          for (const Label& l : *labels) CHECK(l.people >= static_cast<uint32_t>(minSize));
      }
    };
    checkGroups(r.segments);
    checkGroups(r.communities);
  }
}

TEST_CASE("audienceFor ranks the people of a video's taste first; lookalike finds the seed's kind", "[analytics]") {
  // Only 5 of taste 0 saw g0v3: the other 15 of taste 0 should lead its audience.
  Planted p = planted(3, 20, 15, 11, "g0v3", 5);
  Model model;
  REQUIRE(Model::train(p.log, &p.catalog, noDecay(), {}, &model).isOk());
  const IdMap& users = model.side().users;
  auto taste = [&](int32_t u) { return users.name(u)[1] - '0'; };
  AudienceOptions o;
  o.k = 10;
  o.seed = 4;
  AudienceResult r;
  REQUIRE(audienceForItem(model, "g0v3", o, &r).isOk());
  CHECK(r.basis == "model");
  REQUIRE(r.people.size() == 10);
  for (const PersonScore& s : r.people) CHECK(taste(s.person) == 0);
  CHECK(r.reached >= 3);
  CHECK(r.candidates == 60 - r.reached);
  REQUIRE(r.hasSegments);
  REQUIRE_FALSE(r.segments.empty());
  CHECK(r.segments[0].topShare == Approx(1.0));
  CHECK(r.segments[0].group.tags[0].name == "topic0");

  ItemFeatures f;
  f.tags = {"topic2", "not-a-known-tag"};
  REQUIRE(audienceForFeatures(model, f, o, &r).isOk());
  CHECK(r.basis == "content");
  for (const PersonScore& s : r.people) CHECK(taste(s.person) == 2);
  f.tags.clear();
  f.creator = "maker1";
  REQUIRE(audienceForFeatures(model, f, o, &r).isOk());
  for (const PersonScore& s : r.people) CHECK(taste(s.person) == 1);

  std::vector<PersonScore> look;
  REQUIRE(lookalike(model, {"p1_0", "p1_1", "p1_2"}, 10, &look).isOk());
  REQUIRE(look.size() == 10);
  for (const PersonScore& s : look) {
    CHECK(taste(s.person) == 1);
    CHECK(users.name(s.person) != "p1_0");
  }
}

TEST_CASE("analytics bad input is refused with a code", "[analytics]") {
  Catalog cat = tinyCatalog();
  Interactions log = tinyLog(), empty;
  EngagementOptions eo;
  EngagementTable t;
  CHECK(engagement(empty, &cat, eo, &t).code() == ErrorCode::Empty);
  eo.minGroupSize = 1;
  CHECK(engagement(log, &cat, eo, &t).code() == ErrorCode::Arg);
  eo.minGroupSize = 5;
  eo.by = GroupBy::Creator;
  CHECK(engagement(log, nullptr, eo, &t).code() == ErrorCode::Arg);
  eo.by = GroupBy::Video;
  eo.skipBelow = 2;
  CHECK(engagement(log, &cat, eo, &t).code() == ErrorCode::Arg);

  SegmentOptions so;
  SegmentsResult r;
  CHECK(segments(empty, &cat, WeightPolicy{}, so, &r).code() == ErrorCode::Empty);
  so.k = -1;
  CHECK(segments(log, &cat, WeightPolicy{}, so, &r).code() == ErrorCode::Arg);
  so.k = 4;  // three people
  CHECK(segments(log, &cat, WeightPolicy{}, so, &r).code() == ErrorCode::Arg);
  so.k = 2;
  so.features = Features::Tags;  // the catalogue has no tags
  CHECK(segments(log, &cat, WeightPolicy{}, so, &r).code() == ErrorCode::Arg);

  Matrix X = Matrix::Zero(3, 2);
  KMeansOptions ko;
  KMeansResult kr;
  ko.k = 0;
  CHECK(kmeans(X, ko, &kr).code() == ErrorCode::Arg);
  ko.k = 4;
  CHECK(kmeans(X, ko, &kr).code() == ErrorCode::Arg);
  ko.k = 3;
  CHECK(kmeans(X, ko, &kr).isOk());  // identical points: still a valid (if dull) answer

  Model model;
  REQUIRE(Model::train(log, &cat, noDecay(), {}, &model).isOk());
  AudienceOptions ao;
  ao.k = 2;
  AudienceResult ar;
  CHECK(audienceForItem(model, "nope", ao, &ar).code() == ErrorCode::UnknownId);
  ao.k = 0;
  CHECK(audienceForItem(model, "a", ao, &ar).code() == ErrorCode::Arg);
  ao.k = 4;
  CHECK(audienceForItem(model, "a", ao, &ar).code() == ErrorCode::Arg);
  ao.k = 2;
  CHECK(audienceForFeatures(model, ItemFeatures{{"unknown"}, "", {}}, ao, &ar).code() == ErrorCode::Arg);
  std::vector<PersonScore> look;
  CHECK(lookalike(model, {}, 2, &look).code() == ErrorCode::Arg);
  CHECK(lookalike(model, {"ghost"}, 2, &look).code() == ErrorCode::UnknownId);
  std::vector<uint8_t> bytes;
  REQUIRE(model.save(false, &bytes).isOk());
  Model stripped;
  REQUIRE(Model::load(bytes.data(), bytes.size(), &stripped).isOk());
  CHECK(audienceForItem(stripped, "a", ao, &ar).code() == ErrorCode::State);
  CHECK(lookalike(stripped, {"u1"}, 2, &look).code() == ErrorCode::State);
}
