#include "data/catalog.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "common/limits.hpp"

namespace reelrank {

Status Catalog::addMany(const std::vector<VideoInput>& videos) {
  if (videos_.size() + videos.size() > limits::kMaxCatalogItems)
    return Status::error(ErrorCode::Memory, "a catalogue holds at most " + std::to_string(limits::kMaxCatalogItems) +
                                                " videos; this call would make " +
                                                std::to_string(videos_.size() + videos.size()));
  int dim = embeddingDim_;
  std::unordered_set<std::string_view> batchIds;
  for (std::size_t k = 0; k < videos.size(); ++k) {
    const VideoInput& v = videos[k];
    const std::string where = "video " + std::to_string(k) + (v.id.empty() ? "" : " ('" + v.id + "')");
    RR_TRY(validateId(v.id, "video"));
    if (items_.find(v.id) != IdMap::kMissing || !batchIds.insert(v.id).second)
      return argError(where + " is already in the catalogue: ids must be unique");
    if (v.tags.size() > limits::kMaxTagsPerVideo)
      return argError(where + " has " + std::to_string(v.tags.size()) + " tags; the maximum is " +
                      std::to_string(limits::kMaxTagsPerVideo));
    for (const auto& t : v.tags) RR_TRY(validateId(t, (where + " tag").c_str()));
    if (!v.creator.empty()) RR_TRY(validateId(v.creator, (where + " creator").c_str()));
    if (!std::isfinite(v.duration) || v.duration < 0)
      return argError(where + ": duration must be a finite number of seconds >= 0");
    if (!v.embedding.empty()) {
      if (v.embedding.size() > limits::kMaxEmbeddingDim)
        return argError(where + ": embeddings have at most " + std::to_string(limits::kMaxEmbeddingDim) +
                        " dimensions");
      if (dim == 0) dim = static_cast<int>(v.embedding.size());
      if (static_cast<int>(v.embedding.size()) != dim)
        return argError(where + ": embedding has " + std::to_string(v.embedding.size()) +
                        " dimensions but this catalogue's embeddings have " + std::to_string(dim));
      for (float x : v.embedding)
        if (!std::isfinite(x)) return argError(where + ": embedding values must be finite numbers");
    }
  }
  // Everything checked: now mutate.
  if (dim != embeddingDim_) {
    embeddingDim_ = dim;
    embeddings_.assign(videos_.size() * static_cast<std::size_t>(dim), 0.0f);
  }
  for (const VideoInput& v : videos) {
    items_.intern(v.id);
    Video out;
    for (const auto& t : v.tags) {
      int32_t ti = tags_.intern(t);
      if (std::find(out.tags.begin(), out.tags.end(), ti) == out.tags.end()) out.tags.push_back(ti);
    }
    if (tagDocFreq_.size() < tags_.size()) tagDocFreq_.resize(tags_.size(), 0);
    for (int32_t ti : out.tags) ++tagDocFreq_[static_cast<std::size_t>(ti)];
    out.creator = v.creator.empty() ? -1 : creators_.intern(v.creator);
    out.duration = static_cast<float>(v.duration);
    videos_.push_back(std::move(out));
    hasEmbedding_.push_back(v.embedding.empty() ? 0 : 1);
    if (embeddingDim_) {
      if (v.embedding.empty())
        embeddings_.insert(embeddings_.end(), static_cast<std::size_t>(embeddingDim_), 0.0f);
      else
        embeddings_.insert(embeddings_.end(), v.embedding.begin(), v.embedding.end());
    }
  }
  return Status::ok();
}

void Catalog::write(BinaryWriter& w) const {
  w.strings(items_.names());
  w.strings(tags_.names());
  w.strings(creators_.names());
  for (const Video& v : videos_) {
    w.podVector(v.tags);
    w.i32(v.creator);
    w.f32(v.duration);
  }
  w.i32(embeddingDim_);
  w.podVector(embeddings_);
  w.podVector(hasEmbedding_);
}

Status Catalog::read(BinaryReader& r) {
  Catalog c;
  for (IdMap* m : {&c.items_, &c.tags_, &c.creators_}) {
    RR_TRY(readIdMap(r, m, "catalogue"));
  }
  const auto nTags = static_cast<int32_t>(c.tags_.size());
  const auto nCreators = static_cast<int32_t>(c.creators_.size());
  c.tagDocFreq_.assign(c.tags_.size(), 0);
  c.videos_.reserve(c.items_.size());
  for (std::size_t i = 0; i < c.items_.size() && r.ok(); ++i) {
    Video v;
    v.tags = r.podVector<int32_t>();
    v.creator = r.i32();
    v.duration = r.f32();
    for (int32_t t : v.tags) {
      if (t < 0 || t >= nTags) return corruptError("catalogue section has a tag index out of range");
      ++c.tagDocFreq_[static_cast<std::size_t>(t)];
    }
    if (v.creator < -1 || v.creator >= nCreators)
      return corruptError("catalogue section has a creator index out of range");
    if (!std::isfinite(v.duration) || v.duration < 0) return corruptError("catalogue section has an invalid duration");
    c.videos_.push_back(std::move(v));
  }
  c.embeddingDim_ = r.i32();
  c.embeddings_ = r.podVector<float>();
  c.hasEmbedding_ = r.podVector<uint8_t>();
  if (!r.ok()) return corruptError("catalogue section is damaged");
  if (c.embeddingDim_ < 0 || static_cast<std::size_t>(c.embeddingDim_) > limits::kMaxEmbeddingDim ||
      c.embeddings_.size() != c.videos_.size() * static_cast<std::size_t>(c.embeddingDim_) ||
      c.hasEmbedding_.size() != c.videos_.size())
    return corruptError("catalogue section has inconsistent embeddings");
  *this = std::move(c);
  return Status::ok();
}

}  // namespace reelrank
