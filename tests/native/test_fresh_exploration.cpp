// New videos (rank/fresh_exploration, models/item_evidence): the evidence
// counted at training, the Beta posterior and UCB bound on hand numbers, the
// schedule, and the policy in whole feeds of a small world whose numbers are
// worked out below.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <set>

#include "models/model.hpp"
#include "rank/fresh_exploration.hpp"
#include "rank_test_helpers.hpp"
#include "test_helpers.hpp"

using namespace reelrank;
using reelrank::testing::batch;
using reelrank::testing::E;

namespace {

// The world: six established videos e1..e6 (each its own creator, 30 full
// views), and fresh ones: gem (19 full views), dud (19 skips) and n1..n4
// (creator cd, never shown). Every video lasts 10 s. Popularity model.
// Base rate r = (180 + 19) / (180 + 19 + 19) = 199 / 218.
constexpr double kBaseRate = 199.0 / 218.0;

Model world() {
  std::vector<VideoInput> videos;
  for (int i = 1; i <= 6; ++i) videos.push_back({"e" + std::to_string(i), {}, "ce" + std::to_string(i), 10, {}});
  videos.push_back({"gem", {}, "cb", 10, {}});
  videos.push_back({"dud", {}, "cc", 10, {}});
  for (int i = 1; i <= 4; ++i) videos.push_back({"n" + std::to_string(i), {}, "cd", 10, {}});
  Catalog cat;
  REQUIRE(cat.addMany(videos).isOk());
  std::vector<E> events;
  double t = 1;
  for (int i = 1; i <= 6; ++i)
    for (int u = 1; u <= 30; ++u)
      events.push_back({"u" + std::to_string(u), "e" + std::to_string(i), EventType::View, 10, 10, t++});
  for (int u = 1; u <= 19; ++u) {
    events.push_back({"u" + std::to_string(u), "gem", EventType::View, 10, 10, t++});
    events.push_back({"u" + std::to_string(u), "dud", EventType::Skip, 0, 10, t++});
  }
  return popularityOf(cat, events);
}

// A person who watched e1 in full, then `more` events.
Profile person(const Model& m, const std::vector<E>& more = {}) {
  std::vector<E> events{{"", "e1", EventType::View, 10, 10, 1000}};
  events.insert(events.end(), more.begin(), more.end());
  Profile p;
  REQUIRE(p.recordBatch(batch(events), &m.side().catalog, {}).isOk());
  return p;
}

RankInput request(double budget, NewVideoMethod method, std::vector<std::string> exclude = {}) {
  RankInput in;
  in.request.k = 4;
  in.request.newVideoBudget = budget;
  in.request.newVideoMethod = method;
  in.exclude = std::move(exclude);
  return in;
}

std::vector<std::string> ids(const Model& m, const std::vector<Recommendation>& recs) {
  std::vector<std::string> out;
  for (const Recommendation& r : recs) out.push_back(m.side().catalog.items().name(r.item));
  return out;
}

bool isNew(const Recommendation& r) { return !r.reasons.empty() && r.reasons[0].kind == ReasonKind::New; }

void sameFeeds(const std::vector<Recommendation>& a, const std::vector<Recommendation>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].item == b[i].item);
    CHECK(a[i].score == b[i].score);  // bit for bit
    REQUIRE(a[i].reasons.size() == b[i].reasons.size());
    for (std::size_t k = 0; k < a[i].reasons.size(); ++k) {
      CHECK(a[i].reasons[k].kind == b[i].reasons[k].kind);
      CHECK(a[i].reasons[k].ref == b[i].reasons[k].ref);
      CHECK(a[i].reasons[k].weight == b[i].reasons[k].weight);
    }
  }
}

}  // namespace

