// The feed simulator (src/core/sim) in planted worlds where the right answer
// is known: a hidden gem among the new videos, a person with two interests,
// determinism, the oracle's zero regret, the exposure figures by hand, the
// world fitted to a small log, and bad arguments.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "sim/exposure.hpp"
#include "sim/policy.hpp"
#include "sim/runner.hpp"
#include "sim/world.hpp"
#include "test_helpers.hpp"

using namespace reelrank;
using namespace reelrank::sim;
using reelrank::testing::batch;
using reelrank::testing::E;

namespace {

struct PlantedVideo {
  std::vector<float> factors;
  std::string tag;  // empty = none
  bool isNew = false;
  int32_t arrival = 0;
};

// A world made by hand: person i is "p<i>", video j is "v<j>" (30 s, creator
// "c<j / 5>"); m = logistic(scale (affinity - offset)).
World planted(const std::vector<std::vector<float>>& people, const std::vector<PlantedVideo>& videos,
              const std::vector<E>& log, double scale, double offset) {
  World w;
  w.dim = static_cast<int32_t>(people[0].size());
  std::vector<VideoInput> inputs;
  for (std::size_t i = 0; i < people.size(); ++i) {
    w.people.push_back("p" + std::to_string(i));
    w.personFactors.insert(w.personFactors.end(), people[i].begin(), people[i].end());
  }
  for (std::size_t j = 0; j < videos.size(); ++j) {
    w.videoFactors.insert(w.videoFactors.end(), videos[j].factors.begin(), videos[j].factors.end());
    WorldVideo v;
    v.duration = 30;
    v.isNew = videos[j].isNew;
    v.arrival = videos[j].arrival;
    w.videos.push_back(v);
    VideoInput in;
    in.id = "v" + std::to_string(j);
    if (!videos[j].tag.empty()) in.tags = {videos[j].tag};
    in.creator = "c" + std::to_string(j / 5);
    in.duration = 30;
    inputs.push_back(in);
  }
  REQUIRE(w.catalog.addMany(inputs).isOk());
  w.newCreator.assign(w.catalog.creators().size(), 0);
  w.scale = scale;
  w.offset = offset;
  w.trainingLog = batch(log);
  w.startTime = 1000;
  REQUIRE(w.validate().isOk());
  return w;
}

SimConfig smallRun() {
  SimConfig c;
  c.sessions = 2;
  c.pageSize = 4;
  c.maxSessionVideos = 8;
  c.patience = 3;
  c.seed = 7;
  return c;
}

std::vector<Policy> policies(const std::string& text) {
  std::vector<Policy> p;
  REQUIRE(parsePolicies(text, &p).isOk());
  return p;
}

// Six people who all like direction x; 30 catalogue videos of middling
// appeal (m = 0.5), each watched once in the training log; ten new videos
// from the start: one gem (m = 0.9991) and nine duds (m = 0.047).
// With `halfWatched`, every other training view stops at a third of the video,
// so the log's rate of good showings (the new-video step's bar) is 0.5, not 1.
World gemWorld(bool halfWatched = false) {
  std::vector<std::vector<float>> people(6, {1, 0});
  std::vector<PlantedVideo> videos;
  for (int j = 0; j < 30; ++j) videos.push_back({{0.3f, 0}, "", false, 0});
  videos.push_back({{1.0f, 0}, "", true, 0});  // v30: the gem
  for (int j = 0; j < 9; ++j) videos.push_back({{0.0f, 0}, "", true, 0});
  std::vector<E> log;
  for (int j = 0; j < 30; ++j)
    log.push_back({"p" + std::to_string(j % 6), "v" + std::to_string(j), EventType::View,
                   halfWatched && j % 2 ? 10.0 : 30.0, 30, 10.0 * j});
  return planted(people, videos, log, 10, 0.3);
}

constexpr std::size_t kGem = 30;

// Person p0 likes cooking (x) and travel (y) and not news (-x - y); their
// history is two cooking and two travel videos. Video j is cooking when
// j % 3 == 0, travel when 1, news when 2.
World twoInterestWorld() {
  std::vector<PlantedVideo> videos;
  const char* kinds[] = {"cooking", "travel", "news"};
  const std::vector<float> tastes[] = {{1, 0}, {0, 1}, {-1, -1}};
  for (int j = 0; j < 36; ++j) videos.push_back({tastes[j % 3], kinds[j % 3], false, 0});
  std::vector<E> log = {{"p0", "v0", EventType::View, 30, 30, 1},
                        {"p0", "v1", EventType::View, 30, 30, 2},
                        {"p0", "v3", EventType::View, 30, 30, 3},
                        {"p0", "v4", EventType::View, 30, 30, 4}};
  return planted({{1, 1}}, videos, log, 8, 0.5);
}

}  // namespace

