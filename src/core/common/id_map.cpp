#include "common/id_map.hpp"

#include <atomic>

#include "common/binary_io.hpp"
#include "common/limits.hpp"

namespace reelrank {

uint64_t IdMap::nextUid() {
  // 64 bits: a process never runs out (2^64 maps made).
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

Status validateId(std::string_view id, const char* what) {
  if (id.empty()) return argError(std::string(what) + " id must be a non-empty string");
  if (id.size() > limits::kMaxIdBytes)
    return argError(std::string(what) + " id is " + std::to_string(id.size()) + " bytes long; the maximum is " +
                    std::to_string(limits::kMaxIdBytes));
  if (id.find('\0') != std::string_view::npos)
    return argError(std::string(what) + " id must not contain a NUL character");
  return Status::ok();
}

Status readIdMap(BinaryReader& r, IdMap* out, const char* section) {
  std::vector<std::string> names = r.strings();
  if (!r.ok()) return corruptError(std::string(section) + " section is damaged (id list)");
  // Ids read back obey the rules ids going in obey: an empty id or one with a
  // NUL would break the NUL-joined lists that cross to JS.
  for (const auto& n : names)
    if (!validateId(n, section).isOk()) return corruptError(std::string(section) + " section holds an invalid id");
  out->clear();
  out->reserve(names.size());
  for (const auto& n : names) out->intern(n);
  if (out->size() != names.size()) return corruptError(std::string(section) + " section repeats an id");
  return Status::ok();
}

std::vector<std::string_view> splitIds(std::string_view joined) {
  std::vector<std::string_view> out;
  if (joined.empty()) return out;
  std::size_t start = 0;
  while (true) {
    std::size_t end = joined.find('\0', start);
    if (end == std::string_view::npos) {
      out.push_back(joined.substr(start));
      break;
    }
    out.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace reelrank