TEST_CASE("event outcomes: views, skips and dislikes are shown; completed views and likes positive", "[explore]") {
  CHECK(eventOutcome(EventType::View, 9, 10).shown);
  CHECK(eventOutcome(EventType::View, 9, 10).positive);           // 90%: completed
  CHECK_FALSE(eventOutcome(EventType::View, 8.9f, 10).positive);  // under 90%
  CHECK(eventOutcome(EventType::View, 3, 0).positive);            // unknown duration: one full view
  CHECK(eventOutcome(EventType::Skip, 0, 10).shown);
  CHECK_FALSE(eventOutcome(EventType::Skip, 0, 10).positive);
  CHECK(eventOutcome(EventType::Dislike, 0, 0).shown);
  CHECK_FALSE(eventOutcome(EventType::Like, 0, 0).shown);
  CHECK(eventOutcome(EventType::Like, 0, 0).positive);
  for (EventType t : {EventType::Comment, EventType::Share, EventType::Follow, EventType::Rating}) {
    CHECK_FALSE(eventOutcome(t, 5, 10).shown);
    CHECK_FALSE(eventOutcome(t, 5, 10).positive);
  }
}

TEST_CASE("training counts each video's impressions and positives; likes beyond the showings are not counted",
          "[explore]") {
  // a: a full view, a 50% view, a skip, a like -> 3 shown, 2 positive.
  // b: two likes and nothing shown -> 0 and 0. c: a comment -> 0 and 0.
  Interactions log;
  REQUIRE(log.addBatch(batch({{"u1", "a", EventType::View, 10, 10, 1},
                              {"u2", "a", EventType::View, 5, 10, 2},
                              {"u3", "a", EventType::Skip, 0, 10, 3},
                              {"u3", "a", EventType::Like, 0, 0, 4},
                              {"u1", "b", EventType::Like, 0, 0, 5},
                              {"u2", "b", EventType::Like, 0, 0, 6},
                              {"u1", "c", EventType::Comment, 0, 0, 7}}))
              .isOk());
  TrainConfig c;
  c.algorithm = "popularity";
  Model m;
  REQUIRE(Model::train(log, nullptr, c, {}, &m).isOk());
  const ItemEvidence& e = m.side().evidence;
  const IdMap& items = m.side().catalog.items();
  REQUIRE(e.known());
  CHECK(e.impressions[static_cast<std::size_t>(items.find("a"))] == 3);
  CHECK(e.positives[static_cast<std::size_t>(items.find("a"))] == 2);
  CHECK(e.impressions[static_cast<std::size_t>(items.find("b"))] == 0);
  CHECK(e.positives[static_cast<std::size_t>(items.find("b"))] == 0);
  CHECK(e.impressions[static_cast<std::size_t>(items.find("c"))] == 0);
  CHECK(m.side().evidenceBaseRate == Approx(2.0 / 3.0));
}

TEST_CASE("the Beta posterior from counts, worked by hand", "[explore]") {
  // Prior mean: base rate 0.4, scaled score 1 -> 0.5 * 0.4 + 0.5 * 1 = 0.7;
  // strength 2 -> Beta(1.4, 0.6). Training 10 shown / 3 positive, the person
  // 1 / 1 on the video, 2 / 0 on the creator's others (half weight):
  // alpha = 1.4 + 3 + 1 + 0 = 5.4, beta = 0.6 + 7 + 0 + 0.5 * 2 = 8.6.
  CHECK(freshPriorMean(0.4, 1.0) == Approx(0.7));
  CHECK(freshPriorMean(0.4, -1.0) == Approx(0.4));   // the scores say nothing: the base rate
  CHECK(freshPriorMean(1.0, -1.0) == Approx(0.99));  // clamped, so both parameters stay > 0
  CHECK(freshPriorMean(0.0, 0.0) == Approx(0.01));
  FreshEvidence e;
  e.training = {10, 3};
  e.person = {1, 1};
  e.creatorOthers = {2, 0};
  const BetaPosterior p = freshPosterior(0.7, e);
  CHECK(p.alpha == Approx(5.4));
  CHECK(p.beta == Approx(8.6));
  // A like with no showing adds nothing for the person.
  e.person = {0, 1};
  CHECK(freshPosterior(0.7, e).alpha == Approx(4.4));
  CHECK(freshPosterior(0.7, e).beta == Approx(8.6));
}

