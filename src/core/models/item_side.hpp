// ItemSide: what every model knows about items, whatever its algorithm: the
// catalogue (one video per model item, in model index order), TF-IDF tag
// vectors, popularity, and optionally the training users' rows (needed for
// recommend('user') and by userknn; stripped when a model is shipped without
// its users).
#pragma once
#include <cstdint>
#include <vector>

#include "data/catalog.hpp"
#include "data/events.hpp"
#include "data/interactions.hpp"
#include "models/item_evidence.hpp"

namespace reelrank {

using SparseCols = Eigen::SparseMatrix<float, Eigen::ColMajor, int32_t>;

// TF-IDF tag vectors: tf = 1 for each distinct tag of a video,
// idf(t) = ln((1 + N) / (1 + df(t))) + 1 (the smoothed form), rows L2-normalised.
struct TagIndex {
  std::vector<float> idf;          // per tag
  std::vector<int32_t> itemStart;  // CSR over items: itemStart[i]..itemStart[i+1]
  std::vector<int32_t> itemTag;
  std::vector<float> itemWeight;
  std::vector<int32_t> tagStart;  // CSC over tags (inverted index)
  std::vector<int32_t> tagItem;
  std::vector<float> tagWeight;
  void build(const Catalog& catalog);
  // Cosine between the TF-IDF vectors of two items.
  float cosine(int32_t a, int32_t b) const;
};

struct ItemSide {
  Catalog catalog;  // model items; items known only from the log have no tags
  WeightPolicy policy;
  IdMap users;                    // training users (empty when stripped)
  SparseRows userItems;           // users x items, empty when stripped
  SparseCols itemUsers;           // the same, column-major (derived)
  std::vector<float> popularity;  // in [0, 1]: log1p(count) / log1p(max count)
  ItemEvidence evidence;          // training impressions and positive outcomes per item (may be unknown)
  bool explicitRatings = false;
  TagIndex tags;                     // derived
  std::vector<float> userNorms;      // derived: L2 norm of each training row
  std::vector<int32_t> itemCreator;  // derived: creator of each item (-1 = none), contiguous for the ranker
  // Training only: every user's events in time order, filled by Model::train
  // for algorithms whose traits say readsOrder; never saved (a loaded model
  // has none, and a person's order comes from their Profile).
  Sequences sequences;
  // derived: squared L2 norm of each item's embedding (0 when it has none),
  // so the ranker's embedding cosines do not recompute it per pair. Squared
  // and in double because the cosine is dot / sqrt(na * nb) in double.
  std::vector<double> embeddingSqNorms;
  // derived: positives / impressions over all items, the engagement of an
  // average showing (0.5 when the evidence is unknown or holds no impression).
  double evidenceBaseRate = 0.5;

  std::size_t itemCount() const { return catalog.size(); }
  bool hasUsers() const { return users.size() > 0 && userItems.rows() > 0; }
  // Recomputes the derived members after training or loading.
  void derive();
  // Recomputes evidenceBaseRate alone (a loaded model reads its evidence last).
  void deriveBaseRate();
};

}  // namespace reelrank
