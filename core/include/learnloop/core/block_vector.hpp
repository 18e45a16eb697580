// A sequence stored in fixed-size blocks: it grows one block at a time, so growing never copies what it holds nor
// needs twice its size for a moment (a std::vector's doubling), and it holds at most one block more than its elements.
// For state that grows with a long window (records, rates) where the reallocation peak, not the data, set the peak.
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <memory>
#include <vector>

namespace learnloop {

/// Elements in blocks of 2^BlockShift, indexed and iterated (random access) like a vector's.
template <typename T, std::size_t BlockShift = 14>
class BlockVector {
  // Elements per block, and the mask of an index's place in its block.
  static constexpr std::size_t block_size() { return std::size_t{1} << BlockShift; }
  static constexpr std::size_t in_block(std::size_t i) { return i & (block_size() - 1); }

  // An iterator over a (const) BlockVector: a position and its container.
  template <typename Owner, typename Value>
  class Iter {
   public:
    // NOLINTBEGIN(readability-identifier-naming): the names std::iterator_traits reads
    using iterator_category = std::random_access_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = Value*;
    using reference = Value&;
    // NOLINTEND(readability-identifier-naming)

    Iter() = default;
    Iter(Owner* owner, std::size_t at) : owner_(owner), at_(at) {}
    reference operator*() const { return (*owner_)[at_]; }
    pointer operator->() const { return &(*owner_)[at_]; }
    reference operator[](difference_type n) const { return (*owner_)[at_ + static_cast<std::size_t>(n)]; }
    Iter& operator++() { return ++at_, *this; }
    Iter operator++(int) { return Iter(owner_, at_++); }
    Iter& operator--() { return --at_, *this; }
    Iter operator--(int) { return Iter(owner_, at_--); }
    Iter& operator+=(difference_type n) { return at_ += static_cast<std::size_t>(n), *this; }
    Iter& operator-=(difference_type n) { return at_ -= static_cast<std::size_t>(n), *this; }
    Iter operator+(difference_type n) const { return Iter(owner_, at_ + static_cast<std::size_t>(n)); }
    friend Iter operator+(difference_type n, const Iter& i) { return i + n; }
    Iter operator-(difference_type n) const { return Iter(owner_, at_ - static_cast<std::size_t>(n)); }
    difference_type operator-(const Iter& o) const {
      return static_cast<difference_type>(at_) - static_cast<difference_type>(o.at_);
    }
    bool operator==(const Iter& o) const { return at_ == o.at_; }
    bool operator!=(const Iter& o) const { return at_ != o.at_; }
    bool operator<(const Iter& o) const { return at_ < o.at_; }
    bool operator>(const Iter& o) const { return at_ > o.at_; }
    bool operator<=(const Iter& o) const { return at_ <= o.at_; }
    bool operator>=(const Iter& o) const { return at_ >= o.at_; }

   private:
    Owner* owner_ = nullptr;
    std::size_t at_ = 0;
  };

 public:
  /// A position in a BlockVector.
  using Iterator = Iter<BlockVector, T>;
  /// A position in a const BlockVector.
  using ConstIterator = Iter<const BlockVector, const T>;

  BlockVector() = default;
  BlockVector(BlockVector&&) noexcept = default;
  BlockVector& operator=(BlockVector&&) noexcept = default;
  BlockVector(const BlockVector& other) { *this = other; }
  BlockVector& operator=(const BlockVector& other) {
    if (this == &other) return *this;
    clear();
    for (const T& v : other) push_back(v);
    return *this;
  }

  /// Appends `value`, adding a block when the last is full.
  void push_back(const T& value) {
    if ((size_ >> BlockShift) == blocks_.size()) blocks_.emplace_back(new T[block_size()]);
    blocks_[size_ >> BlockShift][in_block(size_)] = value;
    ++size_;
  }
  /// The element at `i` (< size()).
  T& operator[](std::size_t i) { return blocks_[i >> BlockShift][in_block(i)]; }
  /// The element at `i` (< size()).
  const T& operator[](std::size_t i) const { return blocks_[i >> BlockShift][in_block(i)]; }
  /// The last element (not empty()).
  const T& back() const { return (*this)[size_ - 1]; }
  /// Elements held.
  std::size_t size() const { return size_; }
  /// True when it holds none.
  bool empty() const { return size_ == 0; }
  /// Calls `f` on every element in order, freeing each block once it is done with: the vector ends empty, and it never
  /// holds more than one block of what was handed over (moving a long sequence into another without a copy of it).
  template <typename F>
  void drain(F&& f) {
    for (std::size_t i = 0; i < size_; ++i) {
      f(static_cast<const T&>((*this)[i]));
      if (in_block(i + 1) == 0 || i + 1 == size_) blocks_[i >> BlockShift].reset();
    }
    clear();
  }
  /// Merges the sorted runs [0, mid) and [mid, size()) into one sorted run (stable: on ties the first run's element
  /// comes first, as std::inplace_merge orders them), moving the elements into new blocks and freeing each old block
  /// once its elements have moved: no buffer of half the elements, at most a few blocks beyond them.
  template <typename Less>
  void merge_runs(std::size_t mid, Less less) {
    const std::size_t n = size_;
    BlockVector merged;
    std::size_t i = 0, j = mid;
    // Frees block `b` once every element of it moved (those of the first run below i, of the second below j).
    const auto release = [&](std::size_t b) {
      const std::size_t lo = b << BlockShift, hi = std::min(n, (b + 1) << BlockShift);
      const bool first_moved = lo >= mid || std::min(hi, mid) <= i;
      const bool second_moved = hi <= mid || hi <= j;
      if (first_moved && second_moved) blocks_[b].reset();
    };
    while (i < mid || j < n) {
      const bool first = j == n || (i < mid && !less((*this)[j], (*this)[i]));
      merged.push_back(first ? (*this)[i++] : (*this)[j++]);
      const std::size_t moved = first ? i : j;
      if (in_block(moved) == 0 || moved == mid || moved == n) release((moved - 1) >> BlockShift);
    }
    *this = std::move(merged);
  }
  /// Frees every block.
  void clear() {
    blocks_.clear();
    size_ = 0;
  }
  /// The first element.
  Iterator begin() { return Iterator(this, 0); }
  /// Past the last element.
  Iterator end() { return Iterator(this, size_); }
  /// The first element.
  ConstIterator begin() const { return ConstIterator(this, 0); }
  /// Past the last element.
  ConstIterator end() const { return ConstIterator(this, size_); }

 private:
  std::vector<std::unique_ptr<T[]>> blocks_;
  std::size_t size_ = 0;
};

}  // namespace learnloop
