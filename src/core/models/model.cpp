#include "models/model.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "common/csr_check.hpp"
#include "common/limits.hpp"
#include "models/algorithm_registry.hpp"
#include "rank/fresh_exploration.hpp"

namespace reelrank {

namespace {

void writePolicy(BinaryWriter& w, const WeightPolicy& p) {
  for (float f :
       {p.view, p.maxWatchRatio, p.like, p.comment, p.share, p.follow, p.skip, p.dislike, p.rating, p.confidenceAlpha})
    w.f32(f);
  w.f64(p.halfLifeDays);
}
void readPolicy(BinaryReader& r, WeightPolicy& p) {
  for (float* f : {&p.view, &p.maxWatchRatio, &p.like, &p.comment, &p.share, &p.follow, &p.skip, &p.dislike, &p.rating,
                   &p.confidenceAlpha})
    *f = r.f32();
  p.halfLifeDays = r.f64();
}
}  // namespace

Status Model::train(const Interactions& log, const Catalog* catalog, const TrainConfig& config,
                    const ProgressFn& progress, Model* out) {
  RR_TRY(config.policy.validate());
  RR_TRY(config.blend.validate());
  if (log.eventCount() == 0 && (!catalog || catalog->size() == 0))
    return Status::error(ErrorCode::Empty, "nothing to train on: the interaction log and the catalogue are both empty");
  const AlgorithmEntry* entry = nullptr;
  RR_TRY(findTrainable(config.algorithm, &entry));
  {
    // Checked before allocating: sort order and triplets (16 B per event),
    // the matrix twice (16 B per cell, at most one per event) and ~100 B of
    // bookkeeping per item, plus what the algorithm itself says it needs.
    Options resolved;
    RR_TRY(resolveOptions(*entry, config.options, &resolved));
    TrainingShape shape;
    shape.events = static_cast<double>(log.eventCount());
    shape.items = static_cast<double>(log.items().size() + (catalog ? catalog->size() : 0));
    shape.users = static_cast<double>(log.users().size());
    const double estimate = shape.events * 32.0 + shape.items * 100.0 + entry->trainingBytes(shape, resolved);
    if (estimate > static_cast<double>(limits::kTrainingMemoryBudget))
      return Status::error(ErrorCode::Memory,
                           "training " + entry->name + " would need about " +
                               std::to_string(static_cast<long long>(estimate / 1048576)) + " MB, over the " +
                               std::to_string(limits::kTrainingMemoryBudget >> 20) +
                               " MB budget of a wasm page: train on a sample, with smaller options, or natively");
  }
  auto side = std::make_shared<ItemSide>();
  side->policy = config.policy;
  if (catalog) side->catalog = *catalog;
  // Items seen only in the log join the model without metadata.
  std::vector<VideoInput> extra;
  std::vector<int32_t> itemIndex(log.items().size());
  for (std::size_t i = 0; i < log.items().size(); ++i) {
    const std::string& id = log.items().name(static_cast<int32_t>(i));
    int32_t m = side->catalog.items().find(id);
    if (m == IdMap::kMissing) {
      m = static_cast<int32_t>(side->catalog.size() + extra.size());
      VideoInput v;
      v.id = id;
      extra.push_back(std::move(v));
    }
    itemIndex[i] = m;
  }
  RR_TRY(side->catalog.addMany(extra));
  std::vector<float> durations(side->catalog.size());
  for (std::size_t i = 0; i < durations.size(); ++i)
    durations[i] = side->catalog.video(static_cast<int32_t>(i)).duration;
  TrainingMatrix tm = log.build(config.policy, itemIndex, side->catalog.size(), durations);
  float maxCount = 0;
  for (float c : tm.popularity) maxCount = std::max(maxCount, c);
  side->popularity.resize(tm.popularity.size());
  for (std::size_t i = 0; i < tm.popularity.size(); ++i)
    side->popularity[i] = maxCount > 0 ? std::log1p(tm.popularity[i]) / std::log1p(maxCount) : 0.0f;
  side->explicitRatings = tm.explicitRatings;
  side->users = log.users();
  side->userItems = std::move(tm.matrix);
  side->evidence = countItemEvidence(log, itemIndex, side->catalog.size(), durations);
  if (entry->traits.readsOrder) side->sequences = log.sequences(config.policy, itemIndex, durations);
  side->derive();
  std::unique_ptr<Recommender> algo;
  RR_TRY(trainRecommender(config.algorithm, config.options, *side, progress, &algo));
  out->side_ = std::move(side);
  out->algo_ = std::move(algo);
  out->blend_ = config.blend;
  return Status::ok();
}

Status TrainConfig::validate() const {
  const AlgorithmEntry* entry = nullptr;
  RR_TRY(findTrainable(algorithm, &entry));
  Options resolved;
  RR_TRY(resolveOptions(*entry, options, &resolved));
  RR_TRY(blend.validate());
  return policy.validate();
}

Status Model::assemble(std::shared_ptr<ItemSide> side, std::unique_ptr<Recommender> algorithm,
                       const BlendWeights& blend, Model* out) {
  RR_TRY(side->policy.validate());
  RR_TRY(blend.validate());
  if (side->popularity.size() != side->catalog.size())
    return argError("internal: an assembled model needs one popularity value per item");
  side->derive();
  out->side_ = std::move(side);
  out->algo_ = std::move(algorithm);
  out->blend_ = blend;
  return Status::ok();
}

void Model::addContentFromItems(Query& q) const {
  // A person's tags and creators, when not given, follow from their items:
  // each item spreads its weight evenly over its tags.
  const bool needTags = q.tags.empty(), needCreators = q.creators.empty();
  if (!needTags && !needCreators) return;
  std::unordered_map<int32_t, float> tags, creators;
  for (const auto& [item, w] : q.items) {
    const Video& v = side_->catalog.video(item);
    if (needTags)
      for (int32_t t : v.tags) tags[t] += w / static_cast<float>(v.tags.size());
    if (needCreators && v.creator >= 0) creators[v.creator] += w;
  }
  for (const auto& kv : tags) q.tags.emplace_back(kv.first, kv.second);
  for (const auto& kv : creators) q.creators.emplace_back(kv.first, kv.second);
  std::sort(q.tags.begin(), q.tags.end());
  std::sort(q.creators.begin(), q.creators.end());
}

Query Model::queryForProfile(const Profile& profile, std::vector<int32_t>* seen) const {
  Query q;
  // The profile's ids as the model's indices, kept by the profile between
  // calls: a long-lived profile holds thousands of items, tags and
  // creators, and looking each up by its string on every call cost a swipe
  // more than ranking did.
  std::vector<int32_t> toModel, order;
  profile.itemsIn(side_->catalog.items(), &toModel, &order);
  // In the model's order, so q.items needs no sort.
  for (int32_t i : order) {
    const int32_t m = toModel[static_cast<std::size_t>(i)];
    if (m == IdMap::kMissing) continue;  // an item this model does not know: the profile stays valid
    if (seen) seen->push_back(m);
    const double w = profile.itemWeight(i);
    if (w != 0) q.items.emplace_back(m, static_cast<float>(w));
  }
  std::vector<int32_t> toTag, toCreator;
  profile.tagsIn(side_->catalog.tags(), &toTag);
  for (std::size_t i = 0; i < toTag.size(); ++i) {
    const double w = profile.tagWeight(static_cast<int32_t>(i));
    if (toTag[i] != IdMap::kMissing && w != 0) q.tags.emplace_back(toTag[i], static_cast<float>(w));
  }
  profile.creatorsIn(side_->catalog.creators(), &toCreator);
  for (std::size_t i = 0; i < toCreator.size(); ++i) {
    const double w = profile.creatorWeight(static_cast<int32_t>(i));
    if (toCreator[i] != IdMap::kMissing && w != 0) q.creators.emplace_back(toCreator[i], static_cast<float>(w));
  }
  if (algo_->recency() > 0) {
    weighByRecency(profile, toModel, q);
    std::sort(q.items.begin(), q.items.end());
  }
  addContentFromItems(q);
  // Only a model that reads order pays for the ordered copy of the events.
  if (algo_->traits().readsOrder) addRecentFromProfile(profile, toModel, q);
  return q;
}

void Model::addRecentFromProfile(const Profile& profile, const std::vector<int32_t>& toModel, Query& q) const {
  // The raw events the profile keeps, in time order (a profile accepts events
  // out of order; ties keep the order they were recorded in).
  for (const ProfileEvent& e : profile.events()) {
    if (std::isnan(q.moment) || e.timestamp > q.moment) q.moment = e.timestamp;
    const int32_t m = toModel[static_cast<std::size_t>(e.item)];
    if (m == IdMap::kMissing) continue;
    const float duration = e.duration > 0 ? e.duration : side_->catalog.video(m).duration;
    const float ratio = e.type == EventType::View && duration > 0 ? e.value / duration : 0.0f;
    q.recent.push_back({m, e.type, side_->policy.weight(e.type, e.value, duration), ratio, e.timestamp});
  }
  std::stable_sort(q.recent.begin(), q.recent.end(),
                   [](const SequenceStep& a, const SequenceStep& b) { return a.timestamp < b.timestamp; });
}

void Model::weighByRecency(const Profile& profile, const std::vector<int32_t>& toModel, Query& q) const {
  // Each kept event weighs its policy weight x 0.5^(events after it / h), in
  // time order (ties keep the order recorded); an item sums its events.
  const auto& events = profile.events();
  std::vector<std::size_t> order(events.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return events[a].timestamp < events[b].timestamp; });
  std::unordered_map<int32_t, double> weight;
  const double h = algo_->recency();
  for (std::size_t p = 0; p < order.size(); ++p) {
    const ProfileEvent& e = events[order[order.size() - 1 - p]];
    const int32_t m = toModel[static_cast<std::size_t>(e.item)];
    if (m == IdMap::kMissing) continue;
    const float duration = e.duration > 0 ? e.duration : side_->catalog.video(m).duration;
    weight[m] += side_->policy.weight(e.type, e.value, duration) * std::exp2(-static_cast<double>(p) / h);
  }
  q.items.clear();
  for (const auto& [m, w] : weight)
    if (w != 0) q.items.emplace_back(m, static_cast<float>(w));
}

