// The profile's kept id translation (profile/index_translation.hpp): it must
// always say what looking every id up again would, however the two maps
// grow, are rebuilt or cleared in between.
#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "models/model.hpp"
#include "profile/index_translation.hpp"
#include "profile/profile.hpp"
#include "test_helpers.hpp"

using namespace reelrank;
using reelrank::testing::batch;

namespace {
// What translate() must give: every id looked up, and the indices ordered.
void checkAgainstLookup(const IndexTranslation& t, const IdMap& from, const IdMap& to) {
  std::vector<int32_t> index, order;
  t.translate(from, to, &index, &order);
  REQUIRE(index.size() == from.size());
  for (std::size_t i = 0; i < from.size(); ++i) REQUIRE(index[i] == to.find(from.name(static_cast<int32_t>(i))));
  REQUIRE(order.size() == from.size());
  std::vector<uint8_t> hit(from.size(), 0);
  for (std::size_t k = 0; k < order.size(); ++k) {
    const auto i = static_cast<std::size_t>(order[k]);
    REQUIRE(i < from.size());
    REQUIRE(!hit[i]);
    hit[i] = 1;
    if (k) {
      const auto prev = static_cast<std::size_t>(order[k - 1]);
      REQUIRE((index[prev] < index[i] || (index[prev] == index[i] && prev < i)));
    }
  }
}
}  // namespace

TEST_CASE("an IdMap's uid changes with every copy, move and clear, not with interning", "[profile][translation]") {
  IdMap a;
  a.intern("x");
  const uint64_t u = a.uid();
  a.intern("y");
  CHECK(a.uid() == u);
  IdMap b = a;
  CHECK(b.uid() != u);
  CHECK(b.find("y") == 1);
  IdMap c = std::move(b);
  CHECK(c.uid() != u);
  CHECK(c.find("y") == 1);
  CHECK(b.size() == 0);  // NOLINT(bugprone-use-after-move): a moved-from map is empty
  const uint64_t cu = c.uid();
  c.clear();
  CHECK(c.uid() != cu);
  c = a;
  CHECK(c.uid() != a.uid());
}

TEST_CASE("a kept translation agrees with looking every id up, through growth, rebuilds and clears",
          "[profile][translation]") {
  std::mt19937 rng(7);
  IdMap from, to;
  IndexTranslation t;
  auto id = [&] { return "v" + std::to_string(rng() % 60); };
  for (int step = 0; step < 600; ++step) {
    switch (rng() % 10) {
      case 0:
      case 1:
      case 2:
      case 3:
        from.intern(id());  // one new event's item, as a swipe brings
        break;
      case 4:
        for (int k = 0; k < 20; ++k) from.intern(id());  // many at once: the order is sorted again
        break;
      case 5:
      case 6:
        to.intern(id());  // the catalogue learns an id the profile may hold
        break;
      case 7: {
        // The profile evicts: its map is rebuilt from a subset, as keepItems does.
        IdMap kept;
        for (const auto& n : from.names())
          if (rng() % 2) kept.intern(n);
        from = std::move(kept);
        break;
      }
      case 8:
        to.clear();
        break;
      default: {
        // A copy (another profile) starts empty and is right at once.
        const IndexTranslation copy = t;
        checkAgainstLookup(copy, from, to);
        break;
      }
    }
    checkAgainstLookup(t, from, to);
  }
}

TEST_CASE("recommendations from a profile's kept translation equal those of a fresh copy of it",
          "[profile][translation][rank]") {
  // A catalogue with tags and creators, a model that reads all three (content
  // blended with item-kNN), and a profile that records, evicts and forgets,
  // holding ids the model lacks; after each change its recommendations must
  // equal those of Profile::load(save()), whose translation starts empty.
  Catalog cat;
  std::vector<VideoInput> videos;
  for (int i = 0; i < 40; ++i)
    videos.push_back({"v" + std::to_string(i),
                      {"t" + std::to_string(i % 7), "t" + std::to_string(i % 3 + 7)},
                      "c" + std::to_string(i % 5),
                      30,
                      {}});
  REQUIRE(cat.addMany(videos).isOk());
  Interactions log;
  std::vector<testing::E> ev;
  for (int u = 0; u < 12; ++u)
    for (int k = 0; k < 6; ++k)
      ev.push_back({"u" + std::to_string(u), "v" + std::to_string((u * 5 + k * 3) % 40), EventType::Like, 0, 0,
                    double(u * 10 + k)});
  REQUIRE(log.addBatch(batch(ev)).isOk());
  TrainConfig config;
  config.algorithm = "itemknn";
  config.policy.halfLifeDays = 0;
  config.blend.content = 0.5f;
  config.blend.creator = 0.3f;
  Model m;
  REQUIRE(Model::train(log, &cat, config, {}, &m).isOk());

  ProfileLimits lim;
  lim.maxItems = 12;  // evictions rebuild the profile's maps
  Profile me(WeightPolicy{}, lim);
  std::mt19937 rng(3);
  RankInput in;
  in.request.k = 8;
  for (int step = 0; step < 80; ++step) {
    const int r = static_cast<int>(rng() % 10);
    if (r == 0) {
      me.forgetItem("v" + std::to_string(rng() % 40));
    } else {
      // Some ids only the profile knows, with tags and a creator of their own.
      const bool known = r != 1;
      const std::string item = known ? "v" + std::to_string(rng() % 40) : "x" + std::to_string(rng() % 5);
      std::vector<EventMeta> meta;
      if (!known) meta.push_back({{"t1", "new"}, "c9"});
      REQUIRE(me.recordBatch(batch({{"", item, r < 5 ? EventType::Like : EventType::View, 20, 30, double(step)}}), &cat,
                             meta)
                  .isOk());
    }
    const std::vector<uint8_t> bytes = me.save();
    Profile fresh;
    REQUIRE(Profile::load(bytes.data(), bytes.size(), &fresh).isOk());
    std::vector<Recommendation> kept, direct;
    const std::size_t before = me.memoryBytes();
    REQUIRE(m.recommendForProfile(me, in, &kept).isOk());
    // The kept translation is the profile's memory too, within its bound.
    if (step == 0) CHECK(me.memoryBytes() > before);
    CHECK(me.memoryBytes() <= me.memoryBound());
    REQUIRE(m.recommendForProfile(fresh, in, &direct).isOk());
    REQUIRE(kept.size() == direct.size());
    for (std::size_t k = 0; k < kept.size(); ++k) {
      CHECK(kept[k].item == direct[k].item);
      CHECK(kept[k].score == direct[k].score);
    }
  }
}
