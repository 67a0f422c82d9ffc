// libFuzzer target: Model::load must never crash, and a model that loads must
// rank, predict, save, and load again to the same bytes.
//
// The input is a snapshot *payload*. The target seals it itself (length and
// CRC-32 written correctly), so every mutation reaches the section readers
// (header, catalogue, popularity, users, each algorithm's reader, the item
// evidence) instead of failing the checksum. The raw input is also tried as a
// whole snapshot, which keeps the envelope checks (magic, version, length,
// checksum) in reach.
#include <cstdlib>

#include "models/model.hpp"

namespace {

void exercise(const reelrank::Model& m) {
  reelrank::Profile empty, one;
  std::vector<reelrank::Recommendation> recs;
  reelrank::RankInput in;
  in.request.k = 5;
  in.request.diversity = 0.5;
  in.request.exploration = 0.2;
  in.request.explain = true;
  in.request.newVideoBudget = 0.5;  // reads the loaded item evidence
  (void)m.recommendForProfile(empty, in, &recs);
  if (m.itemCount() > 0) {
    reelrank::EventBatch b;
    b.items = m.side().catalog.items().name(0);
    b.types = {static_cast<uint8_t>(reelrank::EventType::Like)};
    b.values = {0};
    b.durations = {0};
    b.timestamps = {1};
    if (one.recordBatch(b, &m.side().catalog, {}).isOk()) {
      (void)m.recommendForProfile(one, in, &recs);
      double v;
      (void)m.predictForProfile(one, b.items, &v);
    }
    std::vector<std::pair<int32_t, float>> similar;
    (void)m.similarItems(b.items, 5, &similar);
  }
  if (m.side().hasUsers()) {
    (void)m.recommendForUser(m.side().users.name(0), in, &recs);
    double v;
    if (m.itemCount() > 0) (void)m.predictForUser(m.side().users.name(0), m.side().catalog.items().name(0), &v);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  {
    reelrank::Model whole;
    (void)reelrank::Model::load(data, size, &whole);
  }
  const std::vector<uint8_t> sealed = reelrank::sealSnapshot(reelrank::kModelMagic, reelrank::kModelFormatVersion,
                                                             std::vector<uint8_t>(data, data + size));
  reelrank::Model m;
  if (!reelrank::Model::load(sealed.data(), sealed.size(), &m).isOk()) return 0;
  exercise(m);
  // A model that loads saves to bytes that load, and saving again gives the same bytes.
  std::vector<uint8_t> saved, again;
  if (!m.save(true, &saved).isOk()) std::abort();
  reelrank::Model reloaded;
  if (!reelrank::Model::load(saved.data(), saved.size(), &reloaded).isOk()) std::abort();
  if (!reloaded.save(true, &again).isOk() || again != saved) std::abort();
  return 0;
}