Query Model::queryForUserIndex(int32_t user) const {
  Query q;
  q.user = user;
  for (SparseRows::InnerIterator it(side_->userItems, user); it; ++it) q.items.emplace_back(it.index(), it.value());
  addContentFromItems(q);
  return q;
}

Status Model::queryForUser(const std::string& user, Query* q) const {
  if (!side_->hasUsers())
    return unknownIdError("this model was saved without its training users, so it cannot recommend for '" + user +
                          "'; pass a Profile instead");
  const int32_t u = side_->users.find(user);
  if (u == IdMap::kMissing) return unknownIdError("user '" + user + "' is not in this model's training log");
  *q = queryForUserIndex(u);
  return Status::ok();
}

namespace {

// Min-max scaling of a server's page to [0, 1]: servers score on scales of
// their own, and the blend needs one it can weigh. A page of equal scores
// carries no order, so every candidate gets 1.
Status scaleServerScores(const std::vector<double>& raw, std::vector<float>* out) {
  double lo = 0, hi = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (!std::isfinite(raw[i])) return argError("candidates[" + std::to_string(i) + "].score must be a finite number");
    lo = i == 0 ? raw[i] : std::min(lo, raw[i]);
    hi = i == 0 ? raw[i] : std::max(hi, raw[i]);
  }
  out->resize(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i)
    (*out)[i] = hi > lo ? static_cast<float>((raw[i] - lo) / (hi - lo)) : 1.0f;
  return Status::ok();
}

