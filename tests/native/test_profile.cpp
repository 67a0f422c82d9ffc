#include <catch2/catch.hpp>
#include <cmath>

#include "profile/profile.hpp"
#include "test_helpers.hpp"

using namespace reelrank;
using reelrank::testing::batch;
using reelrank::testing::E;

namespace {
Catalog smallCatalog() {
  Catalog c;
  std::vector<VideoInput> v = {{"v1", {"cooking", "asmr"}, "alice", 40, {}},
                               {"v2", {"cooking"}, "bob", 20, {}},
                               {"v3", {"travel"}, "carol", 60, {}}};
  REQUIRE(c.addMany(v).isOk());
  return c;
}
constexpr double kDay = 86400;
}  // namespace

TEST_CASE("events become weights by the documented policy", "[profile]") {
  WeightPolicy p;
  CHECK(p.weight(EventType::View, 30, 60) == Approx(0.5));   // half watched
  CHECK(p.weight(EventType::View, 300, 60) == Approx(2.0));  // capped at 2 re-watches
  CHECK(p.weight(EventType::View, 30, 0) == Approx(1.0));    // unknown duration = one view
  CHECK(p.weight(EventType::Like, 0, 0) == Approx(4.0));
  CHECK(p.weight(EventType::Skip, 0, 0) == Approx(-1.5));
  CHECK(p.weight(EventType::Rating, 3.5, 0) == Approx(3.5));
  CHECK(p.decay(14 * kDay) == Approx(0.5));
  CHECK(p.decay(28 * kDay) == Approx(0.25));
}

TEST_CASE("a profile decays weights relative to its newest event", "[profile]") {
  Catalog cat = smallCatalog();
  Profile p;  // half-life 14 days
  REQUIRE(p.recordBatch(batch({{"", "v1", EventType::Like, 0, 0, 0}}), &cat, {}).isOk());
  CHECK(p.itemWeight(0) == Approx(4.0));
  REQUIRE(p.recordBatch(batch({{"", "v3", EventType::Like, 0, 0, 14 * kDay}}), &cat, {}).isOk());
  CHECK(p.itemWeight(0) == Approx(2.0));  // one half-life later
  CHECK(p.itemWeight(1) == Approx(4.0));
  auto tags = p.tagInterests(10);
  REQUIRE(tags.size() == 3);
  CHECK(tags[0].name == "travel");
  CHECK(tags[0].weight == Approx(4.0));
  CHECK(tags[1].weight == Approx(1.0));  // v1's like (2 after decay) split over its two tags
  // Ratings do not decay.
  REQUIRE(p.recordBatch(batch({{"", "v2", EventType::Rating, 5, 0, 14 * kDay}}), &cat, {}).isOk());
  REQUIRE(p.recordBatch(batch({{"", "v3", EventType::View, 60, 0, 42 * kDay}}), &cat, {}).isOk());
  CHECK(p.itemWeight(2) == Approx(5.0));
}

TEST_CASE("skips and dislikes give negative interests; likes rank tags", "[profile]") {
  Catalog cat = smallCatalog();
  Profile p(WeightPolicy{}, ProfileLimits{});
  REQUIRE(
      p.recordBatch(batch({{"", "v2", EventType::Like, 0, 0, 10}, {"", "v3", EventType::Dislike, 0, 0, 20}}), &cat, {})
          .isOk());
  auto tags = p.tagInterests(10);
  REQUIRE(tags.size() == 1);  // only positive interests are listed
  CHECK(tags[0].name == "cooking");
  auto creators = p.creatorInterests(10);
  REQUIRE(creators.size() == 1);
  CHECK(creators[0].name == "bob");
}

TEST_CASE("a failing batch changes nothing", "[profile]") {
  Catalog cat = smallCatalog();
  Profile p;
  REQUIRE(p.recordBatch(batch({{"", "v1", EventType::Like, 0, 0, 10}}), &cat, {}).isOk());
  auto before = p.save();
  CHECK(
      p.recordBatch(batch({{"", "v2", EventType::Like, 0, 0, 11}, {"", "v3", EventType::View, NAN, 10, 12}}), &cat, {})
          .code() == ErrorCode::Arg);
  CHECK(p.recordBatch(batch({{"", "v2", EventType::View, -5, 10, 12}}), &cat, {}).code() == ErrorCode::Arg);
  CHECK(p.recordBatch(batch({{"", "", EventType::Like, 0, 0, 12}}), &cat, {}).code() == ErrorCode::Arg);
  CHECK(p.save() == before);
}

TEST_CASE("profile memory is capped: oldest events and weakest items are evicted", "[profile]") {
  ProfileLimits lim;
  lim.maxEvents = 100;
  lim.maxItems = 50;
  Profile p(WeightPolicy{}, lim);
  for (int i = 0; i < 1000; ++i) {
    // item i watched i % 7 + 1 seconds of 10: later items are not always stronger
    REQUIRE(p.recordBatch(batch({{"", "item" + std::to_string(i), EventType::View, double(i % 7 + 1), 10, double(i)}}),
                          nullptr, {})
                .isOk());
    CHECK(p.items().size() <= 50);
    CHECK(p.eventCount() <= 100);
  }
  CHECK(p.totalRecorded() == 1000);
  // Every event kept still refers to a tracked item.
  for (const auto& e : p.events()) CHECK(static_cast<std::size_t>(e.item) < p.items().size());
}