TEST_CASE("UCB's bound on hand numbers", "[explore]") {
  // Beta(5.4, 8.6): mean 5.4 / 14 = 0.385714; variance 5.4 * 8.6 / (14^2 * 15)
  // = 46.44 / 2940 = 0.0157959, sd 0.125682; bound = mean + 2 sd = 0.637078.
  const BetaPosterior p{5.4, 8.6};
  CHECK(p.mean() == Approx(0.385714).epsilon(1e-5));
  CHECK(p.sd() == Approx(0.125682).epsilon(1e-5));
  CHECK(upperBound(p) == Approx(0.637078).epsilon(1e-5));
}

TEST_CASE("Thompson draws: seeded per video and distributed as the posterior", "[explore]") {
  const BetaPosterior p{5.4, 8.6};
  CHECK(thompsonDraw(p, 7, 3) == thompsonDraw(p, 7, 3));
  CHECK(thompsonDraw(p, 7, 3) != thompsonDraw(p, 8, 3));
  CHECK(thompsonDraw(p, 7, 3) != thompsonDraw(p, 7, 4));
  // The mean of 20,000 draws is the posterior mean within 4 standard errors
  // (sd 0.125682 / sqrt(20000) = 0.00089).
  double sum = 0;
  for (uint64_t s = 0; s < 20000; ++s) {
    const double x = thompsonDraw(p, s, 0);
    REQUIRE(x > 0);
    REQUIRE(x < 1);
    sum += x;
  }
  CHECK(std::abs(sum / 20000 - 0.385714) < 4 * 0.00089);
  // Shapes below 1 (a strong prior against): Beta(0.2, 3) has mean 0.0625.
  sum = 0;
  for (uint64_t s = 0; s < 20000; ++s) sum += thompsonDraw({0.2, 3}, s, 1);
  CHECK(std::abs(sum / 20000 - 0.0625) < 0.005);
}

TEST_CASE("the schedule: the budget at n = 0 and as the profile grows", "[explore]") {
  CHECK(scheduledBudget(0.4, 0) == 0.4);
  CHECK(scheduledBudget(0.4, 50) == Approx(0.2));                // h = 50: half at 50 events
  CHECK(scheduledBudget(0.4, 5000) == Approx(0.4 * 50 / 5050));  // 0.00396
  CHECK(newVideoSlots(0.4, 0, 10, 10) == 4);
  CHECK(newVideoSlots(0.4, 50, 10, 10) == 2);
  CHECK(newVideoSlots(0.4, 5000, 10, 10) == 0);
  CHECK(newVideoSlots(1.0, 0, 10, 3) == 3);  // never more than the exploited slots
  CHECK(NewVideoDefaults::kBudget == 0);     // off unless asked for
}

TEST_CASE("limits: budget 0 and 1 work, one past is E_ARG; a bad method name is E_ARG", "[explore]") {
  RankRequest r;
  r.newVideoBudget = 0;
  CHECK(r.validate().isOk());
  r.newVideoBudget = 1;
  CHECK(r.validate().isOk());
  r.newVideoBudget = std::nextafter(1.0, 2.0);
  CHECK(r.validate().code() == ErrorCode::Arg);
  r.newVideoBudget = -std::numeric_limits<double>::denorm_min();
  CHECK(r.validate().code() == ErrorCode::Arg);
  r.newVideoBudget = std::nan("");
  CHECK(r.validate().code() == ErrorCode::Arg);
  r.newVideoBudget = 0.5;
  r.newVideoMethod = static_cast<NewVideoMethod>(2);
  CHECK(r.validate().code() == ErrorCode::Arg);
  NewVideoMethod m = NewVideoMethod::Thompson;
  CHECK(parseNewVideoMethod("ucb", &m).isOk());
  CHECK(m == NewVideoMethod::Ucb);
  CHECK(parseNewVideoMethod("thompson", &m).isOk());
  CHECK(m == NewVideoMethod::Thompson);
  const Status bad = parseNewVideoMethod("greedy", &m);
  CHECK(bad.code() == ErrorCode::Arg);
  CHECK(bad.message().find("'thompson' or 'ucb'") != std::string::npos);
  CHECK(m == NewVideoMethod::Thompson);  // unchanged
  // Through a whole feed: a failed call gives nothing.
  const Model m0 = world();
  std::vector<Recommendation> recs;
  RankInput in = request(1.5, NewVideoMethod::Thompson);
  CHECK(m0.recommendForProfile(person(m0), in, &recs).code() == ErrorCode::Arg);
}

