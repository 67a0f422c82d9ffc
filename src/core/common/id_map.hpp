// IdMap: string ids <-> dense indices 0..size-1, both ways. Indices are stable:
// an id keeps its index for the life of the map (and across save/load).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.hpp"

namespace reelrank {

class IdMap {
 public:
  static constexpr int32_t kMissing = -1;

  int32_t find(std::string_view id) const {
    auto it = index_.find(std::string(id));
    return it == index_.end() ? kMissing : it->second;
  }
  // Returns the index of id, adding it when new.
  int32_t intern(std::string_view id) {
    auto [it, inserted] = index_.try_emplace(std::string(id), static_cast<int32_t>(names_.size()));
    if (inserted) names_.push_back(it->first);
    return it->second;
  }
  const std::string& name(int32_t index) const { return names_[static_cast<std::size_t>(index)]; }
  std::size_t size() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }
  void reserve(std::size_t n) {
    names_.reserve(n);
    index_.reserve(n);
  }
  void clear() {
    names_.clear();
    index_.clear();
  }

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, int32_t> index_;
};

// An id is valid when it is non-empty, at most limits::kMaxIdBytes bytes and
// holds no NUL byte (NUL separates ids in batch calls).
Status validateId(std::string_view id, const char* what);

class BinaryReader;
// Reads a list of ids written with BinaryWriter::strings into an empty map;
// a damaged list or a repeated id is E_CORRUPT naming `section`.
Status readIdMap(BinaryReader& r, IdMap* out, const char* section);

// Splits a NUL-separated list of ids (the batch form that crosses the wasm
// boundary as one string). An empty input gives an empty list.
std::vector<std::string_view> splitIds(std::string_view joined);

}  // namespace reelrank
