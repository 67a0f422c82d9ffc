// Newness and the sampled set of the new-video step: the first-seen times a
// model keeps (format 4), the window rule on a hand-made log, older formats
// loading without the times, damaged time sections, and the cap of
// NewVideoDefaults::kSampledCandidates tested at the cap and one below it.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
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

constexpr double kDay = 86400;
constexpr double kNow = 10 * kDay;  // the log's newest event

// est: established (30 full views from day 0, the last at kNow, the log's
// newest event). old: 3 full views on day 0 (age 10 days). recent: 2 full
// views, the first exactly 2 days before kNow. busy: 25 full views an hour
// before kNow (too many impressions to be fresh). unseen: catalogue only.
Model windowWorld() {
  std::vector<VideoInput> videos;
  for (const char* id : {"est", "old", "recent", "busy", "unseen"})
    videos.push_back({id, {}, "c" + std::string(id), 10, {}});
  Catalog cat;
  REQUIRE(cat.addMany(videos).isOk());
  std::vector<E> events;
  for (int u = 1; u <= 29; ++u) events.push_back({"u" + std::to_string(u), "est", EventType::View, 10, 10, double(u)});
  events.push_back({"u30", "est", EventType::View, 10, 10, kNow});
  for (int u = 1; u <= 3; ++u) events.push_back({"u" + std::to_string(u), "old", EventType::View, 10, 10, double(u)});
  events.push_back({"u1", "recent", EventType::View, 10, 10, kNow - 2 * kDay});
  events.push_back({"u2", "recent", EventType::View, 10, 10, kNow - kDay});
  for (int u = 1; u <= 25; ++u)
    events.push_back({"u" + std::to_string(u), "busy", EventType::View, 10, 10, kNow - 3600 + u});
  Interactions log;
  REQUIRE(log.addBatch(batch(events)).isOk());
  TrainConfig c;
  c.algorithm = "popularity";
  Model m;
  REQUIRE(Model::train(log, &cat, c, {}, &m).isOk());
  return m;
}

std::size_t at(const Model& m, const char* id) { return static_cast<std::size_t>(m.side().catalog.items().find(id)); }
int32_t item(const Model& m, const char* id) { return m.side().catalog.items().find(id); }

Profile onlyViewed(const Model& m, const char* id) {
  Profile p;
  REQUIRE(p.recordBatch(batch({{"", id, EventType::View, 10, 10, kNow}}), &m.side().catalog, {}).isOk());
  return p;
}

// The payload of a saved model and the sizes of its last two sections.
struct Payload {
  std::vector<uint8_t> bytes;
  std::size_t evidence, times;  // section sizes: 1 + 2 (8 + 4n) and 1 + 8 + 8 + 8n
};
Payload payloadOf(const Model& m) {
  std::vector<uint8_t> sealed;
  REQUIRE(m.save(false, &sealed).isOk());
  uint16_t version;
  const uint8_t* p;
  std::size_t len;
  REQUIRE(
      openSnapshot(sealed.data(), sealed.size(), kModelMagic, kModelFormatVersion, "model", &version, &p, &len).isOk());
  CHECK(version == 4);
  const std::size_t n = m.itemCount();
  return {std::vector<uint8_t>(p, p + len), 1 + 2 * (8 + 4 * n), 1 + 8 + 8 + 8 * n};
}
Status loadAs(uint16_t version, const std::vector<uint8_t>& payload, Model* out) {
  const std::vector<uint8_t> sealed = sealSnapshot(kModelMagic, version, payload);
  return Model::load(sealed.data(), sealed.size(), out);
}

}  // namespace

TEST_CASE("training keeps each video's first-seen time and the log's newest time", "[explore][window]") {
  const Model m = windowWorld();
  const ItemEvidence& e = m.side().evidence;
  REQUIRE(e.timed());
  CHECK(e.newest == kNow);
  CHECK(e.firstSeen[at(m, "est")] == 1);
  CHECK(e.firstSeen[at(m, "old")] == 1);
  CHECK(e.firstSeen[at(m, "recent")] == kNow - 2 * kDay);
  CHECK(e.firstSeen[at(m, "busy")] == kNow - 3600 + 1);
  CHECK(std::isnan(e.firstSeen[at(m, "unseen")]));
  // A model trained on a catalogue alone has no times (and counts nothing as seen).
  Catalog cat;
  REQUIRE(cat.addMany({{"a", {}, "", 10, {}}}).isOk());
  TrainConfig c;
  c.algorithm = "popularity";
  Model empty;
  REQUIRE(Model::train(Interactions{}, &cat, c, {}, &empty).isOk());
  CHECK_FALSE(empty.side().evidence.timed());
  CHECK(isFresh(empty.side(), 0));
}

