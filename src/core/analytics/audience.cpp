#include "analytics/audience.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analytics/segments.hpp"
#include "models/user_knn.hpp"
#include "rank/blend.hpp"

namespace reelrank::analytics {

namespace {

// The video being placed, in the model's terms.
struct Target {
  int32_t item = -1;                            // a model item, -1 for a new video
  std::vector<std::pair<int32_t, float>> tags;  // TF-IDF weights, L2-normalised
  int32_t creator = -1;
  std::vector<float> embedding;  // L2-normalised; empty = none
};

void normalise(std::vector<float>& v) {
  double n = 0;
  for (float x : v) n += static_cast<double>(x) * x;
  if (n <= 0) {
    v.clear();
    return;
  }
  const auto inv = static_cast<float>(1.0 / std::sqrt(n));
  for (float& x : v) x *= inv;
}

Status checkModel(const Model& model, int k, const char* what) {
  if (!model.side().hasUsers())
    return Status::error(ErrorCode::State, std::string(what) +
                                               " needs the model's training users, and this model was saved without "
                                               "them (save with includeUsers: true)");
  const std::size_t people = model.side().users.size();
  if (k < 1) return argError("k must be an integer >= 1 (got " + std::to_string(k) + ")");
  if (static_cast<std::size_t>(k) > people)
    return argError("k (" + std::to_string(k) + ") is more than the number of people in the model (" +
                    std::to_string(people) + ")");
  return Status::ok();
}

// Content cosine of a person (query) with the target: tags and embedding,
// averaged over the parts both sides have (as the content model does).
float contentAffinity(const ItemSide& side, const Query& q, const Target& t) {
  float sum = 0;
  int parts = 0;
  if (!t.tags.empty() && !q.tags.empty()) {
    double norm = 0, dot = 0;
    for (const auto& [tag, w] : q.tags) {
      const double x = static_cast<double>(w) * side.tags.idf[static_cast<std::size_t>(tag)];
      norm += x * x;
      for (const auto& [tt, tw] : t.tags)
        if (tt == tag) dot += x * tw;
    }
    if (norm > 0) {
      sum += static_cast<float>(dot / std::sqrt(norm));
      ++parts;
    }
  }
  if (!t.embedding.empty()) {
    std::vector<float> user(t.embedding.size(), 0.0f);
    bool any = false;
    for (const auto& [item, w] : q.items) {
      const float* e = side.catalog.embedding(item);
      if (!e) continue;
      any = true;
      for (std::size_t d = 0; d < user.size(); ++d) user[d] += w * e[d];
    }
    normalise(user);
    if (any && !user.empty()) {
      float dot = 0;
      for (std::size_t d = 0; d < user.size(); ++d) dot += user[d] * t.embedding[d];
      sum += dot;
      ++parts;
    }
  }
  return parts ? sum / static_cast<float>(parts) : 0.0f;
}

float creatorAffinity(const Query& q, int32_t creator) {
  if (creator < 0) return 0;
  float maxAbs = 0, mine = 0;
  for (const auto& [c, w] : q.creators) {
    maxAbs = std::max(maxAbs, std::fabs(w));
    if (c == creator) mine = w;
  }
  return maxAbs > 0 ? mine / maxAbs : 0.0f;
}

// Cosine of every person's row with the centre of the seeds' normalised
// rows (each seed counts once, however much they watch).
void centroidSimilarity(const ItemSide& side, const std::vector<int32_t>& seeds, std::vector<float>& sims) {
  std::vector<float> centre(side.itemCount(), 0.0f);
  for (int32_t u : seeds) {
    const float norm = side.userNorms[static_cast<std::size_t>(u)];
    if (norm <= 0) continue;
    for (SparseRows::InnerIterator it(side.userItems, u); it; ++it)
      centre[static_cast<std::size_t>(it.index())] += it.value() / norm;
  }
  std::vector<std::pair<int32_t, float>> q;
  for (std::size_t i = 0; i < centre.size(); ++i)
    if (centre[i] != 0) q.emplace_back(static_cast<int32_t>(i), centre[i]);
  cosineToRows(side.userItems, side.itemUsers, side.userNorms, q, sims);
}

// Divides by the largest |value| among the entries `use` selects, so a
// signal spans [-1, 1] across people without changing their order.
void scaleToUnit(std::vector<float>& v, const std::vector<uint8_t>& use) {
  float maxAbs = 0;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (use[i]) maxAbs = std::max(maxAbs, std::fabs(v[i]));
  if (maxAbs > 0)
    for (float& x : v) x /= maxAbs;
}

Status rankAudience(const Model& model, const Target& t, const AudienceOptions& o, AudienceResult* out) {
  RR_TRY(checkModel(model, o.k, "audienceFor"));
  PrivacyGuard guard;
  RR_TRY(PrivacyGuard::make(o.minGroupSize, &guard));
  if (o.segments < -1) return argError("segments must be -1 (none), 0 (chosen by silhouette) or a k >= 1");
  if (o.segments > 0 && static_cast<std::size_t>(o.segments) > model.side().users.size())
    return argError("segments (" + std::to_string(o.segments) + ") is more than the number of people in the model (" +
                    std::to_string(model.side().users.size()) + ")");
  const ItemSide& side = model.side();
  const Recommender& algo = model.algorithm();
  // The ranker's plan. The popularity prior is one number per video, the same
  // for every person: it ranks no one.
  BlendPlan plan = planBlend(model.blend(), scoreTraits(algo));
  plan.popularity = 0.0f;
  // A new video has nothing else to go on.
  if (t.item < 0 && plan.content + plan.creator <= 0) plan.content = plan.creator = 1.0f;

  const auto n = static_cast<int32_t>(side.users.size());
  std::vector<uint8_t> reached(static_cast<std::size_t>(n), 0), candidate(static_cast<std::size_t>(n), 0);
  std::vector<int32_t> fans;  // people who engaged positively: the video's current audience
  AudienceResult r;
  r.basis = t.item >= 0 ? "model" : "content";
  for (int32_t u = 0; u < n; ++u) {
    float stored;
    if (t.item >= 0 && storedValue(side.userItems, u, t.item, &stored)) {
      reached[static_cast<std::size_t>(u)] = 1;
      ++r.reached;
      if (stored > 0) fans.push_back(u);
    }
    candidate[static_cast<std::size_t>(u)] = !reached[static_cast<std::size_t>(u)] || o.includeSeen;
    r.candidates += candidate[static_cast<std::size_t>(u)];
  }
  // Collaborative part of a known video: the algorithm's raw score (not
  // divided per person: a heavy viewer is likelier to watch anything, and on
  // held-out KuaiRand viewers the raw score ranks them better), averaged
  // with the similarity to the video's current audience.
  std::vector<float> itemPart(static_cast<std::size_t>(n), 0.0f), audiencePart(static_cast<std::size_t>(n), 0.0f);
  std::vector<float> affinity(static_cast<std::size_t>(n), 0.0f);
  std::vector<Query> queries(static_cast<std::size_t>(n));
  std::vector<float> scores;
  for (int32_t u = 0; u < n; ++u) {
    if (!candidate[static_cast<std::size_t>(u)]) continue;
    queries[static_cast<std::size_t>(u)] = model.queryForUserIndex(u);
    if (t.item < 0) continue;
    scores.assign(side.itemCount(), 0.0f);
    algo.score(side, queries[static_cast<std::size_t>(u)], scores);
    itemPart[static_cast<std::size_t>(u)] = scores[static_cast<std::size_t>(t.item)];
  }
  if (t.item >= 0) {
    scaleToUnit(itemPart, candidate);
    if (!fans.empty()) {
      centroidSimilarity(side, fans, audiencePart);
      scaleToUnit(audiencePart, candidate);
    }
  }
  const float itemShare = fans.empty() ? 1.0f : 0.5f;
  for (int32_t u = 0; u < n; ++u) {
    if (!candidate[static_cast<std::size_t>(u)]) continue;
    const Query& q = queries[static_cast<std::size_t>(u)];
    const float collaborative = t.item >= 0 ? itemShare * itemPart[static_cast<std::size_t>(u)] +
                                                  (1 - itemShare) * audiencePart[static_cast<std::size_t>(u)]
                                            : 0.0f;
    const float content = plan.content > 0 ? contentAffinity(side, q, t) : 0.0f;
    const float creator = plan.creator > 0 ? creatorAffinity(q, t.creator) : 0.0f;
    const float a = weigh(plan, collaborative, content, creator, 0.0f).score();
    affinity[static_cast<std::size_t>(u)] = a;
    r.people.push_back({u, a});
  }
  std::sort(r.people.begin(), r.people.end(), [](const PersonScore& x, const PersonScore& y) {
    return x.score != y.score ? x.score > y.score : x.person < y.person;
  });
  if (r.people.size() > static_cast<std::size_t>(o.k)) r.people.resize(static_cast<std::size_t>(o.k));

  if (o.segments >= 0) {
    PeopleSource src;
    peopleFromModel(model, &src);
    PeopleVectors pv;
    RR_TRY(buildPeopleVectors(src, o.features, o.dims, o.seed, &pv));
    Clustering cl;
    RR_TRY(cluster(pv.X, o.segments, o.kMax, o.seed, &cl));
    std::vector<GroupSummary> groups;
    std::vector<int32_t> final;
    describeGroups(src, cl.result.labels, cl.k, guard, o.describe, &groups, &r.privacy, &final);
    std::vector<double> sum(groups.size(), 0.0), count(groups.size(), 0.0), top(groups.size(), 0.0);
    std::vector<uint32_t> reachedIn(groups.size(), 0);
    for (int32_t u = 0; u < n; ++u) {
      const int32_t g = final[static_cast<std::size_t>(u)];
      if (g < 0) continue;
      reachedIn[static_cast<std::size_t>(g)] += reached[static_cast<std::size_t>(u)];
      if (!candidate[static_cast<std::size_t>(u)] || reached[static_cast<std::size_t>(u)])
        continue;  // the mean is over people still to reach
      sum[static_cast<std::size_t>(g)] += affinity[static_cast<std::size_t>(u)];
      count[static_cast<std::size_t>(g)] += 1;
    }
    for (const PersonScore& p : r.people) {
      const int32_t g = final[static_cast<std::size_t>(p.person)];
      if (g >= 0) top[static_cast<std::size_t>(g)] += 1;
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
      SegmentAffinity s;
      s.group = std::move(groups[g]);
      // Like every figure, a mean over fewer than minGroupSize people is withheld.
      s.meanAffinity =
          guard.allows(static_cast<uint64_t>(count[g])) ? sum[g] / count[g] : std::numeric_limits<double>::quiet_NaN();
      s.topShare = r.people.empty() ? 0.0 : top[g] / static_cast<double>(r.people.size());
      s.reached = reachedIn[g];
      r.segments.push_back(std::move(s));
    }
    std::stable_sort(r.segments.begin(), r.segments.end(), [](const SegmentAffinity& x, const SegmentAffinity& y) {
      if (x.group.other != y.group.other) return y.group.other;
      const double a = std::isnan(x.meanAffinity) ? -1e300 : x.meanAffinity;
      const double c = std::isnan(y.meanAffinity) ? -1e300 : y.meanAffinity;
      return a > c;
    });
    r.hasSegments = true;
    r.segmentK = cl.k;
    r.silhouette = cl.silhouette;
  } else {
    r.privacy.minGroupSize = guard.minGroupSize();
  }
  *out = std::move(r);
  return Status::ok();
}

}  // namespace

Status audienceForItem(const Model& model, const std::string& item, const AudienceOptions& o, AudienceResult* out) {
  const ItemSide& side = model.side();
  const int32_t i = side.catalog.items().find(item);
  if (i == IdMap::kMissing)
    return unknownIdError("video '" + item +
                          "' is not in this model; for a new video pass its { tags, creator, embedding }");
  Target t;
  t.item = i;
  for (int32_t p = side.tags.itemStart[static_cast<std::size_t>(i)];
       p < side.tags.itemStart[static_cast<std::size_t>(i) + 1]; ++p)
    t.tags.emplace_back(side.tags.itemTag[static_cast<std::size_t>(p)],
                        side.tags.itemWeight[static_cast<std::size_t>(p)]);
  t.creator = side.itemCreator[static_cast<std::size_t>(i)];
  if (const float* e = side.catalog.embedding(i)) {
    t.embedding.assign(e, e + side.catalog.embeddingDim());
    normalise(t.embedding);
  }
  return rankAudience(model, t, o, out);
}

Status audienceForFeatures(const Model& model, const ItemFeatures& f, const AudienceOptions& o, AudienceResult* out) {
  const ItemSide& side = model.side();
  Target t;
  double norm = 0;
  for (const std::string& name : f.tags) {
    const int32_t tag = side.catalog.tags().find(name);
    if (tag == IdMap::kMissing) continue;  // a tag the model has never seen says nothing about its people
    if (std::any_of(t.tags.begin(), t.tags.end(), [&](const auto& p) { return p.first == tag; })) continue;
    const float w = side.tags.idf[static_cast<std::size_t>(tag)];
    t.tags.emplace_back(tag, w);
    norm += static_cast<double>(w) * w;
  }
  for (auto& p : t.tags) p.second = static_cast<float>(p.second / std::sqrt(norm));
  if (!f.creator.empty()) t.creator = side.catalog.creators().find(f.creator);
  if (!f.embedding.empty()) {
    if (static_cast<int>(f.embedding.size()) != side.catalog.embeddingDim())
      return argError("the embedding has " + std::to_string(f.embedding.size()) +
                      " values but the model's videos have " + std::to_string(side.catalog.embeddingDim()));
    for (float x : f.embedding)
      if (!std::isfinite(x)) return argError("embedding values must be finite numbers");
    t.embedding = f.embedding;
    normalise(t.embedding);
  }
  if (t.tags.empty() && t.creator < 0 && t.embedding.empty())
    return argError(
        "the new video shares nothing with the model: none of its tags, its creator or an embedding is "
        "known, so no one's affinity can be predicted");
  return rankAudience(model, t, o, out);
}

Status lookalike(const Model& model, const std::vector<std::string>& seeds, int k, std::vector<PersonScore>* out) {
  RR_TRY(checkModel(model, k, "lookalike"));
  if (seeds.empty()) return argError("lookalike needs at least one seed user");
  const ItemSide& side = model.side();
  std::vector<int32_t> seedIdx;
  for (const std::string& s : seeds) {
    const int32_t u = side.users.find(s);
    if (u == IdMap::kMissing) return unknownIdError("seed user '" + s + "' is not in this model's training log");
    seedIdx.push_back(u);
  }
  std::sort(seedIdx.begin(), seedIdx.end());
  seedIdx.erase(std::unique(seedIdx.begin(), seedIdx.end()), seedIdx.end());
  std::vector<float> sims;
  centroidSimilarity(side, seedIdx, sims);
  // Tag profiles, when the catalogue has tags.
  const BlendWeights& b = model.blend();
  float wc = b.collaborative, wt = side.catalog.tags().size() > 0 ? b.content : 0.0f;
  if (wc + wt <= 0) wc = 1;
  if (wt > 0) {
    PeopleSource src;
    peopleFromModel(model, &src);
    const auto n = static_cast<int32_t>(side.users.size());
    std::vector<std::vector<std::pair<int32_t, float>>> profiles(static_cast<std::size_t>(n));
    std::vector<double> tagCentre(side.catalog.tags().size(), 0.0);
    for (int32_t u = 0; u < n; ++u) {
      auto& p = profiles[static_cast<std::size_t>(u)];
      tagProfile(src, u, &p);
      double norm = 0;
      for (const auto& e : p) norm += static_cast<double>(e.second) * e.second;
      for (auto& e : p) e.second = norm > 0 ? static_cast<float>(e.second / std::sqrt(norm)) : 0.0f;
    }
    for (int32_t u : seedIdx)
      for (const auto& [t, w] : profiles[static_cast<std::size_t>(u)]) tagCentre[static_cast<std::size_t>(t)] += w;
    double cn = 0;
    for (double x : tagCentre) cn += x * x;
    cn = std::sqrt(cn);
    for (int32_t u = 0; u < n; ++u) {
      double dot = 0;
      for (const auto& [t, w] : profiles[static_cast<std::size_t>(u)])
        dot += w * tagCentre[static_cast<std::size_t>(t)];
      const float tagCos = cn > 0 ? static_cast<float>(dot / cn) : 0.0f;
      sims[static_cast<std::size_t>(u)] = (wc * sims[static_cast<std::size_t>(u)] + wt * tagCos) / (wc + wt);
    }
  }
  for (int32_t u : seedIdx) sims[static_cast<std::size_t>(u)] = 0;  // seeds are not their own lookalikes
  const std::vector<Neighbor> best = nearestNeighbors(sims, static_cast<std::size_t>(k), -1);
  out->clear();
  for (const Neighbor& nb : best) out->push_back({nb.user, nb.weight});
  return Status::ok();
}

}  // namespace reelrank::analytics
