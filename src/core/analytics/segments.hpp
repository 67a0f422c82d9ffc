// Audience segments: people clustered by their interest vectors with
// k-means++ (Arthur and Vassilvitskii 2007), k given or chosen by the mean
// silhouette, each segment described by size, distinguishing tags, creators
// and videos, and engagement; plus communities from the people graph.
// Everything is seeded and runs in a fixed order: the same log and seed give
// the same segments on every platform.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "analytics/community.hpp"
#include "analytics/describe.hpp"
#include "analytics/engagement.hpp"
#include "analytics/people.hpp"

namespace reelrank::analytics {

struct KMeansOptions {
  int k = 2;
  uint64_t seed = 1;
  int restarts = 4;  // best inertia of this many seeded runs
  int maxIterations = 100;
};

struct KMeansResult {
  std::vector<int32_t> labels;
  Matrix centers;
  double inertia = 0;  // sum of squared distances to the assigned centre
  int iterations = 0;
};

// E_ARG when k < 1 or k > rows.
Status kmeans(const Matrix& X, const KMeansOptions& o, KMeansResult* out);

// Mean silhouette over at most maxSample points (a seeded sample, distances
// within the sample): in [-1, 1], higher is better separated.
double silhouette(const Matrix& X, const std::vector<int32_t>& labels, std::size_t maxSample, uint64_t seed);

// Adjusted Rand index of two labelings (1 = identical partitions, about 0 = chance).
double adjustedRandIndex(const std::vector<int32_t>& a, const std::vector<int32_t>& b);

struct Clustering {
  int k = 0;
  double silhouette = 0;
  std::vector<std::pair<int, double>> tried;  // (k, silhouette) when k was chosen
  KMeansResult result;
};
// k >= 1: that k. k == 0: the k in [2, kMax] with the best silhouette (k
// chosen on a seeded sample of 5,000 people when there are more).
Status cluster(const Matrix& X, int k, int kMax, uint64_t seed, Clustering* out);

struct SegmentOptions {
  int k = 0;  // 0 = choose by silhouette
  int kMax = 8;
  uint64_t seed = 1;
  Features features = Features::Auto;
  int dims = 32;
  int minGroupSize = kDefaultMinGroupSize;
  int graphNeighbors = 10;  // 0 = no communities
  DescribeOptions describe;
  EngagementOptions engagement;  // minGroupSize is taken from above
};

struct Segment {
  GroupSummary group;
  EngagementRow engagement;  // the members' events, as in the engagement table
};

struct SegmentsResult {
  uint32_t people = 0;
  int k = 0;
  Features features = Features::Items;
  int dims = 0;
  double silhouette = 0;
  std::vector<std::pair<int, double>> tried;
  double inertia = 0;
  std::vector<Segment> segments;
  PrivacyNote privacy;
  bool hasCommunities = false;
  std::vector<Segment> communities;
  int32_t communityCount = 0;  // before the guard
  double modularity = 0;
  PrivacyNote communityPrivacy;
};

// Segments of the people in `log` (rows weighted by `policy`; `catalog`
// gives tags and creators and may be null).
Status segments(const Interactions& log, const Catalog* catalog, const WeightPolicy& policy, const SegmentOptions& o,
                SegmentsResult* out);

}  // namespace reelrank::analytics