TEST_CASE("the window: new = under 20 impressions and first seen within the window, or never seen",
          "[explore][window]") {
  const Model m = windowWorld();
  const ItemSide& s = m.side();
  // The default window, 3 days: recent (age 2 days) and unseen are new; old
  // (age 10 days - 1 s) is not, however thin its log; busy has 25 impressions.
  CHECK(NewVideoDefaults::kWindowDays == 3);
  CHECK_FALSE(isFresh(s, item(m, "est")));
  CHECK_FALSE(isFresh(s, item(m, "old")));
  CHECK(isFresh(s, item(m, "recent")));
  CHECK_FALSE(isFresh(s, item(m, "busy")));
  CHECK(isFresh(s, item(m, "unseen")));
  // At the limit: an age of exactly the window is inside, a hair less is not.
  CHECK(isFresh(s, item(m, "recent"), 2));
  CHECK_FALSE(isFresh(s, item(m, "recent"), std::nextafter(2.0, 0.0)));
  // old's age is kNow - 1 s: inside a 10-day window; a window of 0 keeps only
  // what the log never saw.
  CHECK(isFresh(s, item(m, "old"), 10));
  CHECK_FALSE(isFresh(s, item(m, "busy"), NewVideoDefaults::kMaxWindowDays));
  CHECK_FALSE(isFresh(s, item(m, "recent"), 0));
  CHECK(isFresh(s, item(m, "unseen"), 0));
}

TEST_CASE("a whole feed tries an old thin-log video only when the window reaches back to it", "[explore][window]") {
  // The person watched est. Eligible: old, recent, busy, unseen; with recent
  // and unseen excluded, the only video under 20 impressions is old. Every
  // showing of the log was a full view, so the base rate is 60 / 60 = 1; old
  // is the one fresh candidate (its score scales to nothing), so its prior
  // mean is r clamped to 0.99: Beta(1.98 + 3, 0.02), mean 0.996, sd 0.0258,
  // bound 1.048 >= 1. k 2 (old and busy are all there is), budget 1, one
  // event: round(50 / 51 * 2) = 2 slots; the one old does not fill goes back.
  const Model m = windowWorld();
  const Profile p = onlyViewed(m, "est");
  RankInput in;
  in.request.k = 2;
  in.request.newVideoBudget = 1;
  in.request.newVideoMethod = NewVideoMethod::Ucb;
  in.exclude = {"recent", "unseen"};
  std::vector<Recommendation> recs;
  REQUIRE(m.recommendForProfile(p, in, &recs).isOk());
  for (const Recommendation& r : recs) CHECK((r.reasons.empty() || r.reasons[0].kind != ReasonKind::New));
  in.request.newVideoWindow = 10;
  REQUIRE(m.recommendForProfile(p, in, &recs).isOk());
  int tried = 0;
  for (const Recommendation& r : recs)
    if (!r.reasons.empty() && r.reasons[0].kind == ReasonKind::New) {
      CHECK(r.item == item(m, "old"));
      ++tried;
    }
  CHECK(tried == 1);
}

TEST_CASE("limits: newVideoWindow 0 and 3650 days work, one past either is E_ARG", "[explore][window]") {
  RankRequest r;
  CHECK(r.newVideoWindow == NewVideoDefaults::kWindowDays);
  r.newVideoWindow = 0;
  CHECK(r.validate().isOk());
  r.newVideoWindow = 3650;
  CHECK(r.validate().isOk());
  r.newVideoWindow = std::nextafter(3650.0, 4000.0);
  const Status s = r.validate();
  CHECK(s.code() == ErrorCode::Arg);
  CHECK(s.message().find("newVideoWindow must be a number of days in [0, 3650]") != std::string::npos);
  r.newVideoWindow = -std::numeric_limits<double>::denorm_min();
  CHECK(r.validate().code() == ErrorCode::Arg);
  r.newVideoWindow = std::nan("");
  CHECK(r.validate().code() == ErrorCode::Arg);
}