TEST_CASE("profile save/load round-trips and rejects damaged bytes", "[profile]") {
  Catalog cat = smallCatalog();
  Profile p;
  REQUIRE(
      p.recordBatch(batch({{"", "v1", EventType::Like, 0, 0, 10}, {"", "v2", EventType::View, 10, 20, 20}}), &cat, {})
          .isOk());
  REQUIRE(p.block("v3", "").isOk());
  auto bytes = p.save();
  Profile q;
  REQUIRE(Profile::load(bytes.data(), bytes.size(), &q).isOk());
  CHECK(q.save() == bytes);
  CHECK(q.itemWeight(0) == Approx(p.itemWeight(0)));
  CHECK(q.blockedItem("v3"));

  Profile untouched;
  auto flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x10;
  CHECK(Profile::load(flipped.data(), flipped.size(), &untouched).code() == ErrorCode::Corrupt);
  CHECK(Profile::load(bytes.data(), bytes.size() - 1, &untouched).code() == ErrorCode::Corrupt);
  CHECK(Profile::load(bytes.data(), 3, &untouched).code() == ErrorCode::Corrupt);
  auto newer = bytes;
  newer[4] = 9;  // format version 9
  CHECK(Profile::load(newer.data(), newer.size(), &untouched).code() == ErrorCode::Version);
  CHECK(untouched.eventCount() == 0);
}

TEST_CASE("forgetting an item removes it and everything derived from it", "[profile][forget]") {
  Catalog cat = smallCatalog();
  Profile p;
  REQUIRE(p.recordBatch(batch({{"", "v1", EventType::Like, 0, 0, 10},
                               {"", "v2", EventType::Like, 0, 0, 20},
                               {"", "v1", EventType::Share, 0, 0, 30}}),
                        &cat, {})
              .isOk());
  Profile onlyV2;
  REQUIRE(onlyV2.recordBatch(batch({{"", "v2", EventType::Like, 0, 0, 20}}), &cat, {}).isOk());
  CHECK(p.forgetItem("v1") == 1);
  CHECK(p.forgetItem("never-seen") == 0);
  CHECK(p.eventCount() == 1);
  CHECK(p.items().size() == 1);
  auto tags = p.tagInterests(10);
  REQUIRE(tags.size() == 1);  // asmr came only from v1: gone
  CHECK(tags[0].name == "cooking");
  CHECK(tags[0].weight == Approx(4.0));  // only v2's like, and the clock is back at v2's time
  CHECK(p.creatorInterests(10).size() == 1);
  // Nothing of v1 survives in the saved bytes, apart from the lifetime event counter.
  auto bytes = p.save();
  std::string text(bytes.begin(), bytes.end());
  CHECK(text.find("v1") == std::string::npos);
  CHECK(text.find("alice") == std::string::npos);
  CHECK(text.find("asmr") == std::string::npos);
  CHECK(p.tagInterests(10)[0].weight == Approx(onlyV2.tagInterests(10)[0].weight));
}

TEST_CASE("forgetting before a time removes those events exactly", "[profile][forget]") {
  Catalog cat = smallCatalog();
  Profile p, expected;
  std::vector<E> early = {{"", "v1", EventType::Like, 0, 0, 10}, {"", "v2", EventType::View, 10, 20, 15}};
  std::vector<E> late = {{"", "v2", EventType::Like, 0, 0, 100}, {"", "v3", EventType::Dislike, 0, 0, 200}};
  REQUIRE(p.recordBatch(batch(early), &cat, {}).isOk());
  REQUIRE(p.recordBatch(batch(late), &cat, {}).isOk());
  REQUIRE(expected.recordBatch(batch(late), &cat, {}).isOk());
  CHECK(p.forgetBefore(50) == 2);
  CHECK(p.eventCount() == 2);
  CHECK(p.items().size() == 2);  // v1 had only early events: gone
  REQUIRE(p.tagInterests(10).size() == expected.tagInterests(10).size());
  for (std::size_t i = 0; i < p.tagInterests(10).size(); ++i) {
    CHECK(p.tagInterests(10)[i].name == expected.tagInterests(10)[i].name);
    CHECK(p.tagInterests(10)[i].weight == Approx(expected.tagInterests(10)[i].weight));
  }
  CHECK(p.forgetBefore(1e9) == 2);
  CHECK(p.eventCount() == 0);
  CHECK(p.tagInterests(10).empty());
  CHECK(p.items().size() == 0);
}

TEST_CASE("forget reaches events that left the raw list", "[profile][forget]") {
  ProfileLimits lim;
  lim.maxEvents = 3;
  Profile p(WeightPolicy{}, lim);
  for (int i = 0; i < 10; ++i)
    REQUIRE(p.recordBatch(batch({{"", "x", EventType::Like, 0, 0, double(i)}}), nullptr,
                          {{{"tag" + std::to_string(i % 2)}, ""}})
                .isOk());
  CHECK(p.eventCount() == 3);
  CHECK(p.itemWeight(0) > 0);
  // 7 archived events (times 0..6) are older than 8: all of them go, plus raw events 7.
  CHECK(p.forgetBefore(8) == 8);
  CHECK(p.eventCount() == 2);
  Profile fresh(WeightPolicy{}, lim);
  REQUIRE(fresh
              .recordBatch(batch({{"", "x", EventType::Like, 0, 0, 8}, {"", "x", EventType::Like, 0, 0, 9}}), nullptr,
                           {{{"tag0"}, ""}, {{"tag0"}, ""}})
              .isOk());
  CHECK(p.itemWeight(0) == Approx(fresh.itemWeight(0)));
}
