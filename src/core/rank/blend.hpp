// The blend: how a score is made of its parts (collaborative, content,
// creator, popularity). One plan, made from the model's blend weights and
// what the algorithm's own score already is, serves both the ranker (one
// person, many videos) and the audience of a video (analytics/audience.cpp:
// one video, many people), so the two cannot weigh the parts differently.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/recommender.hpp"

namespace reelrank {

struct BlendWeights {
  float collaborative = 1.0f;
  float content = 0.5f;
  float creator = 0.2f;
  // The prior's weight is popularity / (1 + positive items / 10): it steers a
  // new profile and gets out of the way of an established one.
  float popularity = 0.1f;
  Status validate() const;
};

// What an algorithm's own score is. The content and popularity algorithms
// score with one of the blend's own signals: their score is the whole signal
// (weight 1, not rescaled) and that signal is not added a second time.
struct ScoreTraits {
  bool wholeSignal = false;
  bool isContent = false;     // the score is the content signal
  bool isPopularity = false;  // the score is the popularity prior
};
// THE one place the blend tells algorithms apart, today by their names; the
// traits on the Recommender interface replace this body.
ScoreTraits scoreTraits(const Recommender& algo);

// The weight of each part, and whether the algorithm's scores are divided by
// their largest |value| among the candidates (so they lie in [-1, 1]).
struct BlendPlan {
  float collaborative = 0, content = 0, creator = 0, popularity = 0;
  float server = 0;  // a server's candidate scores (RankRequest::serverWeight), 0 without them
  // The popularity correction: beta of score - beta * popularity (RankRequest::popularityCorrection).
  float popularityCorrection = 0;
  bool scaleCollaborative = true;
};

// The plan before any person or video is known.
BlendPlan planBlend(const BlendWeights& w, const ScoreTraits& t);
// The plan for one person's feed: a part the person has no signal for
// weighs 0, and the popularity prior fades with their positive items.
BlendPlan planForPerson(const BlendPlan& plan, bool hasContent, bool hasCreators, std::size_t positiveItems);

// One score's weighted parts.
struct BlendParts {
  float collaborative, content, creator, popularity;
  float server = 0;  // added last, so without a server (0) the sums keep every bit
  // -beta * popularity, after the server's part; without a correction it is
  // -0, which leaves every sum's bits as they were. Not a reason: it only
  // ever lowers a score.
  float correction = 0;
  // The blended score, summed in the order the ranking loop has always used.
  float score() const { return collaborative + popularity + content + creator + server + correction; }
  // The score an explored item carries: the same parts summed in the order
  // they are listed, as explored items always have. It can differ from
  // score() in the last bit; kept so feeds stay bit-identical.
  float exploreScore() const { return collaborative + content + creator + popularity + server + correction; }
};

// Weighs unweighted parts. Content weighed 0 is exactly 0, so its value
// need not have been computed.
inline BlendParts weigh(const BlendPlan& p, float collaborative, float content, float creator, float popularity,
                        float server = 0.0f) {
  return BlendParts{p.collaborative * collaborative,
                    p.content > 0 ? p.content * content : 0.0f,
                    p.creator * creator,
                    p.popularity * popularity,
                    p.server * server,
                    -(p.popularityCorrection * popularity)};
}

// Every item's unweighted parts for one person.
struct ItemSignals {
  std::vector<float> collaborative;    // per item (scaled when the plan says so)
  std::vector<float> content;          // per item; empty when the plan gives content no weight
  std::vector<float> creatorAffinity;  // per creator, the person's affinity over their strongest, in [-1, 1]
  const float* popularity = nullptr;   // per item: ItemSide::popularity
  const int32_t* creatorOf = nullptr;  // per item: ItemSide::itemCreator (-1 = none)
  std::vector<float> server;           // per item, in [0, 1]; empty without server candidates

  BlendParts weighed(const BlendPlan& p, std::size_t j) const {
    const int32_t c = creatorOf[j];
    return weigh(p, collaborative[j], p.content > 0 ? content[j] : 0.0f,
                 c >= 0 ? creatorAffinity[static_cast<std::size_t>(c)] : 0.0f, popularity[j],
                 server.empty() ? 0.0f : server[j]);
  }
};

// Computes one person's signals over the side's items (the algorithm's
// scores scaled over the `eligible` items) and returns the person's plan.
// `only`: the eligible items in ascending order when known; then only they
// are scaled (the others' parts are never read).
BlendPlan personSignals(const ItemSide& side, const Recommender& algo, const BlendPlan& plan, const Query& q,
                        const std::vector<uint8_t>& eligible, ItemSignals* out,
                        const std::vector<int32_t>* only = nullptr);

}  // namespace reelrank