TEST_CASE("the times survive save and load; a version 3 model loads with counts only", "[explore][window]") {
  const Model m = windowWorld();
  const Payload p = payloadOf(m);
  Model back;
  REQUIRE(loadAs(4, p.bytes, &back).isOk());
  CHECK(back.side().evidence.newest == kNow);
  for (std::size_t j = 0; j < m.itemCount(); ++j) {
    const double a = m.side().evidence.firstSeen[j], b = back.side().evidence.firstSeen[j];
    CHECK(((std::isnan(a) && std::isnan(b)) || a == b));
  }
  // Version 3: the same payload less the times section. The counts decide
  // alone, so old (3 impressions) is fresh again.
  const std::vector<uint8_t> v3(p.bytes.begin(), p.bytes.end() - static_cast<std::ptrdiff_t>(p.times));
  Model three;
  REQUIRE(loadAs(3, v3, &three).isOk());
  CHECK(three.side().evidence.known());
  CHECK_FALSE(three.side().evidence.timed());
  CHECK(isFresh(three.side(), item(m, "old")));
  CHECK_FALSE(isFresh(three.side(), item(m, "busy")));
  // Saved again it is version 4 with the times unknown, and loads so.
  std::vector<uint8_t> again;
  REQUIRE(three.save(false, &again).isOk());
  Model four;
  REQUIRE(Model::load(again.data(), again.size(), &four).isOk());
  CHECK(four.side().evidence.known());
  CHECK_FALSE(four.side().evidence.timed());
  // Version 3 bytes with the times section still on are damaged at the end.
  CHECK(loadAs(3, p.bytes, &three).code() == ErrorCode::Corrupt);
}

TEST_CASE("a truncated or damaged times section is E_CORRUPT", "[explore][window]") {
  const Model m = windowWorld();
  const Payload p = payloadOf(m);
  const std::size_t n = m.itemCount(), start = p.bytes.size() - p.times;
  Model out;
  for (std::size_t cut : {std::size_t{1}, std::size_t{8}, p.times - 1, p.times}) {
    const std::vector<uint8_t> shorter(p.bytes.begin(), p.bytes.end() - static_cast<std::ptrdiff_t>(cut));
    CHECK(loadAs(4, shorter, &out).code() == ErrorCode::Corrupt);
  }
  const auto putF64 = [](std::vector<uint8_t>& b, std::size_t pos, double v) { std::memcpy(b.data() + pos, &v, 8); };
  std::vector<uint8_t> flag = p.bytes;
  flag[start] = 2;
  CHECK(loadAs(4, flag, &out).code() == ErrorCode::Corrupt);
  for (double bad : {std::nan(""), std::numeric_limits<double>::infinity()}) {
    std::vector<uint8_t> newest = p.bytes;
    putF64(newest, start + 1, bad);
    CHECK(loadAs(4, newest, &out).code() == ErrorCode::Corrupt);
  }
  // The first video's first-seen time after the newest: impossible.
  std::vector<uint8_t> late = p.bytes;
  putF64(late, start + 1 + 8 + 8, kNow + 1);
  const Status s = loadAs(4, late, &out);
  CHECK(s.code() == ErrorCode::Corrupt);
  CHECK(s.message().find("first-seen") != std::string::npos);
  std::vector<uint8_t> infinite = p.bytes;
  putF64(infinite, start + 1 + 8 + 8, -std::numeric_limits<double>::infinity());
  CHECK(loadAs(4, infinite, &out).code() == ErrorCode::Corrupt);
  std::vector<uint8_t> count = p.bytes;
  count[start + 1 + 8] = static_cast<uint8_t>(n - 1);  // one time fewer than items
  CHECK(loadAs(4, count, &out).code() == ErrorCode::Corrupt);
  // Times with the evidence marked unknown: no writer makes that.
  const std::size_t evidenceStart = start - p.evidence;
  std::vector<uint8_t> orphan(p.bytes.begin(), p.bytes.begin() + static_cast<std::ptrdiff_t>(evidenceStart));
  orphan.push_back(0);
  orphan.insert(orphan.end(), p.bytes.begin() + static_cast<std::ptrdiff_t>(start), p.bytes.end());
  CHECK(loadAs(4, orphan, &out).code() == ErrorCode::Corrupt);
  // The good payload loads (the damage above is what fails).
  REQUIRE(loadAs(4, p.bytes, &out).isOk());
}

