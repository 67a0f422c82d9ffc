// The sasrec algorithm behind the Recommender interface: trained through
// Model::train from a log, recommending what follows the recent events,
// explaining with the attended event, saved and read back with every field
// checked.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>

#include "analytics/rng.hpp"
#include "models/model.hpp"
#include "models/sasrec/sasrec_feedback.hpp"
#include "models/sasrec/sasrec_model.hpp"
#include "models/sasrec/sasrec_steps.hpp"
#include "test_helpers.hpp"

using namespace reelrank;
using reelrank::testing::batch;
using reelrank::testing::E;

namespace {

constexpr int kVideos = 12;

std::string vid(int i) { return "v" + std::to_string(i); }
// The successor of video i in the planted chain.
int after(int i) { return (i * 5 + 3) % kVideos; }

// 60 people, each liking 6..9 videos along the chain from their own start.
Interactions chainLog() {
  std::vector<E> ev;
  for (int u = 0; u < 60; ++u) {
    int item = (u * 7) % kVideos;
    const int len = 6 + u % 4;
    for (int t = 0; t < len; ++t) {
      ev.push_back({"u" + std::to_string(u), vid(item), EventType::Like, 0, 0, 1000.0 * u + t});
      item = after(item);
    }
  }
  Interactions log;
  REQUIRE(log.addBatch(batch(ev)).isOk());
  return log;
}

Model trained() {
  TrainConfig c;
  c.algorithm = "sasrec";
  c.options = {{"dim", 16},    {"blocks", 1}, {"maxLen", 8},          {"epochs", 40},
               {"dropout", 0}, {"batch", 16}, {"learningRate", 1e-2}, {"patience", 40}};
  c.policy.halfLifeDays = 0;
  Model m;
  const Status st = Model::train(chainLog(), nullptr, c, {}, &m);
  INFO(st.message());
  REQUIRE(st.isOk());
  return m;
}

Profile watched(const std::vector<int>& items) {
  Profile p;
  std::vector<E> ev;
  double t = 1e7;
  for (int i : items) ev.push_back({"", vid(i), EventType::Like, 0, 0, t++});
  REQUIRE(p.recordBatch(batch(ev), nullptr, {}).isOk());
  return p;
}

int32_t idx(const Model& m, const std::string& id) { return m.side().catalog.items().find(id); }

}  // namespace

TEST_CASE("sasrec model: recommends what follows the recent events, explains with one of them, survives save/load",
          "[sasrec]") {
  const Model m = trained();
  CHECK(std::string(m.algorithm().algorithm()) == "sasrec");
  CHECK(m.algorithm().traits().readsOrder);
  int right = 0;
  for (int start = 0; start < kVideos; ++start) {
    const int a = start, b = after(a), c = after(b);
    const Profile p = watched({a, b});
    RankInput in;
    in.request.k = 1;
    in.request.explain = true;
    std::vector<Recommendation> recs;
    REQUIRE(m.recommendForProfile(p, in, &recs).isOk());
    REQUIRE(recs.size() == 1);
    right += recs[0].item == idx(m, vid(c)) ? 1 : 0;
    bool recent = false;
    for (const Reason& r : recs[0].reasons)
      recent |= r.kind == ReasonKind::Recent && (r.ref == idx(m, vid(a)) || r.ref == idx(m, vid(b)));
    CHECK(recent);
  }
  CHECK(right >= kVideos - 1);
  // The order matters: the same two videos the other way round predict another video.
  const Profile ab = watched({0, after(0)}), ba = watched({after(0), 0});
  std::vector<float> sab(m.itemCount(), 0.0f), sba(m.itemCount(), 0.0f);
  m.algorithm().score(m.side(), m.queryForProfile(ab, nullptr), sab);
  m.algorithm().score(m.side(), m.queryForProfile(ba, nullptr), sba);
  CHECK(std::max_element(sab.begin(), sab.end()) - sab.begin() == idx(m, vid(after(after(0)))));
  CHECK(std::max_element(sba.begin(), sba.end()) - sba.begin() == idx(m, vid(after(0))));
  // similarItems: what comes right after.
  const auto sim = m.algorithm().similarItems(m.side(), idx(m, vid(4)), 1);
  REQUIRE(sim.size() == 1);
  CHECK(sim[0].first == idx(m, vid(after(4))));

  std::vector<uint8_t> bytes, again;
  REQUIRE(m.save(false, &bytes).isOk());
  Model back;
  REQUIRE(Model::load(bytes.data(), bytes.size(), &back).isOk());
  REQUIRE(back.save(false, &again).isOk());
  CHECK(again == bytes);
  std::vector<float> sback(m.itemCount(), 0.0f);
  back.algorithm().score(back.side(), back.queryForProfile(ab, nullptr), sback);
  CHECK(sback == sab);
}

