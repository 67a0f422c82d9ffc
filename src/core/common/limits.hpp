// Documented maximums, enforced before allocating (docs/limits.md repeats them).
#pragma once
#include <cstddef>

namespace reelrank::limits {

constexpr std::size_t kMaxIdBytes = 256;  // any id: item, user, tag, creator
constexpr std::size_t kMaxTagsPerVideo = 64;
constexpr std::size_t kMaxCatalogItems = 2'000'000;
constexpr std::size_t kMaxEmbeddingDim = 1024;
constexpr std::size_t kMaxLogEvents = 20'000'000;  // 24 bytes each: 480 MB
// What training may plan to allocate: wasm memory ends at 2 GB and the page
// needs some of it, so refuse (E_MEMORY) before starting past this estimate.
constexpr std::size_t kTrainingMemoryBudget = std::size_t{1536} << 20;
constexpr std::size_t kMaxNeighbors = 1000;

}  // namespace reelrank::limits