TEST_CASE("keepSampled keeps the m best scores, equal scores in a seeded order", "[explore][cap]") {
  const std::vector<Scored> all{{0.9f, 0}, {0.1f, 1}, {0.5f, 2}, {0.5f, 3}, {0.3f, 4}};
  const auto kept = [&](std::size_t m, uint64_t seed) {
    std::vector<Scored> f = all;
    keepSampled(&f, seed, m);
    std::set<int32_t> s;
    for (const Scored& x : f) s.insert(x.second);
    return s;
  };
  CHECK(kept(5, 1) == std::set<int32_t>{0, 1, 2, 3, 4});
  CHECK(kept(9, 1) == std::set<int32_t>{0, 1, 2, 3, 4});
  CHECK(kept(3, 1) == std::set<int32_t>{0, 2, 3});
  CHECK(kept(4, 1) == std::set<int32_t>{0, 2, 3, 4});
  // m = 2: 0.9 and one of the two 0.5s, the same for the same seed, and
  // each of them for some seed.
  std::set<int32_t> second;
  for (uint64_t seed = 0; seed < 64; ++seed) {
    const std::set<int32_t> k = kept(2, seed);
    REQUIRE(k.size() == 2);
    CHECK(k.count(0) == 1);
    CHECK(k == kept(2, seed));
    for (int32_t x : k)
      if (x != 0) second.insert(x);
  }
  CHECK(second == std::set<int32_t>{2, 3});
  CHECK(NewVideoDefaults::kSampledCandidates == 100);
}

namespace {

// The cap in a whole feed. e1..e6: 300 full views each. s1..sN: 19 half
// views each (impressions, no positive; their view weight gives them the
// same popularity above 0). u: never shown (popularity 0, the lowest score).
// The person watched e1. Base rate r = 1800 / (1800 + 19 N).
// s_i (scaled score 1): prior mean 0.5 r + 0.5, Beta(r + 1, 1 - r + 19);
// for N = 100, r = 0.48649: Beta(1.48649, 19.51351), mean 0.07079, sd
// 0.05468, bound 0.1801 < r: never tried. u (scaled score 0): prior mean
// 0.5 r, Beta(r, 2 - r), mean 0.24324, sd 0.24771, bound 0.7387 >= r: tried
// whenever it is valued. With N = 100 the fresh candidates are 101 and u, the
// lowest, is cut; with N = 99 (r = 0.48903) there are 100 and u is valued.
Model capWorld(std::size_t n) {
  std::vector<VideoInput> videos;
  for (int i = 1; i <= 6; ++i) videos.push_back({"e" + std::to_string(i), {}, "ce" + std::to_string(i), 10, {}});
  for (std::size_t i = 1; i <= n; ++i) videos.push_back({"s" + std::to_string(i), {}, "cs", 10, {}});
  videos.push_back({"u", {}, "cu", 10, {}});
  Catalog cat;
  REQUIRE(cat.addMany(videos).isOk());
  std::vector<E> events;
  double t = 1;
  for (int i = 1; i <= 6; ++i)
    for (int u = 1; u <= 300; ++u)
      events.push_back({"u" + std::to_string(u), "e" + std::to_string(i), EventType::View, 10, 10, t++});
  for (std::size_t i = 1; i <= n; ++i)
    for (int u = 1; u <= 19; ++u)
      events.push_back({"u" + std::to_string(u), "s" + std::to_string(i), EventType::View, 5, 10, t++});
  return popularityOf(cat, events);
}

}  // namespace

TEST_CASE("the sampled set: at the cap the lowest-scored new video is not valued, one below it is", "[explore][cap]") {
  for (const std::size_t n : {NewVideoDefaults::kSampledCandidates, NewVideoDefaults::kSampledCandidates - 1}) {
    const Model m = capWorld(n);
    CHECK(m.side().evidenceBaseRate == Approx(1800.0 / (1800.0 + 19.0 * static_cast<double>(n))));
    Profile p;
    REQUIRE(p.recordBatch(batch({{"", "e1", EventType::View, 10, 10, 1e6}}), &m.side().catalog, {}).isOk());
    // k 4, budget 0.25, one event: 1 slot, taken from e5 at the end of e2 e3 e4 e5.
    RankInput in;
    in.request.k = 4;
    in.request.newVideoBudget = 0.25;
    in.request.newVideoMethod = NewVideoMethod::Ucb;
    std::vector<Recommendation> recs;
    REQUIRE(m.recommendForProfile(p, in, &recs).isOk());
    std::vector<std::string> got;
    for (const Recommendation& r : recs) got.push_back(m.side().catalog.items().name(r.item));
    if (n == NewVideoDefaults::kSampledCandidates) {
      CHECK(got == std::vector<std::string>{"e2", "e3", "e4", "e5"});
    } else {
      CHECK(got == std::vector<std::string>{"e2", "e3", "u", "e4"});
      CHECK(recs[2].reasons[0].kind == ReasonKind::New);
    }
  }
}
