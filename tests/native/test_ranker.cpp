// The ranker's parts, each against numbers worked out by hand: the blend
// plan, candidates, MMR diversity, the creator cap, exploration and reasons.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "models/content.hpp"
#include "models/popularity.hpp"
#include "rank/blend.hpp"
#include "rank/candidates.hpp"
#include "rank/diversity.hpp"
#include "rank/explanation.hpp"
#include "rank/exploration.hpp"
#include "rank_test_helpers.hpp"

using namespace reelrank;
using reelrank::testing::FixedScores;
using reelrank::testing::itemsOf;
using reelrank::testing::sideOf;

namespace {}  // namespace

TEST_CASE("the blend plan: whole-signal algorithms weigh 1, unscaled, and are not added twice", "[rank][blend]") {
  const BlendWeights w;  // 1, 0.5, 0.2, 0.1
  const BlendPlan knn = planBlend(w, scoreTraits(FixedScores({})));
  CHECK(knn.collaborative == 1.0f);
  CHECK(knn.content == 0.5f);
  CHECK(knn.creator == 0.2f);
  CHECK(knn.popularity == 0.1f);
  CHECK(knn.scaleCollaborative);

  BlendWeights half = w;
  half.collaborative = 0.25f;
  const BlendPlan content = planBlend(half, scoreTraits(ContentModel()));
  CHECK(content.collaborative == 1.0f);  // its score is the content signal itself
  CHECK(content.content == 0.0f);
  CHECK(content.creator == 0.2f);
  CHECK(content.popularity == 0.1f);
  CHECK_FALSE(content.scaleCollaborative);

  const BlendPlan pop = planBlend(half, scoreTraits(PopularityModel()));
  CHECK(pop.collaborative == 1.0f);
  CHECK(pop.content == 0.5f);
  CHECK(pop.popularity == 0.0f);  // the prior is its score already
  CHECK_FALSE(pop.scaleCollaborative);
}

TEST_CASE("the plan for a person fades the prior and drops parts they have no signal for", "[rank][blend]") {
  const BlendPlan base = planBlend(BlendWeights{}, ScoreTraits{});
  const BlendPlan p = planForPerson(base, true, true, 5);
  CHECK(p.popularity == Approx(0.1 / 1.5));  // 0.1 / (1 + 5 / 10)
  CHECK(p.content == 0.5f);
  CHECK(p.creator == 0.2f);
  const BlendPlan none = planForPerson(base, false, false, 0);
  CHECK(none.popularity == Approx(0.1));
  CHECK(none.content == 0.0f);
  CHECK(none.creator == 0.0f);
  CHECK(none.collaborative == 1.0f);
}

TEST_CASE("a blend of known parts", "[rank][blend]") {
  BlendPlan p;
  p.collaborative = 1.0f;
  p.content = 0.5f;
  p.creator = 0.2f;
  p.popularity = 0.05f;
  const BlendParts b = weigh(p, 0.8f, 0.4f, -0.5f, 0.6f);
  CHECK(b.collaborative == Approx(0.8));
  CHECK(b.content == Approx(0.2));
  CHECK(b.creator == Approx(-0.1));
  CHECK(b.popularity == Approx(0.03));
  CHECK(b.score() == Approx(0.8 + 0.2 - 0.1 + 0.03));
  CHECK(b.exploreScore() == Approx(b.score()));
  // Content weighted 0 is exactly 0, whatever was (not) computed for it.
  p.content = 0.0f;
  CHECK(weigh(p, 0.8f, std::numeric_limits<float>::quiet_NaN(), 0.0f, 0.0f).content == 0.0f);
}

TEST_CASE("a person's signals: scores scaled over the eligible items, creators over the strongest", "[rank][blend]") {
  const ItemSide side = sideOf({{"a", {}, "c0", 0, {}}, {"b", {}, "", 0, {}}, {"c", {}, "c1", 0, {}}});
  const int32_t c0 = side.catalog.creators().find("c0"), c1 = side.catalog.creators().find("c1");
  Query q;
  q.items = {{0, 1.0f}, {1, -1.0f}, {2, 3.0f}};  // two positive
  q.creators = {{c0, -2.0f}, {c1, 1.0f}};
  ItemSignals s;
  const BlendPlan p =
      personSignals(side, FixedScores({2, -4, 1}), planBlend(BlendWeights{}, ScoreTraits{}), q, {1, 0, 1}, &s);
  // The largest |score| among eligible items is 2 (item 1, excluded, scored -4).
  CHECK(s.collaborative == std::vector<float>{1.0f, -2.0f, 0.5f});
  CHECK(s.creatorAffinity[static_cast<std::size_t>(c0)] == -1.0f);
  CHECK(s.creatorAffinity[static_cast<std::size_t>(c1)] == 0.5f);
  CHECK(p.content == 0.0f);  // no tags, no embeddings: no content signal
  CHECK(p.creator == 0.2f);
  CHECK(p.popularity == Approx(0.1 / 1.2));
  const BlendParts item2 = s.weighed(p, 2);
  CHECK(item2.collaborative == 0.5f);
  CHECK(item2.creator == Approx(0.2 * 0.5));
  CHECK(s.weighed(p, 1).creator == 0.0f);  // no creator
}