TEST_CASE("exposure: Gini and the share reaching the target, by hand", "[sim]") {
  // x = 0 0 1 3, n = 4, sum 4: sum (2i - 5) x_i = 1 * 1 + 3 * 3 = 10 -> 10 / 16.
  CHECK(gini({3, 0, 1, 0}) == Approx(0.625));
  CHECK(gini({2, 2, 2}) == Approx(0.0));
  CHECK(gini({0, 0, 0, 5}) == Approx(0.75));  // (n - 1) / n: one holds everything
  CHECK(gini({0, 0}) == 0.0);
  // Flagged videos 0, 1 and 3 with 20, 19 and 0 impressions: one of three reached 20.
  CHECK(shareReaching({20, 19, 25, 0}, {1, 1, 0, 1}, 20) == Approx(1.0 / 3));
  CHECK(shareReaching({20, 19}, {1, 1}, 19) == Approx(1.0));
  CHECK(std::isnan(shareReaching({5}, {0}, 20)));
  // Flagged 20, 19 and 0 of 64 impressions: mean 39 / 3 = 13, share 39 / 64.
  const FlaggedExposure e = flaggedExposure({20, 19, 25, 0}, {1, 1, 0, 1});
  CHECK(e.meanImpressions == Approx(13.0));
  CHECK(e.impressionShare == Approx(39.0 / 64.0));
  CHECK(std::isnan(flaggedExposure({5}, {0}).meanImpressions));
  CHECK(std::isnan(flaggedExposure({0, 0}, {1, 0}).impressionShare));
  CHECK(flaggedExposure({0, 0}, {1, 0}).meanImpressions == 0);
}

TEST_CASE("sim: a hidden gem among the new videos", "[sim]") {
  const World w = gemWorld();
  SimConfig c = smallRun();
  RecommenderSpec rec;
  rec.algorithm = "popularity";
  std::vector<PolicyResult> r;
  REQUIRE(simulate(w, c, rec, policies("none,random:0.5,oracle"), {}, &r).isOk());
  REQUIRE(r.size() == 3);
  const PolicyResult &none = r[0], &random = r[1], &oracle = r[2];
  // The oracle shows the gem first to every person, once (then it is seen).
  CHECK(oracle.impressions[kGem] == 6);
  CHECK(oracle.regretPerSession == 0.0);
  CHECK(oracle.slotRegretPerSession == 0.0);
  // Without exploration the popularity feed never tries a video with no history.
  CHECK(none.impressions[kGem] == 0);
  for (std::size_t v = 31; v < 40; ++v) CHECK(none.impressions[v] == 0);
  CHECK(none.newVideosReached == 0.0);
  // Exploration finds it, and every showing is watched almost whole: the
  // world rewards showing it (m = 0.9991 against 0.5 for the catalogue).
  REQUIRE(random.impressions[kGem] > 0);
  CHECK(random.watched[kGem] / random.impressions[kGem] > 0.85);
  double catalogueWatch = 0, catalogueShown = 0;
  for (std::size_t v = 0; v < 30; ++v) {
    catalogueWatch += none.watched[v];
    catalogueShown += none.impressions[v];
  }
  CHECK(catalogueWatch / catalogueShown < 0.65);
  // Not showing the gem costs about 0.5 of a video on every first page.
  CHECK(none.slotRegretPerSession > 0.45);
  // Regret is the oracle's expected watch time less the policy's: by hand,
  // the oracle's first day is the gem (m = 0.99909) and seven catalogue
  // videos (0.5) per person, the second day eight catalogue videos; 'none'
  // shows only catalogue videos, 8 a day (sessions last the 8 videos
  // unless three of them are skips).
  CHECK(oracle.expectedWatchTimePerSession == Approx(30 * (0.99909 + 7 * 0.5 + 8 * 0.5) / 2).epsilon(1e-3));
  CHECK(none.regretPerSession == Approx(oracle.expectedWatchTimePerSession - none.expectedWatchTimePerSession));
  CHECK(none.regretPerSession > 0);
  // The oracle's sessions watch more than the policy that never finds the gem.
  CHECK(oracle.watchTimePerSession > none.watchTimePerSession);
}