// Server candidates unknown to the model join the ranked list by score
// (serverWeight x their scaled server score; a ranked item wins a tie), and
// the list is cut back to k.
void mergeServerOnly(const RankRequest& req, const std::vector<std::pair<std::size_t, float>>& serverOnly,
                     std::vector<Recommendation>* out) {
  if (serverOnly.empty()) return;
  std::vector<Recommendation> extra;
  for (const auto& [index, scaled] : serverOnly) {
    const float score = req.serverWeight * scaled;
    Recommendation r{-static_cast<int32_t>(index) - 1, score, {}};
    if (req.explain && score > 0) r.reasons.push_back({ReasonKind::Server, -1, score});
    extra.push_back(std::move(r));
  }
  std::stable_sort(extra.begin(), extra.end(),
                   [](const Recommendation& a, const Recommendation& b) { return a.score > b.score; });
  std::vector<Recommendation> merged;
  merged.reserve(std::min(req.k, out->size() + extra.size()));
  std::size_t a = 0, b = 0;
  while (merged.size() < req.k && (a < out->size() || b < extra.size())) {
    const bool takeRanked = b == extra.size() || (a < out->size() && (*out)[a].score >= extra[b].score);
    merged.push_back(std::move(takeRanked ? (*out)[a++] : extra[b++]));
  }
  *out = std::move(merged);
}

