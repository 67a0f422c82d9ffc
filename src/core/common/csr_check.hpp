// The structural check every compressed-rows section a snapshot holds must
// pass before anything indexes through it (the model's user rows, item-kNN's
// neighbours, the transitions' successors): `rows` + 1 offsets from 0 to
// index.size(), never decreasing (every offset is checked before any row is
// read: checking only the ends let [0, 1000, 3] read past the index list), and
// in each row indices in [0, columns) and strictly increasing (readers
// binary-search rows).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace reelrank {

inline bool validCompressedRows(const std::vector<int32_t>& offsets, const std::vector<int32_t>& index,
                                std::size_t rows, int32_t columns) {
  if (offsets.size() != rows + 1 || offsets.front() != 0 || offsets.back() != static_cast<int32_t>(index.size()))
    return false;
  for (std::size_t r = 0; r < rows; ++r)
    if (offsets[r] > offsets[r + 1]) return false;
  for (std::size_t r = 0; r < rows; ++r)
    for (auto k = static_cast<std::size_t>(offsets[r]); k < static_cast<std::size_t>(offsets[r + 1]); ++k)
      if (index[k] < 0 || index[k] >= columns || (k > static_cast<std::size_t>(offsets[r]) && index[k - 1] >= index[k]))
        return false;
  return true;
}

}  // namespace reelrank
