// Damaged snapshot payloads, resealed with a correct length and checksum so
// the damage reaches the section readers (a flipped byte inside sealed bytes
// only ever tests the CRC). Every change must load or be E_CORRUPT, and what
// loads must rank; under ASan (npm test) an out-of-bounds read fails the run.
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <string>

#include "models/model.hpp"
#include "test_helpers.hpp"

using namespace reelrank;
using reelrank::testing::batch;
using reelrank::testing::E;

namespace {

constexpr std::size_t kHeader = 16, kCrc = 4;  // docs/format.md: the envelope around a payload

std::vector<uint8_t> payloadOf(const std::vector<uint8_t>& sealed) {
  return std::vector<uint8_t>(sealed.begin() + kHeader, sealed.end() - kCrc);
}

Model trained(const std::string& algorithm, Options options) {
  Interactions log;
  std::vector<E> ev;
  for (int u = 0; u < 6; ++u)
    for (int i = 0; i < 5; ++i)
      if ((u + i) % 3 != 0)
        ev.push_back({"u" + std::to_string(u), "v" + std::to_string(i), EventType::Like, 0, 0, 100.0 + i});
  REQUIRE(log.addBatch(batch(ev)).isOk());
  Catalog cat;
  std::vector<VideoInput> videos(5);
  for (int i = 0; i < 5; ++i) {
    videos[static_cast<std::size_t>(i)].id = "v" + std::to_string(i);
    videos[static_cast<std::size_t>(i)].tags = {i % 2 ? "odd" : "even"};
    videos[static_cast<std::size_t>(i)].creator = i < 3 ? "c1" : "c2";
    videos[static_cast<std::size_t>(i)].embedding = {static_cast<float>(i), 1.0f};
  }
  REQUIRE(cat.addMany(videos).isOk());
  TrainConfig c;
  c.algorithm = algorithm;
  c.options = std::move(options);
  Model m;
  REQUIRE(Model::train(log, &cat, c, {}, &m).isOk());
  return m;
}

// Loads `payload` sealed; returns the status and, when it loads, ranks with it.
Status loadAndUse(const std::vector<uint8_t>& payload) {
  const auto sealed = sealSnapshot(kModelMagic, kModelFormatVersion, payload);
  Model m;
  const Status s = Model::load(sealed.data(), sealed.size(), &m);
  if (s.isOk()) {
    Profile p;
    RankInput in;
    in.request.k = 3;
    in.request.explain = true;
    in.request.newVideoBudget = 0.5;  // ranks with whatever item evidence was loaded
    std::vector<Recommendation> recs;
    CHECK(m.recommendForProfile(p, in, &recs).isOk());
    if (m.side().hasUsers()) CHECK(m.recommendForUser(m.side().users.name(0), in, &recs).isOk());
  }
  return s;
}

std::vector<uint8_t> readFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  REQUIRE(f.good());
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("every one-byte change of a model payload loads or is E_CORRUPT, for every algorithm", "[format][fuzz]") {
  const std::vector<std::pair<std::string, Options>> algorithms = {{"popularity", {}},
                                                                   {"content", {}},
                                                                   {"itemknn", {{"neighbors", 3}}},
                                                                   {"userknn", {{"neighbors", 3}}},
                                                                   {"mf", {{"factors", 2}, {"epochs", 2}}},
                                                                   {"ials", {{"factors", 2}, {"iterations", 2}}},
                                                                   {"ease", {}}};
  for (const auto& [algorithm, options] : algorithms) {
    INFO(algorithm);
    const Model m = trained(algorithm, options);
    std::vector<uint8_t> sealed;
    REQUIRE(m.save(true, &sealed).isOk());
    const auto payload = payloadOf(sealed);
    REQUIRE(loadAndUse(payload).isOk());
    std::size_t refused = 0;
    for (std::size_t at = 0; at < payload.size(); ++at) {
      for (uint8_t flip : {uint8_t{0xFF}, uint8_t{0x01}}) {
        auto damaged = payload;
        damaged[at] ^= flip;
        const Status s = loadAndUse(damaged);
        INFO("byte " << at << " ^ " << int(flip) << ": " << s.message());
        REQUIRE((s.isOk() || s.code() == ErrorCode::Corrupt));
        refused += s.isOk() ? 0 : 1;
      }
    }
    CHECK(refused > 0);
    // Cut anywhere, the payload is refused (every section has a fixed end).
    for (std::size_t cut = 0; cut < payload.size(); cut += 7) {
      const Status s =
          loadAndUse(std::vector<uint8_t>(payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(cut)));
      REQUIRE(s.code() == ErrorCode::Corrupt);
    }
  }
}

TEST_CASE("row offsets that pass at their ends but not in between are refused", "[format][fuzz][regression]") {
  // The crash libFuzzer found: user-section offsets like [0, 1000, 3] were
  // only checked at their ends, and the row loop read past the index list.
  const auto bytes =
      readFile(std::string(REELRANK_SOURCE_DIR) + "/tests/fuzz/regressions/fuzz_model_load/user-offsets-past-end.bin");
  const Status s = loadAndUse(bytes);
  CHECK(s.code() == ErrorCode::Corrupt);
  CHECK(s.message().find("user section") != std::string::npos);
}

TEST_CASE("a profile payload: every one-byte change loads or is E_CORRUPT", "[format][fuzz]") {
  Profile p;
  EventBatch b = batch({{"", "v1", EventType::Like, 0, 0, 10},
                        {"", "v2", EventType::View, 30, 60, 20},
                        {"", "v3", EventType::Skip, 1, 60, 30},
                        {"", "v1", EventType::Share, 0, 0, 40}});
  b.users.clear();
  REQUIRE(p.recordBatch(b, nullptr, {}).isOk());
  REQUIRE(p.block("v9", "").isOk());
  const auto payload = payloadOf(p.save());
  for (std::size_t at = 0; at < payload.size(); ++at) {
    auto damaged = payload;
    damaged[at] ^= 0xFF;
    const auto sealed = sealSnapshot(kProfileMagic, kProfileFormatVersion, damaged);
    Profile q;
    const Status s = Profile::load(sealed.data(), sealed.size(), &q);
    INFO("byte " << at << ": " << s.message());
    REQUIRE((s.isOk() || s.code() == ErrorCode::Corrupt));
    if (s.isOk()) {
      const auto again = q.save();
      Profile r;
      REQUIRE(Profile::load(again.data(), again.size(), &r).isOk());
      CHECK(r.save() == again);
    }
  }
}