TEST_CASE("sim: watch time by day, by hand, and its mean is the run's", "[sim]") {
  SimConfig c = smallRun();
  c.watchNoise = 0;  // f = m: watch times are the expected ones, computable by hand
  RecommenderSpec rec;
  rec.algorithm = "popularity";
  std::vector<PolicyResult> r;
  REQUIRE(simulate(gemWorld(), c, rec, policies("none,oracle"), {}, &r).isOk());
  const PolicyResult &none = r[0], &oracle = r[1];
  REQUIRE(oracle.watchTimeByDay.size() == 2);
  REQUIRE(none.watchTimeByDay.size() == 2);
  // The oracle's day 1: the gem (m = 0.99909) and seven catalogue videos
  // (0.5, above skipBelow, so no skip ends a session); day 2: eight more.
  CHECK(oracle.watchTimeByDay[0] == Approx(30 * (0.99909 + 7 * 0.5)).epsilon(1e-4));
  CHECK(oracle.watchTimeByDay[1] == Approx(30 * 8 * 0.5).epsilon(1e-6));
  // 'none' never shows a new video: eight catalogue videos on both days.
  CHECK(none.watchTimeByDay[0] == Approx(120.0).epsilon(1e-6));
  CHECK(none.watchTimeByDay[1] == Approx(120.0).epsilon(1e-6));
  for (const PolicyResult* p : {&none, &oracle})
    CHECK((p->watchTimeByDay[0] + p->watchTimeByDay[1]) / 2 == Approx(p->watchTimePerSession).epsilon(1e-12));
}

TEST_CASE("sim: Thompson new-video exploration tries the new videos, and the gem more than the duds", "[sim]") {
  SimConfig c = smallRun();
  c.sessions = 3;  // 24 videos a person at most: the 30 old ones are never used up
  RecommenderSpec rec;
  rec.algorithm = "popularity";
  std::vector<PolicyResult> r;
  REQUIRE(simulate(gemWorld(true), c, rec, policies("none,thompson:0.5"), {}, &r).isOk());
  REQUIRE(r.size() == 2);
  for (std::size_t v = 30; v < 40; ++v) CHECK(r[0].impressions[v] == 0);
  double duds = 0;
  for (std::size_t v = 31; v < 40; ++v) duds += r[1].impressions[v];
  // New videos are tried; a skipped dud stops being tried for that person
  // and the retrained model's counts favour the gem, so it is shown more
  // than a dud on average, and watched almost whole.
  CHECK(duds > 0);
  CHECK(r[1].impressions[kGem] > duds / 9);
  CHECK(r[1].watched[kGem] / r[1].impressions[kGem] > 0.85);
}

TEST_CASE("sim: a person with two interests engages with both", "[sim]") {
  const World w = twoInterestWorld();
  SimConfig c = smallRun();
  c.sessions = 1;
  c.maxSessionVideos = 12;
  RecommenderSpec rec;
  rec.algorithm = "content";
  std::vector<PolicyResult> r;
  REQUIRE(simulate(w, c, rec, policies("none,random:1,oracle"), {}, &r).isOk());
  const auto byKind = [&](const PolicyResult& x, int kind, double* watched, double* shown) {
    *watched = *shown = 0;
    for (std::size_t v = static_cast<std::size_t>(kind); v < 36; v += 3) {
      *watched += x.watched[v];
      *shown += x.impressions[v];
    }
  };
  double cooking, travel, news, nCooking, nTravel, nNews;
  // The oracle (cooking and travel tie at m = 0.982) alternates the two, and
  // the person watches both almost whole.
  byKind(r[2], 0, &cooking, &nCooking);
  byKind(r[2], 1, &travel, &nTravel);
  byKind(r[2], 2, &news, &nNews);
  CHECK(nCooking == 6.0);
  CHECK(nTravel == 6.0);
  CHECK(cooking > 5);
  CHECK(travel > 5);
  CHECK(nNews == 0.0);
  // The content feed never offers news, so nothing poor is shown and
  // patience never runs out. (With the two interests tied, the first watch
  // tips the feed towards one of them: the narrowing the simulator exists
  // to measure.)
  byKind(r[0], 2, &news, &nNews);
  CHECK(nNews == 0.0);
  CHECK(r[0].sessionLength == 12.0);
  CHECK(r[0].skipsPerSession == 0.0);
  CHECK(r[0].meanWatchFraction > 0.9);
  // Shown everything at random, they watch both interests almost whole and
  // swipe the news away, leaving after `patience` of them.
  byKind(r[1], 0, &cooking, &nCooking);
  byKind(r[1], 1, &travel, &nTravel);
  byKind(r[1], 2, &news, &nNews);
  REQUIRE(nCooking > 0);
  REQUIRE(nTravel > 0);
  REQUIRE(nNews > 0);
  CHECK(cooking / nCooking > 0.85);
  CHECK(travel / nTravel > 0.85);
  CHECK(news / nNews < 0.15);
  CHECK(r[1].skipsPerSession >= 1.0);
  CHECK(r[1].skipsPerSession <= 3.0);  // patience
}