TEST_CASE("the world's evidence, base rate and a fresh video's posterior", "[explore]") {
  const Model m = world();
  const ItemSide& side = m.side();
  const IdMap& items = side.catalog.items();
  CHECK(side.evidenceBaseRate == Approx(kBaseRate));
  CHECK_FALSE(isFresh(side, items.find("e1")));  // 30 impressions (every event is within the window)
  CHECK(isFresh(side, items.find("gem")));       // 19
  CHECK(isFresh(side, items.find("n1")));        // 0
  // The person skipped n2 twice and watched n3 fully: for n1 (same creator)
  // that is the creator's others at 3 shown / 1 positive; for n2 its own 2 / 0.
  const Profile p = person(m, {{"", "n2", EventType::Skip, 0, 10, 1001},
                               {"", "n2", EventType::Skip, 0, 10, 1002},
                               {"", "n3", EventType::View, 10, 10, 1003}});
  PersonOutcomes po;
  for (const ProfileEvent& e : p.events())
    po.add(side, items.find(p.items().name(e.item)), eventOutcome(e.type, e.value, e.duration));
  const FreshEvidence n1 = freshEvidence(side, &po, items.find("n1"));
  CHECK(n1.training.shown == 0);
  CHECK(n1.person.shown == 0);
  CHECK(n1.creatorOthers.shown == 3);
  CHECK(n1.creatorOthers.positive == 1);
  const FreshEvidence n2 = freshEvidence(side, &po, items.find("n2"));
  CHECK(n2.person.shown == 2);
  CHECK(n2.person.positive == 0);
  CHECK(n2.creatorOthers.shown == 1);
  CHECK(n2.creatorOthers.positive == 1);
  const FreshEvidence gem = freshEvidence(side, &po, items.find("gem"));
  CHECK(gem.training.shown == 19);
  CHECK(gem.training.positive == 19);
}

TEST_CASE("UCB: a fresh video with strong evidence enters, one with bad evidence is not tried", "[explore]") {
  // k 4, budget 0.25, one event: round(0.25 * 50 / 51 * 4) = 1 slot. The
  // exploited list e2 e3 e4 e5 gives up e5. Fresh (n1..n4 excluded): gem
  // and dud; scaled scores gem 1, dud 0. gem: prior mean 0.5 r + 0.5, Beta(20.913,
  // 0.087), bound 1.0233 >= r. dud: prior mean 0.5 r, Beta(0.913, 20.087),
  // bound 0.130 < r. gem goes to place min(3, 1 * 4 / 2) = 2.
  const Model m = world();
  std::vector<Recommendation> recs;
  REQUIRE(m.recommendForProfile(person(m), request(0.25, NewVideoMethod::Ucb, {"n1", "n2", "n3", "n4"}), &recs).isOk());
  CHECK(ids(m, recs) == std::vector<std::string>{"e2", "e3", "gem", "e4"});
  CHECK(isNew(recs[2]));
  CHECK(recs[2].reasons[0].ref == -1);
  CHECK_FALSE(isNew(recs[0]));
}

