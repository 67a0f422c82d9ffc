// Catalog: the videos a model can recommend, with their tags, creator,
// duration and optional embedding (one fixed dimension per catalogue).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/binary_io.hpp"
#include "common/id_map.hpp"
#include "common/status.hpp"

namespace reelrank {

struct Video {
  std::vector<int32_t> tags;  // indices into Catalog::tags(), distinct
  int32_t creator = -1;       // index into Catalog::creators(), -1 = none
  float duration = 0;         // seconds, 0 = unknown
};

struct VideoInput {
  std::string id;
  std::vector<std::string> tags;
  std::string creator;  // empty = none
  double duration = 0;
  std::vector<float> embedding;  // empty = none
};

class Catalog {
 public:
  // Adds videos atomically: every one is checked (ids, duplicates, tag count,
  // numbers, embedding dimension) before any is added.
  Status addMany(const std::vector<VideoInput>& videos);

  std::size_t size() const { return videos_.size(); }
  const IdMap& items() const { return items_; }
  const IdMap& tags() const { return tags_; }
  const IdMap& creators() const { return creators_; }
  const Video& video(int32_t i) const { return videos_[static_cast<std::size_t>(i)]; }
  // Number of videos carrying each tag.
  const std::vector<uint32_t>& tagDocFreq() const { return tagDocFreq_; }
  int embeddingDim() const { return embeddingDim_; }
  // Null when the video has no embedding.
  const float* embedding(int32_t i) const {
    return embeddingDim_ && hasEmbedding_[static_cast<std::size_t>(i)]
               ? embeddings_.data() + static_cast<std::size_t>(i) * embeddingDim_
               : nullptr;
  }

  void write(BinaryWriter& w) const;
  Status read(BinaryReader& r);

 private:
  IdMap items_, tags_, creators_;
  std::vector<Video> videos_;
  std::vector<uint32_t> tagDocFreq_;
  int embeddingDim_ = 0;
  std::vector<float> embeddings_;
  std::vector<uint8_t> hasEmbedding_;
};

}  // namespace reelrank
