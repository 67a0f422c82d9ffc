// libFuzzer target: the NumPy .npy reader on arbitrary bytes must never crash,
// and an array it accepts must hold exactly the floats its shape says.
#include <cstdlib>

#include "io/npy_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  reelrank::NpyArray a;
  if (!reelrank::readNpy(data, size, &a).isOk()) return 0;
  std::size_t count = 1;
  for (auto d : a.shape) count *= static_cast<std::size_t>(d);
  if (count != a.data.size()) std::abort();
  return 0;
}
