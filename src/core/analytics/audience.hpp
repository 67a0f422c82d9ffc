// Who to reach: for a video, the people of a model's training log most
// likely to engage with it, and its affinity per audience segment; and the
// lookalikes of a seed group.
//
// Affinity of person u for a known video i, on scales shared by everyone so
// people compare (each part is divided by its largest |value| over the people
// ranked):
//   collaborative  half the algorithm's score of i for u, half the cosine of
//                  u's row with the centre of the rows of i's current audience
//                  (people who engaged positively); the score alone when i has
//                  no audience yet
//   content        cosine of u's tag vector (idf-weighted) with i's TF-IDF
//                  tags, averaged with the embedding cosine when both exist
//   creator        u's affinity for i's creator over u's strongest creator affinity
//   affinity = blend.collaborative * collaborative + blend.content * content
//              + blend.creator * creator   (the model's blend weights)
// The score is not divided per person as the ranker does within one feed: a
// heavy viewer is likelier to watch any video, and on held-out KuaiRand
// viewers the undivided score ranks them better (docs/analytics.md).
// A new video (the cold-start case) has no collaborative part: only its tags,
// creator and embedding speak for it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "analytics/describe.hpp"
#include "analytics/people.hpp"
#include "models/model.hpp"

namespace reelrank::analytics {

struct ItemFeatures {
  std::vector<std::string> tags;
  std::string creator;           // empty = none
  std::vector<float> embedding;  // empty = none
};

struct AudienceOptions {
  int k = 20;        // people to return
  int segments = 0;  // k of the segments: 0 = chosen by silhouette, -1 = no segments
  int kMax = 8;
  uint64_t seed = 1;
  int minGroupSize = kDefaultMinGroupSize;
  bool includeSeen = false;  // also rank people who already engaged with the video
  Features features = Features::Auto;
  int dims = 32;
  DescribeOptions describe;
};

struct PersonScore {
  int32_t person;  // training-user index of the model
  float score;
};

struct SegmentAffinity {
  GroupSummary group;
  double meanAffinity = 0;  // over members not yet reached (NaN when fewer than minGroupSize are)
  double topShare = 0;      // share of the returned people who are in this segment
  uint32_t reached = 0;     // members who already engaged with the video
};

struct AudienceResult {
  std::string basis;  // "model" (a video the model knows) or "content" (a new video)
  std::vector<PersonScore> people;
  uint32_t candidates = 0;  // people ranked
  uint32_t reached = 0;     // people who already engaged with the video
  bool hasSegments = false;
  int segmentK = 0;
  double silhouette = 0;
  std::vector<SegmentAffinity> segments;  // by mean affinity, "other" last
  PrivacyNote privacy;
};

Status audienceForItem(const Model& model, const std::string& item, const AudienceOptions& o, AudienceResult* out);
Status audienceForFeatures(const Model& model, const ItemFeatures& f, const AudienceOptions& o, AudienceResult* out);

// People most like the seed group (training-user ids of the model), best
// first, seeds left out. Similarity is the cosine of a person's engagement
// row with the mean of the seeds' normalised rows, blended with the same
// cosine over tag profiles when the catalogue has tags.
Status lookalike(const Model& model, const std::vector<std::string>& seeds, int k, std::vector<PersonScore>* out);

}  // namespace reelrank::analytics
