// Model: the item side, shareable. It holds the catalogue snapshot, the
// trained algorithm and (optionally) the training users, and answers
// recommendations for a private Profile or for a person in its training log.
#pragma once
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/item_side.hpp"
#include "models/recommender.hpp"
#include "profile/profile.hpp"
#include "rank/ranker.hpp"

namespace reelrank {

// The model snapshot's envelope (docs/format.md): magic and the newest format
// version this build writes and reads. Public so tools (the fuzz targets) can
// seal a payload of their own.
inline constexpr char kModelMagic[4] = {'R', 'R', 'M', 'D'};
// Version 2 adds the algorithm's recency setting after its section
// (Recommender::recency); version 1 snapshots load with recency 0. Version 3
// adds the item evidence (models/item_evidence.hpp) at the end; version 1 and
// 2 snapshots load without it (the evidence is unknown). Version 4 adds each
// item's first-seen time and the log's newest time after it (the new-video
// window, models/item_evidence.hpp); version 1 to 3 snapshots load without
// them (newness is then the impression count alone).
inline constexpr uint16_t kModelFormatVersion = 4;

struct TrainConfig {
  std::string algorithm = "itemknn";
  Options options;
  WeightPolicy policy;
  BlendWeights blend;
  // What can be checked before any data is read: a trainable algorithm of the
  // registry, its options, the blend and the policy (so a typo fails at once,
  // not after a long split).
  Status validate() const;
};

// A server's page resolved once against a model (Model::resolvePage), so that
// re-ranking it after every swipe crosses and looks up no ids.
struct ServerPage {
  std::vector<std::string> ids;                   // as given
  std::vector<int32_t> items;                     // model item of each, -1 when the model does not know it
  std::vector<float> scaled;                      // the server's score of each, min-max scaled over the page
  std::unordered_map<int32_t, int32_t> position;  // model item -> its place in the page
  std::weak_ptr<const ItemSide> madeFor;          // the model it was resolved against
};

// A ranking request with ids still as strings (resolved against the model).
struct RankInput {
  RankRequest request;
  std::vector<std::string> candidates;  // used when request.restrictToCandidates
  // A server's page: one score per candidate (any finite scale: they are
  // min-max scaled to [0, 1] over the page), or empty. With scores, a
  // candidate the model does not know is kept and ranked by its server part
  // alone; without, it is E_UNKNOWN_ID.
  std::vector<double> candidateScores;
  std::vector<std::string> exclude;  // unknown ids are ignored: excluding the absent is harmless
  bool excludeSeen = true;
  // A page resolved once; when set, candidates and candidateScores are not read.
  const ServerPage* page = nullptr;
  // The ids a Recommendation with item < 0 refers to.
  const std::vector<std::string>& pageIds() const { return page ? page->ids : candidates; }
};

// A Recommendation whose item is < 0 is a server candidate the model does not
// know: RankInput::candidates[serverOnlyCandidate(item)] (or the page's ids).
inline std::size_t serverOnlyCandidate(int32_t item) { return static_cast<std::size_t>(-(item + 1)); }

class Model {
 public:
  static Status train(const Interactions& log, const Catalog* catalog, const TrainConfig& config,
                      const ProgressFn& progress, Model* out);
  // A model from parts made elsewhere (an import of factors trained on a
  // cluster): `side` needs its catalogue, policy and popularity; what derive()
  // computes is computed here. On failure `out` is unchanged.
  static Status assemble(std::shared_ptr<ItemSide> side, std::unique_ptr<Recommender> algorithm,
                         const BlendWeights& blend, Model* out);

  const ItemSide& side() const { return *side_; }
  const Recommender& algorithm() const { return *algo_; }
  const BlendWeights& blend() const { return blend_; }
  std::size_t itemCount() const { return side_->itemCount(); }

  // A server's page (ids with scores on any finite scale) resolved for
  // RankInput::page: E_ARG for a repeated id or a score that is not finite.
  Status resolvePage(std::vector<std::string> ids, const std::vector<double>& scores, ServerPage* out) const;
  Status recommendForProfile(const Profile& profile, const RankInput& in, std::vector<Recommendation>* out) const;
  Status recommendForUser(const std::string& user, const RankInput& in, std::vector<Recommendation>* out) const;
  // Predicted preference; NaN when the algorithm has no basis for it.
  Status predictForUser(const std::string& user, const std::string& item, double* out) const;
  Status predictForProfile(const Profile& profile, const std::string& item, double* out) const;
  Status similarItems(const std::string& item, std::size_t n, std::vector<std::pair<int32_t, float>>* out) const;

  // Query construction (public for tests and the evaluation harness).
  Query queryForProfile(const Profile& profile, std::vector<int32_t>* seen) const;
  Status queryForUser(const std::string& user, Query* q) const;
  Query queryForUserIndex(int32_t user) const;

  // includeUsers = false strips the training users (the private part of a
  // log) so the model can be shipped; userknn needs them and refuses.
  Status save(bool includeUsers, std::vector<uint8_t>* out) const;
  static Status load(const uint8_t* data, std::size_t n, Model* out);

 private:
  // The request in model indices. Server candidates the model does not know
  // (and the person has not seen, excluded or blocked) go to `serverOnly` as
  // (candidate index, scaled server score).
  Status resolve(const RankInput& in, const std::vector<int32_t>& seen, const Profile* profile, RankRequest* req,
                 std::vector<std::pair<std::size_t, float>>* serverOnly) const;
  void addContentFromItems(Query& q) const;
  void addRecentFromProfile(const Profile& profile, const std::vector<int32_t>& toModel, Query& q) const;
  void weighByRecency(const Profile& profile, const std::vector<int32_t>& toModel, Query& q) const;
  void personOutcomes(const Profile& profile, PersonOutcomes* out) const;

  std::shared_ptr<ItemSide> side_;
  std::shared_ptr<const Recommender> algo_;
  BlendWeights blend_;
};

}  // namespace reelrank
