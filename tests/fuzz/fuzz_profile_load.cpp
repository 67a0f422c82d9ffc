// libFuzzer target: Profile::load must never crash, and a profile that loads
// must save to bytes that load to the same bytes.
//
// The input is a snapshot *payload*, sealed here with a correct length and
// CRC-32 so mutations reach the payload reader rather than the checksum; the
// raw input is also tried as a whole snapshot for the envelope checks.
#include <cstdlib>

#include "profile/profile.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  {
    reelrank::Profile whole;
    (void)reelrank::Profile::load(data, size, &whole);
  }
  const std::vector<uint8_t> sealed = reelrank::sealSnapshot(reelrank::kProfileMagic, reelrank::kProfileFormatVersion,
                                                             std::vector<uint8_t>(data, data + size));
  reelrank::Profile p;
  if (!reelrank::Profile::load(sealed.data(), sealed.size(), &p).isOk()) return 0;
  (void)p.tagInterests(10);
  (void)p.creatorInterests(10);
  const std::vector<uint8_t> saved = p.save();
  reelrank::Profile again;
  if (!reelrank::Profile::load(saved.data(), saved.size(), &again).isOk() || again.save() != saved) std::abort();
  again.forgetBefore(again.newestTimestamp());
  return 0;
}
