// A whole Model from SASRec weights trained elsewhere (a .safetensors file,
// sasrec_import.hpp): the catalogue is the file's items in embedding-row
// order, so row r of item_embedding is items[r - 1]. An import knows no log,
// so popularity is 0 and the blend's defaults apply.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/status.hpp"
#include "models/model.hpp"

namespace reelrank {

// On failure `out` is unchanged; the codes are those of
// sasrecWeightsFromSafetensors, plus E_ARG for bad or repeated item ids.
Status modelFromSafetensors(const uint8_t* bytes, std::size_t size, std::vector<std::string> items, Model* out);

}  // namespace reelrank