TEST_CASE("sim: miscalibration of the feed's tag mix against the history's", "[sim]") {
  // The two-interest person: history half cooking, half travel. The oracle
  // alternates cooking and travel (the history's mix); random:1 mixes news in.
  const World w = twoInterestWorld();
  SimConfig c = smallRun();
  c.sessions = 1;
  c.maxSessionVideos = 12;
  c.patience = 12;
  RecommenderSpec rec;
  rec.algorithm = "popularity";
  std::vector<PolicyResult> r;
  REQUIRE(simulate(w, c, rec, policies("oracle,random:1"), {}, &r).isOk());
  CHECK(r[0].miscalibration < 0.05);
  CHECK(r[1].miscalibration > r[0].miscalibration + 0.1);
  // Videos without tags have no mix to compare: the figure is withheld.
  std::vector<PolicyResult> untagged;
  REQUIRE(simulate(gemWorld(), smallRun(), rec, policies("oracle"), {}, &untagged).isOk());
  CHECK(std::isnan(untagged[0].miscalibration));
}

TEST_CASE("sim: a seed gives the same run, another seed another", "[sim]") {
  const World w = gemWorld();
  SimConfig c = smallRun();
  RecommenderSpec rec;
  rec.algorithm = "popularity";
  std::vector<PolicyResult> a, b, d;
  REQUIRE(simulate(w, c, rec, policies("random:0.3"), {}, &a).isOk());
  REQUIRE(simulate(w, c, rec, policies("random:0.3"), {}, &b).isOk());
  CHECK(a[0].impressions == b[0].impressions);
  CHECK(a[0].watched == b[0].watched);
  CHECK(a[0].watchTimePerSession == b[0].watchTimePerSession);
  CHECK(a[0].regretPerSession == b[0].regretPerSession);
  CHECK(a[0].slotRegretPerSession == b[0].slotRegretPerSession);
  c.seed = 8;
  REQUIRE(simulate(w, c, rec, policies("random:0.3"), {}, &d).isOk());
  CHECK((d[0].watched != a[0].watched || d[0].impressions != a[0].impressions));
  // Each person's draws are their own: a policy run alone or beside another
  // gives the same figures.
  std::vector<PolicyResult> both;
  REQUIRE(simulate(w, smallRun(), rec, policies("none,random:0.3"), {}, &both).isOk());
  CHECK(both[1].watched == a[0].watched);
}

TEST_CASE("sim: new videos arrive on their round and retraining lets them earn history", "[sim]") {
  // The gem arrives in round 1: the oracle cannot show it in round 0, so it
  // is shown once per person, and nobody sees it before it arrives.
  World w = gemWorld();
  w.videos[kGem].arrival = 1;
  SimConfig c = smallRun();
  c.sessions = 1;
  RecommenderSpec rec;
  rec.algorithm = "popularity";
  std::vector<PolicyResult> r;
  REQUIRE(simulate(w, c, rec, policies("oracle,random:1"), {}, &r).isOk());
  CHECK(r[0].impressions[kGem] == 0);
  CHECK(r[1].impressions[kGem] == 0);
  c.sessions = 2;
  REQUIRE(simulate(w, c, rec, policies("oracle"), {}, &r).isOk());
  CHECK(r[0].impressions[kGem] == 6);
  CHECK(r[0].retrains == 0);  // the oracle reads no model
  // A model policy retrains between rounds unless retrainEvery is 0.
  REQUIRE(simulate(w, c, rec, policies("none"), {}, &r).isOk());
  CHECK(r[0].retrains == 1);
  c.retrainEvery = 0;
  REQUIRE(simulate(w, c, rec, policies("none"), {}, &r).isOk());
  CHECK(r[0].retrains == 0);
}