// The model items and scaled scores of a page of ids; E_ARG for a repeat
// (found by model index for the known ids: no string hashing on the hot path
// of a page re-sent every swipe) or a score that is not finite.
Status resolvePageItems(const IdMap& items, std::size_t itemCount, const std::vector<std::string>& ids,
                        const std::vector<double>& scores, std::vector<int32_t>* itemOf, std::vector<float>* scaled) {
  if (scores.size() != ids.size()) return argError("internal: one server score per candidate is needed");
  RR_TRY(scaleServerScores(scores, scaled));
  std::vector<uint8_t> givenItem(itemCount, 0);
  std::unordered_set<std::string_view> givenUnknown;
  itemOf->resize(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const int32_t m = items.find(ids[i]);
    (*itemOf)[i] = m == IdMap::kMissing ? -1 : m;
    const bool repeated =
        m == IdMap::kMissing ? !givenUnknown.insert(ids[i]).second : givenItem[static_cast<std::size_t>(m)]++ > 0;
    if (repeated)
      return argError("candidates[" + std::to_string(i) + "]: '" + ids[i] +
                      "' is given twice; send each candidate once");
  }
  return Status::ok();
}

}  // namespace

Status Model::resolvePage(std::vector<std::string> ids, const std::vector<double>& scores, ServerPage* out) const {
  ServerPage page;
  RR_TRY(resolvePageItems(side_->catalog.items(), side_->itemCount(), ids, scores, &page.items, &page.scaled));
  for (std::size_t i = 0; i < page.items.size(); ++i)
    if (page.items[i] >= 0) page.position[page.items[i]] = static_cast<int32_t>(i);
  page.ids = std::move(ids);
  page.madeFor = side_;
  *out = std::move(page);
  return Status::ok();
}

Status Model::resolve(const RankInput& in, const std::vector<int32_t>& seen, const Profile* profile, RankRequest* req,
                      std::vector<std::pair<std::size_t, float>>* serverOnly) const {
  RankRequest r = in.request;
  const IdMap& items = side_->catalog.items();
  r.candidates.clear();
  r.serverScores.clear();
  serverOnly->clear();
  if (in.page || !in.candidateScores.empty()) {
    // A server's page: given once (in.page) or with this call.
    std::vector<int32_t> local;
    std::vector<float> localScaled;
    if (in.page) {
      if (in.page->madeFor.lock() != side_)
        return argError("this page was made by another model: make it with the model that ranks it");
      r.restrictToCandidates = true;
    } else {
      RR_TRY(resolvePageItems(items, side_->itemCount(), in.candidates, in.candidateScores, &local, &localScaled));
    }
    const std::vector<int32_t>& itemOf = in.page ? in.page->items : local;
    const std::vector<float>& scaled = in.page ? in.page->scaled : localScaled;
    const std::vector<std::string>& ids = in.pageIds();
    const std::unordered_set<std::string_view> excludedIds(in.exclude.begin(), in.exclude.end());
    r.candidates.reserve(itemOf.size());
    r.serverScores.reserve(itemOf.size());
    for (std::size_t i = 0; i < itemOf.size(); ++i) {
      if (itemOf[i] >= 0) {
        r.candidates.push_back(itemOf[i]);
        r.serverScores.push_back(scaled[i]);
        continue;
      }
      const std::string& id = ids[i];
      const bool hidden =
          excludedIds.count(id) > 0 ||
          (profile && ((in.excludeSeen && profile->items().find(id) != IdMap::kMissing) || profile->blockedItem(id)));
      if (!hidden) serverOnly->emplace_back(i, scaled[i]);
    }
  } else {
    r.candidates.reserve(in.candidates.size());
    for (const auto& id : in.candidates) {
      const int32_t m = items.find(id);
      if (m == IdMap::kMissing) return unknownIdError("candidate '" + id + "' is not an item of this model");
      r.candidates.push_back(m);
    }
  }
  for (const auto& id : in.exclude) {
    const int32_t m = items.find(id);
    if (m != IdMap::kMissing) r.exclude.push_back(m);
  }
  if (in.excludeSeen) r.exclude.insert(r.exclude.end(), seen.begin(), seen.end());
  *req = std::move(r);
  return Status::ok();
}