TEST_CASE(
    "sasrec model: explainMany (behind explain) names a recent event other than the item for every item, none "
    "outside the model",
    "[sasrec]") {
  const Model m = trained();
  const Profile p = watched({0, after(0), after(after(0)), 5});
  const Query q = m.queryForProfile(p, nullptr);
  // Every item, one watched (its own event is never its reason), and two
  // outside the model.
  std::vector<int32_t> items;
  for (int32_t j = -1; j <= static_cast<int32_t>(m.itemCount()); ++j) items.push_back(j);
  std::vector<Reason> why;
  std::vector<uint8_t> found;
  m.algorithm().explainMany(m.side(), q, items, &why, &found);
  REQUIRE(why.size() == items.size());
  REQUIRE(found.size() == items.size());
  int explained = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    Reason one;
    const bool has = m.algorithm().explain(m.side(), q, items[i], &one);
    INFO("item " << items[i]);
    REQUIRE(static_cast<bool>(found[i]) == has);
    if (!has) continue;
    ++explained;
    CHECK(why[i].kind == ReasonKind::Recent);
    CHECK(why[i].ref == one.ref);
    CHECK(why[i].weight == one.weight);
    CHECK(why[i].ref != items[i]);
  }
  CHECK(explained == static_cast<int>(m.itemCount()));
  CHECK_FALSE(found.front());  // -1 and itemCount() are no items
  CHECK_FALSE(found.back());
}

TEST_CASE("sasrec model: its snapshot section is checked field by field", "[sasrec]") {
  const Model m = trained();
  BinaryWriter w;
  m.algorithm().write(w, false);
  const std::vector<uint8_t> good = w.bytes();
  std::unique_ptr<Recommender> out;
  {
    BinaryReader r(good.data(), good.size());
    REQUIRE(SasrecModel::read(r, m.side(), &out).isOk());
  }
  // Every truncation is E_CORRUPT (a sample of lengths, all of the header).
  for (std::size_t n = 0; n < good.size(); n += (n < 64 ? 1 : 97)) {
    BinaryReader r(good.data(), n);
    CHECK(SasrecModel::read(r, m.side(), &out).code() == ErrorCode::Corrupt);
  }
  auto withI32 = [&](std::size_t at, int32_t v) {
    std::vector<uint8_t> b = good;
    std::memcpy(b.data() + at, &v, 4);
    return b;
  };
  auto corrupt = [&](const std::vector<uint8_t>& b) {
    BinaryReader r(b.data(), b.size());
    return SasrecModel::read(r, m.side(), &out).code() == ErrorCode::Corrupt;
  };
  CHECK(corrupt(withI32(0, 2)));            // section version
  CHECK(corrupt(withI32(4, kVideos + 1)));  // items != the catalogue
  CHECK(corrupt(withI32(8, 0)));            // dim
  CHECK(corrupt(withI32(8, 1 << 20)));      // dim past the limit
  CHECK(corrupt(withI32(16, 3)));           // heads do not divide dim 16
  CHECK(corrupt(withI32(20, 100000)));      // maxLen past the limit
  CHECK(corrupt(withI32(24, 17)));          // ffn != what the tensors hold
  CHECK(corrupt(withI32(28, 10)));          // feedback rows the bytes do not have
  // A NaN weight, and a tensor whose count lies.
  std::vector<uint8_t> nan = good;
  const float q = std::numeric_limits<float>::quiet_NaN();
  std::memcpy(nan.data() + 32 + 8 + 4 * 20, &q, 4);  // inside item_embedding
  CHECK(corrupt(nan));
  std::vector<uint8_t> count = good;
  const uint64_t bigger = (kVideos + 1) * 16 + 1;
  std::memcpy(count.data() + 32, &bigger, 8);
  CHECK(corrupt(count));
}