TEST_CASE("Thompson: the gem is tried in nearly every seed, the dud in none", "[explore]") {
  // gem ~ Beta(20.913, 0.087): P(draw < r = 0.913) is about 0.006 (2,000,000 numpy draws);
  // dud ~ Beta(0.913, 20.087): P(draw >= r) is of the order of 0.087^20.
  const Model m = world();
  const Profile p = person(m);
  int gem = 0, dud = 0;
  for (uint64_t seed = 0; seed < 100; ++seed) {
    RankInput in = request(0.25, NewVideoMethod::Thompson, {"n1", "n2", "n3", "n4"});
    in.request.seed = seed;
    std::vector<Recommendation> recs;
    REQUIRE(m.recommendForProfile(p, in, &recs).isOk());
    REQUIRE(recs.size() == 4);
    for (const Recommendation& r : recs) {
      const std::string id = m.side().catalog.items().name(r.item);
      gem += id == "gem" && isNew(r);
      dud += id == "dud";
    }
  }
  CHECK(gem >= 90);
  CHECK(dud == 0);
}

TEST_CASE("a fresh video the person judged badly stops being tried", "[explore]") {
  // Only n1 is a fresh candidate (gem, dud, n2..n4 excluded; seen items
  // stay in). Alone, its scores say nothing: prior mean r, Beta(1.826, 0.174),
  // bound 1.239 >= r: tried. After three skips: Beta(1.826, 3.174), mean
  // 0.365, sd 0.197, bound 0.758 < r: not tried (1 slot still: round(0.25 *
  // 50 / 54 * 4) = 1), and e5 keeps its place.
  const Model m = world();
  const std::vector<std::string> others{"gem", "dud", "n2", "n3", "n4"};
  RankInput in = request(0.25, NewVideoMethod::Ucb, others);
  in.excludeSeen = false;
  std::vector<Recommendation> recs;
  REQUIRE(m.recommendForProfile(person(m), in, &recs).isOk());
  CHECK(ids(m, recs) == std::vector<std::string>{"e1", "e2", "n1", "e3"});
  CHECK(isNew(recs[2]));
  const Profile skipped = person(m, {{"", "n1", EventType::Skip, 0, 10, 1001},
                                     {"", "n1", EventType::Skip, 0, 10, 1002},
                                     {"", "n1", EventType::Skip, 0, 10, 1003}});
  REQUIRE(m.recommendForProfile(skipped, in, &recs).isOk());
  CHECK(ids(m, recs) == std::vector<std::string>{"e1", "e2", "e3", "e4"});
  for (const Recommendation& r : recs) CHECK_FALSE(isNew(r));
  // With seen items filtered (the default), n1 is never shown again anyway.
  in.excludeSeen = true;
  REQUIRE(m.recommendForProfile(skipped, in, &recs).isOk());
  for (const Recommendation& r : recs) CHECK(m.side().catalog.items().name(r.item) != "n1");
}

TEST_CASE("the creator cap holds for new videos; the slot it blocks goes back to the ranking", "[explore]") {
  // Budget 0.5: round(0.5 * 50 / 51 * 4) = 2 slots, e2 e3 kept. UCB values:
  // n1..n4 (scaled score 0, prior mean 0.5 r) 1.0316, gem 1.0233, dud below
  // r. Cap 1: n1 then (n2..n4 at the cap) gem. Places: n1 at 1, gem at 3.
  const Model m = world();
  RankInput in = request(0.5, NewVideoMethod::Ucb);
  in.request.maxPerCreator = 1;
  std::vector<Recommendation> recs;
  REQUIRE(m.recommendForProfile(person(m), in, &recs).isOk());
  CHECK(ids(m, recs) == std::vector<std::string>{"e2", "n1", "e3", "gem"});
  CHECK(isNew(recs[1]));
  CHECK(isNew(recs[3]));
  // The gem excluded: the second slot has no fresh video the cap allows, and
  // goes back to e4.
  in.exclude = {"gem"};
  REQUIRE(m.recommendForProfile(person(m), in, &recs).isOk());
  CHECK(ids(m, recs) == std::vector<std::string>{"e2", "e3", "n1", "e4"});
  // Without the cap two of cd's videos come in.
  in.request.maxPerCreator = 0;
  REQUIRE(m.recommendForProfile(person(m), in, &recs).isOk());
  CHECK(ids(m, recs) == std::vector<std::string>{"e2", "n1", "e3", "n2"});
}