TEST_CASE("candidates: the list, minus exclusions and blocked creators", "[rank][candidates]") {
  const ItemSide side = sideOf({{"a", {}, "x", 0, {}},
                                {"b", {}, "y", 0, {}},
                                {"c", {}, "x", 0, {}},
                                {"d", {}, "", 0, {}},
                                {"e", {}, "y", 0, {}}});
  RankRequest req;
  Candidates all = eligibleItems(side, req);
  CHECK(all.eligible == std::vector<uint8_t>{1, 1, 1, 1, 1});
  CHECK(all.count == 5);
  req.restrictToCandidates = true;
  req.candidates = {0, 1, 3, 4, 4};
  req.exclude = {3};
  req.excludeCreators = {side.catalog.creators().find("y")};
  const Candidates some = eligibleItems(side, req);
  CHECK(some.eligible == std::vector<uint8_t>{1, 0, 0, 0, 0});
  CHECK(some.count == 1);
  req.candidates.clear();  // an empty list given: nothing is a candidate
  CHECK(eligibleItems(side, req).count == 0);

  RankRequest sized;
  sized.k = 3;
  CHECK(poolSize(sized) == 3);
  sized.diversity = 0.1;
  CHECK(poolSize(sized) == 50);
  sized.diversity = 0;
  sized.maxPerCreator = 1;
  sized.k = 20;
  CHECK(poolSize(sized) == 100);
}

TEST_CASE("top candidates: best blended scores first, ties to the lower index", "[rank][candidates]") {
  const std::vector<float> pop = {0, 0, 0, 0, 1};
  const std::vector<int32_t> creators(5, -1);
  ItemSignals s;
  s.collaborative = {0.2f, 0.9f, 0.9f, -0.4f, 0.5f};
  s.popularity = pop.data();
  s.creatorOf = creators.data();
  BlendPlan p;
  p.collaborative = 1.0f;
  p.popularity = 0.1f;  // item 4: 0.5 + 0.1
  const std::vector<Scored> top = topCandidates(p, s, {1, 0, 1, 1, 1}, 2);
  REQUIRE(top.size() == 2);
  CHECK(top[0] == Scored(0.9f, 2));
  CHECK(top[1].second == 4);
  CHECK(top[1].first == Approx(0.6));
  CHECK(itemsOf(topCandidates(p, s, {1, 1, 1, 1, 1}, 3)) == std::vector<int32_t>{1, 2, 4});
  CHECK(topCandidates(p, s, {0, 0, 0, 0, 0}, 3).empty());
}

TEST_CASE("content similarity of items: tags, embeddings (norms from derive), their mean", "[rank][diversity]") {
  const ItemSide side = sideOf(
      {{"a", {"x"}, "", 0, {3, 4}}, {"b", {"x"}, "", 0, {4, 3}}, {"c", {}, "", 0, {4, 3}}, {"d", {"y"}, "", 0, {}}});
  CHECK(side.embeddingSqNorms == std::vector<double>{25, 25, 25, 0});
  CHECK(itemContentSimilarity(side, 0, 2) == Approx(24.0 / 25));            // embeddings only
  CHECK(itemContentSimilarity(side, 0, 1) == Approx((1 + 24.0 / 25) / 2));  // one shared tag: cosine 1
  CHECK(itemContentSimilarity(side, 0, 3) == 0.0f);                         // tags share nothing, d has no embedding
  CHECK(itemContentSimilarity(side, 2, 3) == 0.0f);                         // no kind in common
}

