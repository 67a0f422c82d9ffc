// Id length at the limit, natively: limits::kMaxIdBytes (256) counts bytes
// of UTF-8, so 128 two-byte characters (256 bytes) are an id and one more
// byte is E_ARG, on every path that takes an id. tests/js/id-length.test.js
// checks the same strings through the JS API, which counts the same bytes.
#include <catch2/catch.hpp>

#include "common/limits.hpp"
#include "data/catalog.hpp"
#include "data/interactions.hpp"
#include "io/dataset_reader.hpp"
#include "profile/profile.hpp"
#include "test_helpers.hpp"

using namespace reelrank;
using reelrank::testing::batch;
using reelrank::testing::E;

namespace {

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// 256 bytes of UTF-8 in 2-, 3- and 4-byte characters, and the same plus one byte.
const std::string kE = "\xC3\xA9";             // U+00E9
const std::string kEuro = "\xE2\x82\xAC";      // U+20AC
const std::string kGrin = "\xF0\x9F\x98\x80";  // U+1F600

std::vector<std::string> atLimit() { return {repeat(kE, 128), repeat(kEuro, 85) + "a", repeat(kGrin, 64)}; }
std::vector<std::string> overLimit() {
  return {repeat(kE, 128) + "a", repeat(kEuro, 85) + "ab", repeat(kGrin, 64) + "a"};
}

bool mentions257(const Status& s) { return s.message().find("257 bytes") != std::string::npos; }

}  // namespace

TEST_CASE("an id of exactly 256 UTF-8 bytes is accepted, 257 is E_ARG", "[limits][ids]") {
  REQUIRE(limits::kMaxIdBytes == 256);
  for (const std::string& id : atLimit()) {
    REQUIRE(id.size() == 256);
    CHECK(validateId(id, "video").isOk());
    Catalog c;
    std::vector<VideoInput> v(1);
    v[0].id = id;
    v[0].tags = {id};
    v[0].creator = id;
    REQUIRE(c.addMany(v).isOk());
    CHECK(c.items().find(id) == 0);
    Interactions log;
    REQUIRE(log.addBatch(batch({{id, id, EventType::Like, 0, 0, 1}})).isOk());
    CHECK(log.users().name(0) == id);
    Profile p;
    REQUIRE(p.recordBatch(batch({{"me", id, EventType::Like, 0, 0, 1}}), &c, {}).isOk());
    CHECK(p.tagInterests(1).size() == 1);
    REQUIRE(p.block(id, id).isOk());
    CHECK(p.blockedItem(id));
    ReadResult r;
    REQUIRE(readDataset(id + "," + id + ",4\n", DatasetFormat::Csv, ReadOptions{}, &r).isOk());
    CHECK(r.events.users == id);
  }
  for (const std::string& id : overLimit()) {
    REQUIRE(id.size() == 257);
    const Status direct = validateId(id, "video");
    CHECK(direct.code() == ErrorCode::Arg);
    CHECK(mentions257(direct));
    Catalog c;
    std::vector<VideoInput> v(1);
    v[0].id = id;
    Status s = c.addMany(v);
    CHECK(s.code() == ErrorCode::Arg);
    CHECK(mentions257(s));
    v[0].id = "ok";
    v[0].tags = {id};
    CHECK(c.addMany(v).code() == ErrorCode::Arg);
    v[0].tags = {};
    v[0].creator = id;
    CHECK(c.addMany(v).code() == ErrorCode::Arg);
    CHECK(c.size() == 0);  // nothing was added
    Interactions log;
    s = log.addBatch(batch({{"u", "ok", EventType::Like, 0, 0, 1}, {id, "ok", EventType::Like, 0, 0, 2}}));
    CHECK(s.code() == ErrorCode::Arg);
    CHECK(mentions257(s));
    CHECK(log.eventCount() == 0);
    Profile p;
    s = p.recordBatch(batch({{"me", id, EventType::Like, 0, 0, 1}}), nullptr, {});
    CHECK(s.code() == ErrorCode::Arg);
    CHECK(mentions257(s));
    CHECK(p.eventCount() == 0);
    CHECK(p.block(id, "").code() == ErrorCode::Arg);
    CHECK(p.block("", id).code() == ErrorCode::Arg);
    CHECK(p.blockedItems().empty());
    ReadResult r;
    CHECK(readDataset(id + ",a,4\n", DatasetFormat::Csv, ReadOptions{}, &r).code() == ErrorCode::Arg);
  }
}
