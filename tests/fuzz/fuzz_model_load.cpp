// libFuzzer target: Model::load on arbitrary bytes must never crash, and a
// model that loads must rank, predict and save without crashing.
#include <cstdlib>

#include "models/model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  reelrank::Model m;
  if (!reelrank::Model::load(data, size, &m).isOk()) return 0;
  reelrank::Profile empty, one;
  std::vector<reelrank::Recommendation> recs;
  reelrank::RankInput in;
  in.request.k = 5;
  in.request.diversity = 0.5;
  in.request.exploration = 0.2;
  (void)m.recommendForProfile(empty, in, &recs);
  if (m.itemCount() > 0) {
    reelrank::EventBatch b;
    b.items = m.side().catalog.items().name(0);
    b.types = {static_cast<uint8_t>(reelrank::EventType::Like)};
    b.values = {0};
    b.durations = {0};
    b.timestamps = {1};
    if (one.recordBatch(b, &m.side().catalog, {}).isOk()) (void)m.recommendForProfile(one, in, &recs);
    std::vector<std::pair<int32_t, float>> similar;
    (void)m.similarItems(b.items, 5, &similar);
  }
  if (m.side().hasUsers()) {
    (void)m.recommendForUser(m.side().users.name(0), in, &recs);
    double v;
    if (m.itemCount() > 0) (void)m.predictForUser(m.side().users.name(0), m.side().catalog.items().name(0), &v);
  }
  std::vector<uint8_t> saved;
  if (!m.save(true, &saved).isOk()) std::abort();
  return 0;
}