Status Model::recommendForProfile(const Profile& profile, const RankInput& in, std::vector<Recommendation>* out) const {
  std::vector<int32_t> seen;
  Query q = queryForProfile(profile, &seen);
  RankRequest req;
  std::vector<std::pair<std::size_t, float>> serverOnly;
  RR_TRY(resolve(in, seen, &profile, &req, &serverOnly));
  for (const auto& id : profile.blockedItems()) {
    const int32_t m = side_->catalog.items().find(id);
    if (m != IdMap::kMissing) req.exclude.push_back(m);
  }
  for (const auto& id : profile.blockedCreators()) {
    const int32_t c = side_->catalog.creators().find(id);
    if (c != IdMap::kMissing) req.excludeCreators.push_back(c);
  }
  PersonOutcomes person;
  if (req.newVideoBudget > 0) personOutcomes(profile, &person);
  RR_TRY(rankItems(*side_, *algo_, blend_, q, req, out, &person));
  mergeServerOnly(req, serverOnly, out);
  return Status::ok();
}

void Model::personOutcomes(const Profile& profile, PersonOutcomes* out) const {
  // The events the profile keeps: their count is the schedule's n, their
  // outcomes the person's part of each fresh video's estimate.
  out->events = profile.eventCount();
  std::vector<int32_t> toModel;
  profile.itemsIn(side_->catalog.items(), &toModel);
  for (const ProfileEvent& e : profile.events()) {
    const int32_t m = toModel[static_cast<std::size_t>(e.item)];
    if (m == IdMap::kMissing) continue;
    const float duration = e.duration > 0 ? e.duration : side_->catalog.video(m).duration;
    out->add(*side_, m, eventOutcome(e.type, e.value, duration));
  }
}

Status Model::recommendForUser(const std::string& user, const RankInput& in, std::vector<Recommendation>* out) const {
  Query q;
  RR_TRY(queryForUser(user, &q));
  std::vector<int32_t> seen;
  for (const auto& p : q.items) seen.push_back(p.first);
  RankRequest req;
  std::vector<std::pair<std::size_t, float>> serverOnly;
  RR_TRY(resolve(in, seen, nullptr, &req, &serverOnly));
  // A training user's outcomes are in the model's evidence already; their
  // items stand for their events in the schedule.
  PersonOutcomes person;
  person.events = q.items.size();
  RR_TRY(rankItems(*side_, *algo_, blend_, q, req, out, &person));
  mergeServerOnly(req, serverOnly, out);
  return Status::ok();
}

Status Model::predictForUser(const std::string& user, const std::string& item, double* out) const {
  Query q;
  RR_TRY(queryForUser(user, &q));
  const int32_t m = side_->catalog.items().find(item);
  if (m == IdMap::kMissing) return unknownIdError("item '" + item + "' is not an item of this model");
  *out = algo_->predict(*side_, q, m);
  return Status::ok();
}

Status Model::predictForProfile(const Profile& profile, const std::string& item, double* out) const {
  const int32_t m = side_->catalog.items().find(item);
  if (m == IdMap::kMissing) return unknownIdError("item '" + item + "' is not an item of this model");
  *out = algo_->predict(*side_, queryForProfile(profile, nullptr), m);
  return Status::ok();
}

Status Model::similarItems(const std::string& item, std::size_t n, std::vector<std::pair<int32_t, float>>* out) const {
  if (n < 1 || n > 10000) return argError("n must be an integer from 1 to 10000");
  const int32_t m = side_->catalog.items().find(item);
  if (m == IdMap::kMissing) return unknownIdError("item '" + item + "' is not an item of this model");
  *out = algo_->similarItems(*side_, m, n);
  return Status::ok();
}

