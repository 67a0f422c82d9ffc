// People: the persons of a log or of a model's training users, as rows of
// signed engagement over items (the same policy-weighted matrix the models
// train on), and as short dense interest vectors for clustering and graphs.
#pragma once
#include <Eigen/Dense>
#include <cstdint>
#include <string_view>
#include <vector>

#include "data/catalog.hpp"
#include "data/interactions.hpp"
#include "models/item_side.hpp"

namespace reelrank {
class Model;
}

namespace reelrank::analytics {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Points at the data it describes (a log's maps, a model's item side), so it
// is neither copied nor moved; keep the source alive while it is used.
struct PeopleSource {
  PeopleSource() = default;
  PeopleSource(const PeopleSource&) = delete;
  PeopleSource& operator=(const PeopleSource&) = delete;

  const IdMap* users = nullptr;
  const IdMap* items = nullptr;
  const SparseRows* rows = nullptr;  // people x items
  const Catalog* catalog = nullptr;  // null when there is none
  const TagIndex* tags = nullptr;    // TF-IDF over catalog videos; null without a catalogue
  std::vector<int32_t> itemVideo;    // item -> catalogue index, -1 = not in the catalogue

  SparseRows ownedRows;  // storage when built from a log
  TagIndex ownedTags;

  std::size_t people() const { return users ? users->size() : 0; }
};

// From a log: rows = Interactions::build with `policy` (items in log order;
// catalogue durations fill unknown view durations).
void peopleFromLog(const Interactions& log, const Catalog* catalog, const WeightPolicy& policy, PeopleSource* out);
// From a model's training users (the model must keep its users).
void peopleFromModel(const Model& model, PeopleSource* out);

enum class Features { Auto, Tags, Items };
// Accepts "auto", "tags", "items".
bool parseFeatures(std::string_view name, Features* out);
const char* featuresName(Features f);

struct PeopleVectors {
  Matrix X;  // one L2-normalised row per person (a zero row when the person has no signal)
  Features used = Features::Items;
  int dims = 0;
};

// Interest vectors. Tags: each person's positive engagement spread over the
// TF-IDF tag vectors of their videos. Items: their engagement rows. Auto
// picks tags when tagged videos carry at least half of the positive weight.
// Either is reduced to `dims` dimensions by a seeded randomized SVD (rows
// normalised first, so heavy viewers do not own the directions) when it is
// wider than that, then each row is L2-normalised: Euclidean distance
// between rows then orders people as cosine similarity does.
Status buildPeopleVectors(const PeopleSource& s, Features f, int dims, uint64_t seed, PeopleVectors* out);

// Positive engagement of person u spread over catalogue tags (pairs of tag,
// weight); used to describe groups.
void tagProfile(const PeopleSource& s, int32_t u, std::vector<std::pair<int32_t, float>>* out);

}  // namespace reelrank::analytics