TEST_CASE("budget 0 is today's feed exactly; so is a budget with no fresh video to try", "[explore]") {
  const Model m = world();
  const Profile p = person(m);
  RankInput today;
  today.request.k = 6;
  today.request.exploration = 0.34;
  today.request.diversity = 0.3;
  today.request.maxPerCreator = 1;
  today.request.seed = 11;
  std::vector<Recommendation> a, b;
  REQUIRE(m.recommendForProfile(p, today, &a).isOk());
  RankInput zero = today;
  zero.request.newVideoBudget = 0;
  zero.request.newVideoMethod = NewVideoMethod::Ucb;
  REQUIRE(m.recommendForProfile(p, zero, &b).isOk());
  sameFeeds(a, b);
  // Every fresh video excluded: the slots go back, the feed is unchanged.
  RankInput none = today;
  none.request.newVideoBudget = 1;
  none.exclude = {"gem", "dud", "n1", "n2", "n3", "n4"};
  RankInput todayNone = today;
  todayNone.exclude = none.exclude;
  REQUIRE(m.recommendForProfile(p, todayNone, &a).isOk());
  REQUIRE(m.recommendForProfile(p, none, &b).isOk());
  sameFeeds(a, b);
  // And for a training user.
  REQUIRE(m.recommendForUser("u1", today, &a).isOk());
  REQUIRE(m.recommendForUser("u1", zero, &b).isOk());
  sameFeeds(a, b);
}

TEST_CASE("Thompson is deterministic for a seed and varies across seeds", "[explore]") {
  const Model m = world();
  const Profile p = person(m);
  RankInput in = request(0.25, NewVideoMethod::Thompson, {"gem"});
  in.request.seed = 5;
  std::vector<Recommendation> a, b;
  REQUIRE(m.recommendForProfile(p, in, &a).isOk());
  REQUIRE(m.recommendForProfile(p, in, &b).isOk());
  sameFeeds(a, b);
  std::set<std::string> tried;
  for (uint64_t seed = 0; seed < 30; ++seed) {
    in.request.seed = seed;
    REQUIRE(m.recommendForProfile(p, in, &a).isOk());
    for (const Recommendation& r : a)
      if (isNew(r)) tried.insert(m.side().catalog.items().name(r.item));
  }
  CHECK(tried.size() >= 3);  // n1..n4 share one prior: each seed favours another
  CHECK(tried.count("dud") == 0);
}

TEST_CASE("new videos with exploration: both kinds of slot, each marked", "[explore]") {
  // k 4, exploration 0.25 (1 slot), budget 0.25 (1 slot): 2 exploited.
  const Model m = world();
  RankInput in = request(0.25, NewVideoMethod::Ucb, {"n1", "n2", "n3", "n4"});
  in.request.exploration = 0.25;
  in.request.seed = 3;
  std::vector<Recommendation> recs;
  REQUIRE(m.recommendForProfile(person(m), in, &recs).isOk());
  REQUIRE(recs.size() == 4);
  int fresh = 0, explored = 0;
  for (const Recommendation& r : recs) {
    fresh += isNew(r);
    explored += !r.reasons.empty() && r.reasons[0].kind == ReasonKind::Explore;
  }
  CHECK(fresh == 1);
  CHECK(explored == 1);
  CHECK(m.side().catalog.items().name(recs[1].item) == "gem");  // the new video is placed first of the two
}

