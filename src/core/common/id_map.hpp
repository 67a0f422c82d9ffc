// IdMap: string ids <-> dense indices 0..size-1, both ways. Indices are stable:
// an id keeps its index for the life of the map (and across save/load).
//
// A map only grows, except by clear(), so (uid(), size()) names its whole
// content: a copy, a move and clear() take a new uid, never one used
// before. That lets a translation between two maps be kept and extended by
// the ids added since (profile/index_translation.hpp).
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

  IdMap() : uid_(nextUid()) {}
  IdMap(const IdMap& o) : names_(o.names_), index_(o.index_), uid_(nextUid()) {}
  IdMap(IdMap&& o) noexcept : names_(std::move(o.names_)), index_(std::move(o.index_)), uid_(nextUid()) { o.clear(); }
  IdMap& operator=(const IdMap& o) {
    if (this != &o) {
      names_ = o.names_;
      index_ = o.index_;
      uid_ = nextUid();
    }
    return *this;
  }
  IdMap& operator=(IdMap&& o) noexcept {
    if (this != &o) {
      names_ = std::move(o.names_);
      index_ = std::move(o.index_);
      uid_ = nextUid();
      o.clear();
    }
    return *this;
  }

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
    uid_ = nextUid();
  }
  // Unique to this map's content up to its size (the file comment).
  uint64_t uid() const { return uid_; }

 private:
  static uint64_t nextUid();

  std::vector<std::string> names_;
  std::unordered_map<std::string, int32_t> index_;
  uint64_t uid_;
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