TEST_CASE("sim: cancelling through progress", "[sim]") {
  const World w = gemWorld();
  RecommenderSpec rec;
  rec.algorithm = "popularity";
  std::vector<PolicyResult> r = {PolicyResult{}};
  r[0].policy = "kept";
  int calls = 0;
  Status s = simulate(
      w, smallRun(), rec, policies("none"),
      [&](const SimProgress& p) {
        ++calls;
        return p.stage != SimStage::Simulate || p.done < 3;
      },
      &r);
  CHECK(s.code() == ErrorCode::Cancelled);
  CHECK(calls > 0);
  CHECK(r[0].policy == "kept");  // a failed call changes nothing
}

TEST_CASE("sim: a world fitted to a small log", "[sim]") {
  // 12 people, 40 videos in two tastes (even and odd people watch even and odd videos).
  std::vector<E> log;
  for (int u = 0; u < 12; ++u)
    for (int j = 0; j < 40; ++j)
      if ((u + j) % 2 == 0 && (u * 7 + j * 3) % 5 != 0)
        log.push_back(
            {"u" + std::to_string(u), "m" + std::to_string(j), EventType::View, 8, j == 3 ? 10.0 : 0.0, 100.0 * j});
  Catalog tags;
  REQUIRE(tags.addMany({{"m0", {"Drama"}, "", 0, {}}, {"m1", {"Comedy", "Drama"}, "", 0, {}}}).isOk());
  SimConfig c;
  c.sessions = 4;
  c.people = 5;
  c.worldFactors = 4;
  c.videosPerCreator = 3;
  World w;
  REQUIRE(buildWorld(batch(log), &tags, c, {}, &w).isOk());
  CHECK(w.people.size() == 5);
  CHECK(w.videoCount() == 40);
  std::size_t nNew = 0;
  std::vector<int> arrivals(4, 0);
  for (const auto& v : w.videos) {
    nNew += v.isNew;
    if (v.isNew) ++arrivals[static_cast<std::size_t>(v.arrival)];
  }
  CHECK(nNew == 4);                                 // 10% of 40
  CHECK(arrivals == std::vector<int>{1, 1, 1, 1});  // spread over the rounds
  // 36 catalogue videos make 12 creators of 3; two new videos join them, two start a new one.
  CHECK(w.catalog.creators().size() == 13);
  std::size_t fresh = 0;
  for (uint8_t f : w.newCreator) fresh += f;
  CHECK(fresh == 1);
  // Dataset tags where the catalogue has them, the log's duration where it has one.
  const int32_t m1 = w.catalog.items().find("m1");
  CHECK(w.catalog.video(m1).tags.size() == 2);
  CHECK(w.videos[static_cast<std::size_t>(w.catalog.items().find("m3"))].duration == 10.0f);
  CHECK(w.videos[static_cast<std::size_t>(w.catalog.items().find("m4"))].duration == 30.0f);
  // The training log holds no event of a new video.
  std::size_t kept = 0;
  for (auto id : splitIds(w.trainingLog.items)) {
    CHECK_FALSE(w.videos[static_cast<std::size_t>(w.catalog.items().find(id))].isNew);
    ++kept;
  }
  CHECK(kept < log.size());
  CHECK(kept > 0);
  // The map: a watch fraction rising with affinity, lowFraction at the median.
  CHECK(w.expectedFraction(w.offset) == Approx(0.5));
  CHECK(w.expectedFraction(w.offset + 1) > w.expectedFraction(w.offset));
  std::vector<double> a;
  for (std::size_t p = 0; p < w.people.size(); ++p)
    for (std::size_t v = 0; v < w.videoCount(); ++v) a.push_back(w.expectedFraction(w.affinity(p, v)));
  std::sort(a.begin(), a.end());
  CHECK(a[a.size() / 2] == Approx(0.2).margin(0.05));
  // And it runs.
  RecommenderSpec rec;
  rec.algorithm = "itemknn";
  std::vector<PolicyResult> r;
  c.maxSessionVideos = 6;
  c.pageSize = 3;
  REQUIRE(simulate(w, c, rec, policies("none,oracle"), {}, &r).isOk());
  CHECK(r[1].regretPerSession == 0.0);
  CHECK(r[1].slotRegretPerSession == 0.0);
  CHECK(r[0].slotRegretPerSession >= 0.0);
  // Without the oracle in the list it is still the baseline (run, not reported).
  std::vector<PolicyResult> alone;
  REQUIRE(simulate(w, c, rec, policies("none"), {}, &alone).isOk());
  REQUIRE(alone.size() == 1);
  CHECK(alone[0].regretPerSession == Approx(r[0].regretPerSession));
  CHECK(r[0].sessionLength > 0);
}