Status Model::save(bool includeUsers, std::vector<uint8_t>* out) const {
  if (!includeUsers && algo_->traits().needsUsers)
    return argError(std::string(algo_->algorithm()) +
                    " recommends from the training users themselves, so it cannot be saved without them");
  BinaryWriter w;
  w.str(algo_->algorithm());
  writePolicy(w, side_->policy);
  for (float f : {blend_.collaborative, blend_.content, blend_.creator, blend_.popularity}) w.f32(f);
  side_->catalog.write(w);
  w.podVector(side_->popularity);
  w.u8(side_->explicitRatings ? 1 : 0);
  const bool users = includeUsers && side_->hasUsers();
  w.u8(users ? 1 : 0);
  if (users) {
    const SparseRows& R = side_->userItems;
    w.strings(side_->users.names());
    w.i32(static_cast<int32_t>(R.cols()));
    w.podVector(std::vector<int32_t>(R.outerIndexPtr(), R.outerIndexPtr() + R.rows() + 1));
    w.podVector(std::vector<int32_t>(R.innerIndexPtr(), R.innerIndexPtr() + R.nonZeros()));
    w.podVector(std::vector<float>(R.valuePtr(), R.valuePtr() + R.nonZeros()));
  }
  algo_->write(w, users);
  w.f64(algo_->recency());
  writeItemEvidence(w, side_->evidence);
  writeItemTimes(w, side_->evidence);
  *out = sealSnapshot(kModelMagic, kModelFormatVersion, w.bytes());
  return Status::ok();
}

Status Model::load(const uint8_t* data, std::size_t n, Model* out) {
  uint16_t version;
  const uint8_t* payload;
  std::size_t len;
  RR_TRY(openSnapshot(data, n, kModelMagic, kModelFormatVersion, "model", &version, &payload, &len));
  BinaryReader r(payload, len);
  auto side = std::make_shared<ItemSide>();
  const std::string algorithm = r.str();
  readPolicy(r, side->policy);
  BlendWeights blend;
  for (float* f : {&blend.collaborative, &blend.content, &blend.creator, &blend.popularity}) *f = r.f32();
  if (!r.ok() || !side->policy.validate().isOk() || !blend.validate().isOk())
    return corruptError("model snapshot header is damaged");
  RR_TRY(side->catalog.read(r));
  side->popularity = r.podVector<float>();
  side->explicitRatings = r.u8() != 0;
  const bool users = r.u8() != 0;
  if (!r.ok() || side->popularity.size() != side->catalog.size())
    return corruptError("model snapshot popularity section is damaged");
  for (float p : side->popularity)
    if (!(p >= 0 && p <= 1)) return corruptError("model snapshot popularity section is damaged");
  if (users) {
    RR_TRY(readIdMap(r, &side->users, "model users"));
    const int32_t cols = r.i32();
    auto outer = r.podVector<int32_t>();
    auto inner = r.podVector<int32_t>();
    auto values = r.podVector<float>();
    bool ok = r.ok() && cols == static_cast<int32_t>(side->catalog.size()) && inner.size() == values.size() &&
              validCompressedRows(outer, inner, side->users.size(), cols);
    for (std::size_t k = 0; ok && k < values.size(); ++k) ok = std::isfinite(values[k]);
    if (!ok) return corruptError("model snapshot user section is damaged");
    side->userItems =
        Eigen::Map<const SparseRows>(static_cast<int32_t>(side->users.size()), cols, static_cast<int32_t>(inner.size()),
                                     outer.data(), inner.data(), values.data());
  }
  side->derive();
  std::unique_ptr<Recommender> algo;
  RR_TRY(readRecommender(algorithm, r, *side, &algo));
  if (version >= 2) {
    const double recency = r.f64();
    const auto& options = findAlgorithm(algorithm)->options;
    const bool declared =
        std::any_of(options.begin(), options.end(), [](const OptionSpec& o) { return o.name == kRecencyOption; });
    if (!r.ok() || !(recency >= 0 && recency <= kMaxRecency) || (!declared && recency != 0))
      return corruptError("model snapshot recency setting is damaged");
    algo->setRecency(recency);
  }
  if (version >= 3) {
    RR_TRY(readItemEvidence(r, side->itemCount(), &side->evidence));
    side->deriveBaseRate();
  }
  if (version >= 4) {
    RR_TRY(readItemTimes(r, side->itemCount(), &side->evidence));
    // Times without counts cannot come from training: a writer never makes them.
    if (side->evidence.timed() && !side->evidence.known())
      return corruptError("model snapshot has first-seen times without item evidence");
  }
  if (!r.ok() || r.remaining() != 0) return corruptError("model snapshot is damaged at its end");
  out->side_ = std::move(side);
  out->algo_ = std::move(algo);
  out->blend_ = blend;
  return Status::ok();
}

}  // namespace reelrank