TEST_CASE("MMR picking order on three items", "[rank][diversity]") {
  // a and b share their one tag (similarity 1), c shares nothing with either.
  // Relevance over the pool: a 1, b (0.9 - 0.5) / 0.5 = 0.8, c 0.
  const ItemSide side = sideOf({{"a", {"x"}, "", 0, {}}, {"b", {"x"}, "", 0, {}}, {"c", {"y"}, "", 0, {}}});
  const std::vector<Scored> pool = {{1.0f, 0}, {0.9f, 1}, {0.5f, 2}};
  CreatorCap none(0);
  CHECK(itemsOf(selectDiverse(side, pool, 3, 0.0, none)) == std::vector<int32_t>{0, 1, 2});
  // diversity 0.5: a (0.5 * 1); then b 0.5 * 0.8 - 0.5 * 1 = -0.1 loses to c 0.5 * 0 - 0 = 0; then b.
  CreatorCap none2(0);
  CHECK(itemsOf(selectDiverse(side, pool, 3, 0.5, none2)) == std::vector<int32_t>{0, 2, 1});
  // diversity 0.1: b 0.9 * 0.8 - 0.1 * 1 = 0.62 beats c 0: relevance wins.
  CreatorCap none3(0);
  CHECK(itemsOf(selectDiverse(side, pool, 2, 0.1, none3)) == std::vector<int32_t>{0, 1});
  CreatorCap none4(0);
  CHECK(selectDiverse(side, {}, 3, 0.5, none4).empty());
}

TEST_CASE("the creator cap", "[rank][diversity]") {
  CreatorCap cap(2);
  CHECK_FALSE(cap.full(7));
  cap.take(7);
  CHECK_FALSE(cap.full(7));
  cap.take(7);
  CHECK(cap.full(7));
  CHECK_FALSE(cap.full(8));
  cap.take(-1);
  CHECK_FALSE(cap.full(-1));  // no creator is never capped
  CreatorCap off(0);
  for (int i = 0; i < 5; ++i) off.take(3);
  CHECK_FALSE(off.full(3));

  // Three videos of A then one of B, cap 2: the third A is skipped, and with
  // nothing left under the cap the feed ends short.
  const ItemSide side =
      sideOf({{"a1", {}, "A", 0, {}}, {"a2", {}, "A", 0, {}}, {"a3", {}, "A", 0, {}}, {"b1", {}, "B", 0, {}}});
  const std::vector<Scored> pool = {{4, 0}, {3, 1}, {2, 2}, {1, 3}};
  CreatorCap two(2);
  CHECK(itemsOf(selectDiverse(side, pool, 4, 0.0, two)) == std::vector<int32_t>{0, 1, 3});
  CHECK(two.full(side.catalog.creators().find("A")));
}

TEST_CASE("exploration: its slots, a seeded draw, even placement", "[rank][exploration]") {
  CHECK(explorationSlots(0.3, 10) == 3);
  CHECK(explorationSlots(0.25, 2) == 1);  // round(0.5) = 1
  CHECK(explorationSlots(0.2, 2) == 0);   // round(0.4) = 0
  CHECK(explorationSlots(1.0, 4) == 4);
  CHECK(explorationSlots(0.0, 4) == 0);

  // Six items, item 0 already chosen: the draw is over [1 2 3 4 5]. splitmix64
  // from seed 42 gives 0xbdd732262feb6e95 (mod 5 = 3: item 4, then 5 takes its
  // place: [1 2 3 5]) and 0x28efe333b266f103 (mod 4 = 3: item 5).
  const ItemSide side = sideOf({{"a", {}, "", 0, {}},
                                {"b", {}, "", 0, {}},
                                {"c", {}, "", 0, {}},
                                {"d", {}, "", 0, {}},
                                {"e", {}, "A", 0, {}},
                                {"f", {}, "", 0, {}}});
  const std::vector<uint8_t> all(6, 1);
  const std::vector<Scored> chosen = {{1.0f, 0}};
  CreatorCap cap(0);
  CHECK(drawExploration(side, all, chosen, 2, 42, cap) == std::vector<int32_t>{4, 5});
  CreatorCap again(0);
  CHECK(drawExploration(side, all, chosen, 2, 42, again) == std::vector<int32_t>{4, 5});  // one seed, one feed
  CreatorCap zero(0);
  CHECK(drawExploration(side, all, chosen, 0, 42, zero).empty());
  // With A at its cap the first draw is used up and yields nothing.
  CreatorCap capped(1);
  capped.take(side.catalog.creators().find("A"));
  CHECK(drawExploration(side, all, chosen, 2, 42, capped) == std::vector<int32_t>{5});
  // Never more than there is to draw, never an ineligible or chosen item.
  CreatorCap many(0);
  CHECK(drawExploration(side, {1, 1, 0, 0, 0, 0}, chosen, 4, 7, many) == std::vector<int32_t>{1});

  // Four chosen, two explored: at min(4, 1 * 6 / 3) = 2, then min(5, 2 * 7 / 3) = 4.
  const std::vector<Scored> c = {{4, 10}, {3, 11}, {2, 12}, {1, 13}}, e = {{0, 20}, {0, 21}};
  std::vector<int32_t> order;
  std::vector<bool> marks;
  for (const Placed& p : interleave(c, e)) {
    order.push_back(p.entry.second);
    marks.push_back(p.explored);
  }
  CHECK(order == std::vector<int32_t>{10, 11, 20, 12, 21, 13});
  CHECK(marks == std::vector<bool>{false, false, true, false, true, false});
  CHECK(interleave({}, e).size() == 2);
}