TEST_CASE("sim: bad arguments are E_ARG at the limits", "[sim]") {
  SimConfig c;
  REQUIRE(c.validate().isOk());
  const auto at = [](const char* name, double v) {
    SimConfig x;
    for (const auto& f : simConfigFields())
      if (std::string(f.name) == name) x.*f.field = v;
    return x.validate().code();
  };
  CHECK(at("sessions", 1) == ErrorCode::Ok);
  CHECK(at("sessions", 1000) == ErrorCode::Ok);
  CHECK(at("sessions", 0) == ErrorCode::Arg);
  CHECK(at("sessions", 1001) == ErrorCode::Arg);
  CHECK(at("sessions", 2.5) == ErrorCode::Arg);
  CHECK(at("pageSize", 100) == ErrorCode::Ok);
  CHECK(at("pageSize", 101) == ErrorCode::Arg);
  CHECK(at("newVideoShare", 0.9) == ErrorCode::Ok);
  CHECK(at("newVideoShare", 0.91) == ErrorCode::Arg);
  CHECK(at("watchNoise", std::nan("")) == ErrorCode::Arg);
  CHECK(at("lowFraction", 0.8) == ErrorCode::Arg);  // not below highFraction
  SimConfig bad;
  bad.patience = 0;
  const Status s = bad.validate();
  CHECK(s.message() == "simulation: patience must be a whole number from 1 to 1000 (got 0)");

  std::vector<Policy> kept = policies("none");
  CHECK(parsePolicies("random", &kept).code() == ErrorCode::Arg);
  CHECK(parsePolicies("random:1.5", &kept).code() == ErrorCode::Arg);
  CHECK(parsePolicies("random:x", &kept).code() == ErrorCode::Arg);
  CHECK(parsePolicies("none:1", &kept).code() == ErrorCode::Arg);
  CHECK(parsePolicies("softmax:0.1", &kept)
            .message()
            .find("choose from: none, random:VALUE, thompson:VALUE, ucb:VALUE, oracle") != std::string::npos);
  CHECK(parsePolicies("thompson:1.01", &kept).code() == ErrorCode::Arg);
  REQUIRE(parsePolicies("thompson:0.2,ucb:1", &kept).isOk());
  CHECK(kept[0].request.newVideoBudget == 0.2);
  CHECK(kept[0].request.newVideoMethod == NewVideoMethod::Thompson);
  CHECK(kept[1].request.newVideoBudget == 1.0);
  CHECK(kept[1].request.newVideoMethod == NewVideoMethod::Ucb);
  kept = policies("none");
  CHECK(parsePolicies("none,none", &kept).code() == ErrorCode::Arg);
  CHECK(parsePolicies("none,,oracle", &kept).code() == ErrorCode::Arg);
  CHECK(parsePolicies("", &kept).code() == ErrorCode::Arg);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].name == "none");  // a failed parse changes nothing
  REQUIRE(parsePolicies("random:1, random:0", &kept).isOk());
  CHECK(kept[0].request.exploration == 1.0);
  CHECK(kept[1].request.exploration == 0.0);

  World empty;
  SimConfig fine;
  CHECK(buildWorld(EventBatch{}, nullptr, fine, {}, &empty).code() == ErrorCode::Empty);
  const World w = gemWorld();
  RecommenderSpec rec;
  rec.algorithm = "nosuch";
  std::vector<PolicyResult> r;
  CHECK(simulate(w, smallRun(), rec, policies("none"), {}, &r).code() == ErrorCode::Arg);
  CHECK(simulate(w, smallRun(), rec, {}, {}, &r).code() == ErrorCode::Arg);
}
