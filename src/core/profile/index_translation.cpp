#include "profile/index_translation.hpp"

#include <algorithm>

namespace reelrank {

namespace {
// Past this many new ids the order is sorted again; below, each is inserted
// (a move of the list per id, cheaper than a sort for the one id of a swipe).
constexpr std::size_t kInsertAtMost = 16;
}  // namespace

std::size_t IndexTranslation::memoryBytes() const {
  std::lock_guard<std::mutex> guard(lock_);
  return (index_.capacity() + order_.capacity()) * sizeof(int32_t);
}

void IndexTranslation::translate(const IdMap& from, const IdMap& to, std::vector<int32_t>* index,
                                 std::vector<int32_t>* order) const {
  std::lock_guard<std::mutex> guard(lock_);
  // `to` growing can give a missing id an index, so its size is part of the key.
  if (fromUid_ != from.uid() || toUid_ != to.uid() || toSize_ != to.size() || index_.size() > from.size()) {
    index_.clear();
    order_.clear();
    fromUid_ = from.uid();
    toUid_ = to.uid();
    toSize_ = to.size();
  }
  const std::size_t known = index_.size();
  index_.resize(from.size());
  for (std::size_t i = known; i < from.size(); ++i) index_[i] = to.find(from.name(static_cast<int32_t>(i)));
  auto byIndex = [this](int32_t a, int32_t b) {
    const int32_t ia = index_[static_cast<std::size_t>(a)], ib = index_[static_cast<std::size_t>(b)];
    return ia != ib ? ia < ib : a < b;
  };
  if (from.size() - known > kInsertAtMost) {
    order_.resize(from.size());
    for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<int32_t>(i);
    std::sort(order_.begin(), order_.end(), byIndex);
  } else {
    for (std::size_t i = known; i < from.size(); ++i) {
      const auto id = static_cast<int32_t>(i);
      order_.insert(std::upper_bound(order_.begin(), order_.end(), id, byIndex), id);
    }
  }
  *index = index_;
  if (order) *order = order_;
}

}  // namespace reelrank