TEST_CASE("reasons carry their parts of the score, strongest first", "[rank][explanation]") {
  const ItemSide side = sideOf({{"a", {"cooking", "asmr"}, "alice", 0, {}}, {"b", {"asmr"}, "", 0, {}}});
  const int32_t cooking = side.catalog.tags().find("cooking"), alice = side.catalog.creators().find("alice");
  Query q;
  q.tags = {{cooking, 1.0f}};
  const FixedScores algo({0, 0});
  const std::vector<float> tw = personTagWeights(side, q);
  Reason similar;  // the algorithm's own reason, as explainMany gives it
  REQUIRE(algo.explain(side, q, 0, &similar));

  // Every part positive, popularity small: it is not listed, and the weights
  // are the other three parts (0.5 + 0.3 + 0.1 = score - popularity).
  const BlendParts p{0.5f, 0.3f, 0.1f, 0.05f};
  const std::vector<Reason> r = explainItem(side, &similar, tw, 0, p, false);
  REQUIRE(r.size() == 3);
  CHECK(r[0].kind == ReasonKind::Similar);
  CHECK(r[0].ref == 1);
  CHECK(r[0].weight == 0.5f);
  CHECK(r[1].kind == ReasonKind::Tag);
  CHECK(r[1].ref == cooking);
  CHECK(r[1].weight == 0.3f);
  CHECK(r[2].kind == ReasonKind::Creator);
  CHECK(r[2].ref == alice);
  CHECK(r[2].weight == 0.1f);
  CHECK(r[0].weight + r[1].weight + r[2].weight == Approx(p.score() - p.popularity));

  // Popularity at least the rest: listed, first, and the weights sum to the score.
  const BlendParts popular{0.1f, 0.0f, 0.0f, 0.2f};
  const std::vector<Reason> rp = explainItem(side, &similar, tw, 0, popular, false);
  REQUIRE(rp.size() == 2);
  CHECK(rp[0].kind == ReasonKind::Popular);
  CHECK(rp[1].kind == ReasonKind::Similar);
  CHECK(rp[0].weight + rp[1].weight == Approx(popular.score()));

  // Explored: the explore reason first (weight 0) whatever the others weigh.
  const std::vector<Reason> re = explainItem(side, &similar, tw, 0, {0.5f, 0.3f, 0.0f, 0.0f}, true);
  REQUIRE(re.size() == 3);
  CHECK(re[0].kind == ReasonKind::Explore);
  CHECK(re[0].weight == 0.0f);
  CHECK(re[1].kind == ReasonKind::Similar);
  CHECK(re[2].kind == ReasonKind::Tag);

  // A non-positive collaborative part is no reason, whatever the algorithm
  // says; a small prior is the only one left.
  const std::vector<Reason> rn = explainItem(side, &similar, tw, 1, {-0.2f, 0.0f, 0.0f, 0.01f}, false);
  REQUIRE(rn.size() == 1);
  CHECK(rn[0].kind == ReasonKind::Popular);
  CHECK(rn[0].weight == 0.01f);

  // The strongest tag from the weights made once is the one asked of the query.
  float once = 0, asked = 0;
  CHECK(strongestTag(side, tw, 0, &once) == strongestTag(side, q, 0, &asked));
  CHECK(once == asked);
  CHECK(strongestTag(side, tw, 1, nullptr) == -1);  // b has only asmr, which the person has no weight for
}
