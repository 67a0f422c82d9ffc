// libFuzzer target: every dataset reader on arbitrary text must never crash;
// what it reads must be accepted by Interactions. The first byte picks the
// format and whether bad lines are skipped.
#include <cstdlib>

#include "data/interactions.hpp"
#include "io/dataset_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const reelrank::DatasetFormat formats[] = {reelrank::DatasetFormat::MovieLens, reelrank::DatasetFormat::Csv,
                                             reelrank::DatasetFormat::Tsv, reelrank::DatasetFormat::KuaiRand};
  reelrank::ReadOptions options;
  options.skipBad = (data[0] & 4) != 0;
  reelrank::ReadResult result;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (!reelrank::readDataset(text, formats[data[0] & 3], options, &result).isOk()) return 0;
  reelrank::Interactions log;
  if (!log.addBatch(result.events).isOk()) std::abort();  // a reader must only emit valid events
  return 0;
}
