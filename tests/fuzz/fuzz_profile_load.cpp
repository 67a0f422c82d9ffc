// libFuzzer target: Profile::load on arbitrary bytes must never crash, and a
// profile that loads must save to bytes that load to the same bytes.
#include <cstdlib>

#include "profile/profile.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  reelrank::Profile p;
  if (!reelrank::Profile::load(data, size, &p).isOk()) return 0;
  (void)p.tagInterests(10);
  (void)p.creatorInterests(10);
  const std::vector<uint8_t> saved = p.save();
  reelrank::Profile again;
  if (!reelrank::Profile::load(saved.data(), saved.size(), &again).isOk() || again.save() != saved) std::abort();
  again.forgetBefore(again.newestTimestamp());
  return 0;
}