TEST_CASE("sasrec model: options are checked; feedback kinds by event", "[sasrec]") {
  TrainConfig c;
  c.algorithm = "sasrec";
  c.options = {{"dim", 16}, {"heads", 3}, {"epochs", 1}};
  Model m;
  CHECK(Model::train(chainLog(), nullptr, c, {}, &m).code() == ErrorCode::Arg);
  c.options = {{"dim", 16}, {"epochs", 1}, {"dropout", 0.95}};
  CHECK(Model::train(chainLog(), nullptr, c, {}, &m).code() == ErrorCode::Arg);
  c.options = {{"dim", 16}, {"epochs", 2}, {"feedback", 1}, {"maxLen", 8}};
  REQUIRE(Model::train(chainLog(), nullptr, c, {}, &m).isOk());
  CHECK(dynamic_cast<const SasrecModel&>(m.algorithm()).weights().shape.feedbackKinds == sasrec::kFeedbackKinds);

  using sasrec::FeedbackKind;
  auto kind = [](EventType t, float w, float ratio) { return sasrec::feedbackKind({0, t, w, ratio, 0}); };
  CHECK(kind(EventType::View, 1, 0) == FeedbackKind::ViewUnknown);
  CHECK(kind(EventType::View, 0.1f, 0.1f) == FeedbackKind::ViewGlance);
  CHECK(kind(EventType::View, 0.5f, 0.5f) == FeedbackKind::ViewPartial);
  CHECK(kind(EventType::View, 1.5f, 1.5f) == FeedbackKind::ViewFull);
  CHECK(kind(EventType::Like, 4, 0) == FeedbackKind::Like);
  CHECK(kind(EventType::Share, 5, 0) == FeedbackKind::CommentOrShare);
  CHECK(kind(EventType::Comment, 3, 0) == FeedbackKind::CommentOrShare);
  CHECK(kind(EventType::Comment, -3, 0) == FeedbackKind::Dislike);
  CHECK(kind(EventType::Follow, 3, 0) == FeedbackKind::Follow);
  CHECK(kind(EventType::Skip, -1.5f, 0.1f) == FeedbackKind::Skip);
  CHECK(kind(EventType::Dislike, -4, 0) == FeedbackKind::Dislike);
  // Steps: a like after its view is one step of the stronger kind; skips are
  // steps only with feedback.
  const std::vector<SequenceStep> events = {{3, EventType::View, 1, 1, 0},
                                            {3, EventType::Like, 4, 0, 1},
                                            {5, EventType::Skip, -1.5f, 0.1f, 2},
                                            {6, EventType::View, 0.5f, 0.5f, 3}};
  const auto plain = sasrec::stepsOf(events.data(), events.data() + events.size(), false);
  REQUIRE(plain.size() == 2);
  CHECK(plain[0].row == 4);
  CHECK(plain[0].kind == static_cast<int32_t>(FeedbackKind::Like));
  CHECK(plain[1].row == 7);
  const auto all = sasrec::stepsOf(events.data(), events.data() + events.size(), true);
  REQUIRE(all.size() == 3);
  CHECK_FALSE(all[1].positive);
  CHECK(all[1].kind == static_cast<int32_t>(FeedbackKind::Skip));
}

TEST_CASE("sasrec model: lastSteps is the tail of stepsOf less the items outside the model, for every length",
          "[sasrec]") {
  analytics::Rng rng(19);
  const EventType types[] = {EventType::View, EventType::Like, EventType::Skip, EventType::Share};
  for (int trial = 0; trial < 200; ++trial) {
    // Runs of repeats, skips, zero weights and items past the model (>= 6).
    std::vector<SequenceStep> events;
    const auto n = static_cast<int32_t>(rng.below(40));
    for (int32_t i = 0; i < n; ++i) {
      const auto item = static_cast<int32_t>(rng.below(8)) - (rng.below(10) == 0 ? 9 : 0);
      const EventType type = types[rng.below(4)];
      const float weight = type == EventType::Skip ? -1.0f : (rng.below(8) == 0 ? 0.0f : 1.0f + rng.below(3));
      events.push_back({item, type, weight, 0.5f, static_cast<double>(i)});
    }
    for (bool feedback : {false, true}) {
      auto all = sasrec::stepsOf(events.data(), events.data() + events.size(), feedback);
      all.erase(std::remove_if(all.begin(), all.end(), [](const sasrec::Step& st) { return st.row > 6; }), all.end());
      for (std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{5}, std::size_t{50}}) {
        const auto tail = sasrec::lastSteps(events.data(), events.data() + events.size(), feedback, 6, count);
        const std::size_t want = std::min(count, all.size());
        REQUIRE(tail.size() == want);
        for (std::size_t k = 0; k < want; ++k) {
          const sasrec::Step& a = tail[k];
          const sasrec::Step& b = all[all.size() - want + k];
          INFO("trial " << trial << " feedback " << feedback << " count " << count << " step " << k);
          REQUIRE(a.row == b.row);
          REQUIRE(a.kind == b.kind);
          REQUIRE(a.positive == b.positive);
        }
      }
    }
  }
}

TEST_CASE("sasrec model: the negatives default follows the catalogue (full softmax up to 20000 items)", "[sasrec]") {
  Options o = {{"negatives", std::nan("")}};
  CHECK(SasrecModel::negativesFor(o, 1854) == 0);
  CHECK(SasrecModel::negativesFor(o, 20000) == 0);
  CHECK(SasrecModel::negativesFor(o, 20001) == 256);
  o["negatives"] = 5;
  CHECK(SasrecModel::negativesFor(o, 1e6) == 5);
  o["negatives"] = 0;
  CHECK(SasrecModel::negativesFor(o, 1e6) == 0);
}
