#include "analytics/segments.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "analytics/rng.hpp"

namespace reelrank::analytics {

namespace {

float dist2(const Matrix& A, Eigen::Index a, const Matrix& B, Eigen::Index b) {
  return (A.row(a) - B.row(b)).squaredNorm();
}

// Seeded distinct indices: a partial Fisher-Yates shuffle, sorted back so the
// sample keeps the people's order.
std::vector<int32_t> sampleIndices(int32_t n, std::size_t m, uint64_t seed) {
  std::vector<int32_t> idx(static_cast<std::size_t>(n));
  for (int32_t i = 0; i < n; ++i) idx[static_cast<std::size_t>(i)] = i;
  if (m >= idx.size()) return idx;
  Rng rng(seed);
  for (std::size_t i = 0; i < m; ++i) std::swap(idx[i], idx[i + rng.below(idx.size() - i)]);
  idx.resize(m);
  std::sort(idx.begin(), idx.end());
  return idx;
}

Matrix rowsOf(const Matrix& X, const std::vector<int32_t>& idx) {
  Matrix S(static_cast<Eigen::Index>(idx.size()), X.cols());
  for (std::size_t i = 0; i < idx.size(); ++i) S.row(static_cast<Eigen::Index>(i)) = X.row(idx[i]);
  return S;
}

KMeansResult kmeansOnce(const Matrix& X, int k, uint64_t seed, int maxIterations) {
  const Eigen::Index n = X.rows();
  Rng rng(seed);
  KMeansResult r;
  r.centers.resize(k, X.cols());
  // k-means++ seeding: each next centre is a point drawn with probability
  // proportional to its squared distance from the centres so far.
  std::vector<double> d2(static_cast<std::size_t>(n));
  r.centers.row(0) = X.row(static_cast<Eigen::Index>(rng.below(static_cast<uint64_t>(n))));
  for (Eigen::Index i = 0; i < n; ++i) d2[static_cast<std::size_t>(i)] = dist2(X, i, r.centers, 0);
  for (int c = 1; c < k; ++c) {
    double sum = 0;
    for (double d : d2) sum += d;
    Eigen::Index pick = 0;
    if (sum <= 0) {
      pick = static_cast<Eigen::Index>(rng.below(static_cast<uint64_t>(n)));
    } else {
      const double target = rng.uniform() * sum;
      double acc = 0;
      pick = -1;
      for (Eigen::Index i = 0; i < n; ++i) {
        if (d2[static_cast<std::size_t>(i)] <= 0) continue;
        pick = i;  // the last positive one, should rounding leave acc short of target
        acc += d2[static_cast<std::size_t>(i)];
        if (acc > target) break;
      }
    }
    r.centers.row(c) = X.row(pick);
    for (Eigen::Index i = 0; i < n; ++i)
      d2[static_cast<std::size_t>(i)] =
          std::min(d2[static_cast<std::size_t>(i)], static_cast<double>(dist2(X, i, r.centers, c)));
  }
  // Lloyd iterations until no one changes segment.
  r.labels.assign(static_cast<std::size_t>(n), -1);
  auto assign = [&]() {
    bool changed = false;
    for (Eigen::Index i = 0; i < n; ++i) {
      int32_t best = 0;
      float bestD = dist2(X, i, r.centers, 0);
      for (int c = 1; c < k; ++c) {
        const float d = dist2(X, i, r.centers, c);
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      d2[static_cast<std::size_t>(i)] = bestD;
      if (r.labels[static_cast<std::size_t>(i)] != best) {
        r.labels[static_cast<std::size_t>(i)] = best;
        changed = true;
      }
    }
    return changed;
  };
  auto update = [&]() {
    Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(k, X.cols());
    std::vector<int64_t> count(static_cast<std::size_t>(k), 0);
    for (Eigen::Index i = 0; i < n; ++i) {
      const int32_t c = r.labels[static_cast<std::size_t>(i)];
      sum.row(c) += X.row(i).cast<double>();
      ++count[static_cast<std::size_t>(c)];
    }
    for (int c = 0; c < k; ++c) {
      if (count[static_cast<std::size_t>(c)] > 0) {
        r.centers.row(c) = (sum.row(c) / static_cast<double>(count[static_cast<std::size_t>(c)])).cast<float>();
        continue;
      }
      // An empty segment takes the point worst served by its centre.
      Eigen::Index far = 0;
      for (Eigen::Index i = 1; i < n; ++i)
        if (d2[static_cast<std::size_t>(i)] > d2[static_cast<std::size_t>(far)]) far = i;
      r.centers.row(c) = X.row(far);
      d2[static_cast<std::size_t>(far)] = 0;
    }
  };
  for (r.iterations = 0;; ++r.iterations) {
    if (!assign() || r.iterations == maxIterations) break;
    update();
  }
  r.inertia = 0;
  for (double d : d2) r.inertia += d;
  return r;
}

}  // namespace

Status kmeans(const Matrix& X, const KMeansOptions& o, KMeansResult* out) {
  const Eigen::Index n = X.rows();
  if (n == 0) return Status::error(ErrorCode::Empty, "there are no people to cluster");
  if (o.k < 1) return argError("k must be an integer >= 1 (got " + std::to_string(o.k) + ")");
  if (o.k > n)
    return argError("k (" + std::to_string(o.k) + ") is more than the number of people (" + std::to_string(n) + ")");
  if (o.restarts < 1 || o.maxIterations < 1) return argError("restarts and maxIterations must be >= 1");
  Rng seeds(o.seed);
  KMeansResult best;
  for (int r = 0; r < o.restarts; ++r) {
    KMeansResult run = kmeansOnce(X, o.k, seeds.next(), o.maxIterations);
    if (r == 0 || run.inertia < best.inertia) best = std::move(run);
  }
  *out = std::move(best);
  return Status::ok();
}

double silhouette(const Matrix& X, const std::vector<int32_t>& labels, std::size_t maxSample, uint64_t seed) {
  const std::vector<int32_t> idx = sampleIndices(static_cast<int32_t>(X.rows()), maxSample, seed);
  int32_t k = 0;
  for (int32_t l : labels) k = std::max(k, l + 1);
  std::vector<double> count(static_cast<std::size_t>(k), 0.0), sum(static_cast<std::size_t>(k));
  for (int32_t i : idx) count[static_cast<std::size_t>(labels[static_cast<std::size_t>(i)])] += 1;
  double total = 0;
  for (int32_t i : idx) {
    std::fill(sum.begin(), sum.end(), 0.0);
    for (int32_t j : idx)
      if (j != i) sum[static_cast<std::size_t>(labels[static_cast<std::size_t>(j)])] += std::sqrt(dist2(X, i, X, j));
    const auto own = static_cast<std::size_t>(labels[static_cast<std::size_t>(i)]);
    if (count[own] < 2) continue;  // a point alone in its segment scores 0
    const double a = sum[own] / (count[own] - 1);
    double b = std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < sum.size(); ++c)
      if (c != own && count[c] > 0) b = std::min(b, sum[c] / count[c]);
    if (std::isinf(b)) continue;
    const double m = std::max(a, b);
    if (m > 0) total += (b - a) / m;
  }
  return idx.empty() ? 0.0 : total / static_cast<double>(idx.size());
}

double adjustedRandIndex(const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
  const std::size_t n = std::min(a.size(), b.size());
  std::map<std::pair<int32_t, int32_t>, double> cells;
  std::map<int32_t, double> rows, cols;
  for (std::size_t i = 0; i < n; ++i) {
    cells[{a[i], b[i]}] += 1;
    rows[a[i]] += 1;
    cols[b[i]] += 1;
  }
  auto pairs = [](double x) { return x * (x - 1) / 2; };
  double index = 0, sa = 0, sb = 0;
  for (const auto& c : cells) index += pairs(c.second);
  for (const auto& r : rows) sa += pairs(r.second);
  for (const auto& c : cols) sb += pairs(c.second);
  const double expected = n > 1 ? sa * sb / pairs(static_cast<double>(n)) : 0;
  const double maximum = (sa + sb) / 2;
  if (maximum == expected) return 1.0;  // both partitions trivial and equal
  return (index - expected) / (maximum - expected);
}

Status cluster(const Matrix& X, int k, int kMax, uint64_t seed, Clustering* out) {
  const auto n = static_cast<int32_t>(X.rows());
  if (n == 0) return Status::error(ErrorCode::Empty, "there are no people to cluster");
  if (k < 0) return argError("k must be an integer >= 1 (got " + std::to_string(k) + ")");
  if (k > n)
    return argError("k (" + std::to_string(k) + ") is more than the number of people (" + std::to_string(n) + ")");
  if (kMax < 2 || kMax > 50) return argError("kMax must be an integer from 2 to 50");
  Clustering c;
  KMeansOptions ko;
  ko.seed = seed;
  constexpr std::size_t kSilhouetteSample = 1000, kChooseSample = 5000;
  if (k == 0) {
    const int top = std::min(kMax, n - 1);
    if (top < 2) {
      k = 1;  // two people or fewer: one segment
    } else {
      // Choose k on a sample when the audience is large; the sample is the
      // whole audience otherwise, and then the chosen run is kept as is.
      const bool sampled = static_cast<std::size_t>(n) > kChooseSample;
      const Matrix S = sampled ? rowsOf(X, sampleIndices(n, kChooseSample, seed ^ 0x5eedu)) : Matrix();
      const Matrix& Y = sampled ? S : X;
      double bestScore = -2;
      KMeansResult bestRun;
      for (int kk = 2; kk <= top; ++kk) {
        ko.k = kk;
        KMeansResult run;
        RR_TRY(kmeans(Y, ko, &run));
        const double s = silhouette(Y, run.labels, kSilhouetteSample, seed);
        c.tried.emplace_back(kk, s);
        if (s > bestScore) {
          bestScore = s;
          k = kk;
          bestRun = std::move(run);
        }
      }
      c.k = k;
      c.silhouette = bestScore;
      if (!sampled) {
        c.result = std::move(bestRun);
        *out = std::move(c);
        return Status::ok();
      }
    }
  }
  ko.k = k;
  RR_TRY(kmeans(X, ko, &c.result));
  c.k = k;
  if (c.tried.empty()) c.silhouette = k >= 2 && k < n ? silhouette(X, c.result.labels, kSilhouetteSample, seed) : 0.0;
  *out = std::move(c);
  return Status::ok();
}

namespace {

// Summaries plus the members' engagement, for a partition of the people.
Status summarise(const Interactions& log, const Catalog* catalog, const PeopleSource& src,
                 const std::vector<int32_t>& labels, int groups, const PrivacyGuard& guard, const SegmentOptions& o,
                 std::vector<Segment>* out, PrivacyNote* note) {
  std::vector<GroupSummary> summaries;
  std::vector<int32_t> final;
  describeGroups(src, labels, groups, guard, o.describe, &summaries, note, &final);
  Grouping g;
  g.groupOfEvent.resize(log.eventCount());
  for (std::size_t k = 0; k < log.eventCount(); ++k)
    g.groupOfEvent[k] = final[static_cast<std::size_t>(log.events()[k].user)];
  for (const GroupSummary& s : summaries) g.names.push_back(s.other ? "other" : "segment " + std::to_string(s.id));
  EngagementOptions eo = o.engagement;
  eo.minGroupSize = guard.minGroupSize();
  EngagementTable t;
  RR_TRY(engagementFor(log, catalog, g, eo, &t));
  out->clear();
  for (std::size_t i = 0; i < summaries.size(); ++i) {
    Segment s;
    s.group = std::move(summaries[i]);
    // Every shown group already has enough people, so rows line up with groups.
    if (i < t.rows.size()) s.engagement = t.rows[i];
    out->push_back(std::move(s));
  }
  return Status::ok();
}

}  // namespace

Status segments(const Interactions& log, const Catalog* catalog, const WeightPolicy& policy, const SegmentOptions& o,
                SegmentsResult* out) {
  PrivacyGuard guard;
  RR_TRY(PrivacyGuard::make(o.minGroupSize, &guard));
  RR_TRY(policy.validate());
  if (o.graphNeighbors < 0 || o.graphNeighbors > 100)
    return argError("graphNeighbors must be an integer from 0 to 100");
  if (o.describe.top < 0 || o.describe.top > 100) return argError("top must be an integer from 0 to 100");
  if (log.eventCount() == 0)
    return Status::error(ErrorCode::Empty, "the interaction log is empty: there is no one to segment");
  if (o.k < 0) return argError("k must be an integer >= 1 (got " + std::to_string(o.k) + ")");
  if (static_cast<std::size_t>(o.k) > log.users().size())
    return argError("k (" + std::to_string(o.k) + ") is more than the number of people in the log (" +
                    std::to_string(log.users().size()) + ")");
  PeopleSource src;
  peopleFromLog(log, catalog, policy, &src);
  PeopleVectors pv;
  RR_TRY(buildPeopleVectors(src, o.features, o.dims, o.seed, &pv));
  Clustering cl;
  RR_TRY(cluster(pv.X, o.k, o.kMax, o.seed, &cl));
  SegmentsResult r;
  r.people = static_cast<uint32_t>(src.people());
  r.k = cl.k;
  r.features = pv.used;
  r.dims = pv.dims;
  r.silhouette = cl.silhouette;
  r.tried = cl.tried;
  r.inertia = cl.result.inertia;
  RR_TRY(summarise(log, catalog, src, cl.result.labels, cl.k, guard, o, &r.segments, &r.privacy));
  if (o.graphNeighbors > 0 && src.people() >= 2 && src.people() <= kMaxGraphPeople) {
    Graph g;
    RR_TRY(knnGraph(pv.X, o.graphNeighbors, &g));
    const Communities c = louvain(g);
    r.hasCommunities = true;
    r.communityCount = c.count;
    r.modularity = c.modularity;
    RR_TRY(summarise(log, catalog, src, c.labels, c.count, guard, o, &r.communities, &r.communityPrivacy));
  }
  *out = std::move(r);
  return Status::ok();
}

}  // namespace reelrank::analytics