TEST_CASE("the evidence survives save and load; a version 2 model loads without it", "[explore]") {
  const Model m = world();
  std::vector<uint8_t> bytes;
  REQUIRE(m.save(false, &bytes).isOk());
  Model back;
  REQUIRE(Model::load(bytes.data(), bytes.size(), &back).isOk());
  CHECK(back.side().evidence.impressions == m.side().evidence.impressions);
  CHECK(back.side().evidence.positives == m.side().evidence.positives);
  CHECK(back.side().evidenceBaseRate == m.side().evidenceBaseRate);

  // The same payload without the section, sealed as version 2.
  uint16_t version;
  const uint8_t* payload;
  std::size_t len;
  REQUIRE(openSnapshot(bytes.data(), bytes.size(), kModelMagic, kModelFormatVersion, "model", &version, &payload, &len)
              .isOk());
  CHECK(version == 4);
  // Version 4 ends with the evidence, then the first-seen times.
  const std::size_t n = m.itemCount(), section = 1 + 2 * (8 + 4 * n), times = 1 + 8 + 8 + 8 * n;
  std::vector<uint8_t> v2(payload, payload + len - section - times);
  const std::vector<uint8_t> old = sealSnapshot(kModelMagic, 2, v2);
  Model two;
  REQUIRE(Model::load(old.data(), old.size(), &two).isOk());
  CHECK_FALSE(two.side().evidence.known());
  CHECK(two.side().evidenceBaseRate == 0.5);
  // Without evidence only a video the log never showed is fresh (the dud's
  // skips are not positive events, so its popularity is 0 too).
  const IdMap& items = two.side().catalog.items();
  CHECK_FALSE(isFresh(two.side(), items.find("gem")));
  CHECK(isFresh(two.side(), items.find("dud")));
  CHECK(isFresh(two.side(), items.find("n1")));
  // It still ranks with a budget (and saves as version 4 with the sections unknown).
  std::vector<Recommendation> recs;
  REQUIRE(two.recommendForProfile(person(two), request(0.25, NewVideoMethod::Ucb), &recs).isOk());
  CHECK(recs.size() == 4);
  std::vector<uint8_t> again;
  REQUIRE(two.save(false, &again).isOk());
  Model three;
  REQUIRE(Model::load(again.data(), again.size(), &three).isOk());
  CHECK_FALSE(three.side().evidence.known());
}

TEST_CASE("a truncated or damaged evidence section is E_CORRUPT", "[explore]") {
  const Model m = world();
  std::vector<uint8_t> bytes;
  REQUIRE(m.save(false, &bytes).isOk());
  uint16_t version;
  const uint8_t* payload;
  std::size_t len;
  REQUIRE(openSnapshot(bytes.data(), bytes.size(), kModelMagic, kModelFormatVersion, "model", &version, &payload, &len)
              .isOk());
  // A version 3 payload: the version 4 one less its times section (which
  // tests/native/test_new_video_window.cpp damages).
  const std::size_t n = m.itemCount(), section = 1 + 2 * (8 + 4 * n), times = 1 + 8 + 8 + 8 * n;
  const std::vector<uint8_t> good(payload, payload + len - times);
  const std::size_t at = good.size() - section;
  auto loads = [](const std::vector<uint8_t>& p) {
    const std::vector<uint8_t> sealed = sealSnapshot(kModelMagic, 3, p);
    Model out;
    return Model::load(sealed.data(), sealed.size(), &out);
  };
  REQUIRE(loads(good).isOk());
  for (std::size_t cut : {std::size_t{1}, std::size_t{4}, section - 1, section}) {
    const std::vector<uint8_t> shorter(good.begin(), good.end() - static_cast<std::ptrdiff_t>(cut));
    const Status s = loads(shorter);
    CHECK(s.code() == ErrorCode::Corrupt);
  }
  std::vector<uint8_t> flag = good;
  flag[at] = 2;  // the known flag is 0 or 1
  CHECK(loads(flag).code() == ErrorCode::Corrupt);
  std::vector<uint8_t> more = good;
  // The first item's positives (after the flag, the impressions and the
  // positives' count) raised above its 30 impressions.
  more[at + 1 + 8 + 4 * n + 8] = 31;
  const Status s = loads(more);
  CHECK(s.code() == ErrorCode::Corrupt);
  CHECK(s.message().find("item evidence") != std::string::npos);
  std::vector<uint8_t> count = good;
  count[at + 1] = static_cast<uint8_t>(n - 1);  // impressions of one item fewer
  CHECK(loads(count).code() == ErrorCode::Corrupt);
}
