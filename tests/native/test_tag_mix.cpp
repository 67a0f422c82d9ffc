// tagMixForProfile: the two tag mixes calibration compares and their KL
// divergence, against numbers worked out by hand in the comments.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "models/tag_mix.hpp"
#include "rank_test_helpers.hpp"
#include "test_helpers.hpp"

using namespace reelrank;
using reelrank::testing::batch;
using reelrank::testing::E;
using reelrank::testing::popularityOf;

namespace {

std::map<std::string, double> byTag(const TagMixReport& r, const std::vector<double>& mix) {
  std::map<std::string, double> out;
  for (std::size_t g = 0; g < r.tags.size(); ++g) out[r.tags[g]] = mix[g];
  return out;
}

}  // namespace

TEST_CASE("tagMixForProfile: history and list mixes and their KL, by hand", "[tagmix]") {
  Catalog cat;
  REQUIRE(cat.addMany({{"h1", {"x"}, "", 0, {}},
                       {"h2", {"x", "y"}, "", 0, {}},
                       {"a", {"x"}, "", 0, {}},
                       {"b", {"y", "z"}, "", 0, {}},
                       {"c", {"z"}, "", 0, {}}})
              .isOk());
  const Model model = popularityOf(cat, {{"u1", "a", EventType::Like, 0, 0, 1}, {"u1", "b", EventType::Like, 0, 0, 1}});

  WeightPolicy policy;
  policy.halfLifeDays = 0;
  Profile me(policy);
  TagMixReport r;
  // Nothing recorded: no history mix, nothing to be calibrated to.
  REQUIRE(tagMixForProfile(model, me, {"a"}, &r).isOk());
  CHECK(std::isnan(r.miscalibration));

  // h1 {x} and h2 {x, y} liked at one moment weigh the same: history x 0.75, y 0.25.
  REQUIRE(
      me.recordBatch(batch({{"me", "h1", EventType::Like, 0, 0, 5}, {"me", "h2", EventType::Like, 0, 0, 5}}), &cat, {})
          .isOk());
  REQUIRE(tagMixForProfile(model, me, {"a", "b", "c"}, &r).isOk());
  auto history = byTag(r, r.history);
  auto list = byTag(r, r.list);
  CHECK(history["x"] == Approx(0.75));
  CHECK(history["y"] == Approx(0.25));
  CHECK(history["z"] == Approx(0.0));
  // a gives x 1, b gives y 1/2 and z 1/2, c gives z 1, over three videos.
  CHECK(list["x"] == Approx(1.0 / 3));
  CHECK(list["y"] == Approx(1.0 / 6));
  CHECK(list["z"] == Approx(0.5));
  // 0.75 ln(0.75 / (0.99 / 3 + 0.0075)) + 0.25 ln(0.25 / (0.99 / 6 + 0.0025)) = 0.6990002.
  CHECK(r.miscalibration == Approx(0.6990002).epsilon(1e-6));

  // An unknown id fails and leaves the answer as it was.
  const TagMixReport before = r;
  CHECK(tagMixForProfile(model, me, {"a", "nope"}, &r).code() == ErrorCode::UnknownId);
  CHECK(r.list == before.list);
}
