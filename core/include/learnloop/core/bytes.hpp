// A little-endian byte writer and a bounds-checked reader: the embeddings snapshot and the learning
// job's shard partials are written with them. The reader never reads past its end: a short read
// sets failed() and returns zeros.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>

namespace learnloop {

/// Appends fixed-width little-endian values to a byte string, or streams them out in parts (drain_every).
class ByteWriter {
 public:
  /// Receives one part of the bytes written, in order.
  using Drain = std::function<void(std::string_view part)>;

  /// From now on, hands every `part_bytes` (> 0) bytes written to `drain` and keeps only the rest (flush() hands it).
  void drain_every(std::size_t part_bytes, Drain drain) {
    part_bytes_ = part_bytes;
    drain_ = std::move(drain);
    drain_full_parts();
  }
  /// Hands what is left to the drain as a last, shorter part (nothing when no bytes are left or there is no drain).
  void flush() {
    if (!drain_ || out_.empty()) return;
    drain_(out_);
    drained_ += out_.size();
    out_.clear();
  }
  /// Bytes written in all: drained and still held.
  std::uint64_t size() const { return drained_ + out_.size(); }
  /// Appends the low `bytes` bytes of `v`, least significant first.
  void uint(std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    if (drain_ && out_.size() >= part_bytes_) drain_full_parts();
  }
  /// Appends one float32 by its bits.
  void f32(float v) {
    std::uint32_t bits;
    std::memcpy(&bits, &v, 4);
    uint(bits, 4);
  }
  /// Appends one float64 by its bits (exact: a double reads back bit for bit).
  void f64(double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, 8);
    uint(bits, 8);
  }
  /// Appends a u32 length and the bytes of `s`.
  void str(std::string_view s) {
    uint(s.size(), 4);
    raw(s.data(), s.size());
  }
  /// Appends raw bytes.
  void raw(const char* data, std::size_t n) {
    out_.append(data, n);
    if (drain_ && out_.size() >= part_bytes_) drain_full_parts();
  }
  /// The bytes written and not drained.
  std::string& bytes() { return out_; }

 private:
  void drain_full_parts() {
    std::size_t at = 0;
    for (; out_.size() - at >= part_bytes_; at += part_bytes_) drain_(std::string_view(out_).substr(at, part_bytes_));
    drained_ += at;
    out_.erase(0, at);
  }

  std::string out_;
  std::size_t part_bytes_ = 0;
  Drain drain_;
  std::uint64_t drained_ = 0;
};

/// Reads what ByteWriter wrote, from one buffer or from pieces handed over one at a time (a stored partial's parts,
/// so the whole never sits in memory); reading past the end sets failed().
class ByteReader {
 public:
  /// Gives the next piece of a stream of bytes (empty at the end); it stays valid until the next call.
  using NextPiece = std::function<std::string_view()>;

  /// Reads from data[0..size).
  ByteReader(const char* data, std::size_t size) : data_(data), size_(size), total_(size) {}
  /// Reads the `total` bytes `next` hands over piece by piece, holding none of them beyond the current piece.
  ByteReader(NextPiece next, std::uint64_t total) : next_(std::move(next)), total_(total) {}
  /// Reads a `bytes`-wide little-endian unsigned integer.
  std::uint64_t uint(int bytes) {
    const char* at = take(static_cast<std::size_t>(bytes));
    if (at == nullptr) return 0;
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(at[i])) << (8 * i);
    return v;
  }
  /// Reads one float32.
  float f32() {
    const std::uint32_t bits = static_cast<std::uint32_t>(uint(4));
    float v;
    std::memcpy(&v, &bits, 4);
    return v;
  }
  /// Reads one float64.
  double f64() {
    const std::uint64_t bits = uint(8);
    double v;
    std::memcpy(&v, &bits, 8);
    return v;
  }
  /// Reads a u32 length and that many bytes.
  std::string str() {
    const std::size_t n = static_cast<std::size_t>(uint(4));
    const char* at = take(n);
    return at == nullptr ? std::string() : std::string(at, n);
  }
  /// Skips the next `n` bytes and returns where they start, valid until the next read (null, and failed(), when fewer
  /// are left).
  const char* skip(std::size_t n) { return take(n); }
  /// The next `n` bytes as a reader of their own, taking them from this one as it reads (nothing is copied).
  ByteReader sub(std::uint64_t n) {
    if (failed_ || n > remaining()) {
      failed_ = true;
      return ByteReader(nullptr, 0).failing();
    }
    consumed_ += n;  // counted here: the sub-reader takes them through take_span()
    return ByteReader(
        [this, left = n]() mutable -> std::string_view {
          const std::string_view span = take_span(left);
          left -= span.size();
          return span;
        },
        n);
  }
  /// Bytes not read yet.
  std::uint64_t remaining() const { return total_ - consumed_; }
  /// True once a read went past the end.
  bool failed() const { return failed_; }

 private:
  // This reader, marked failed.
  ByteReader failing() && {
    failed_ = true;
    return std::move(*this);
  }
  // The next `n` bytes, contiguous: in the buffer, or copied into scratch_ when they cross pieces; null past the end.
  const char* take(std::size_t n) {
    if (failed_ || n > remaining()) {
      failed_ = true;
      return nullptr;
    }
    consumed_ += n;
    if (n <= size_ - pos_) {
      pos_ += n;
      return data_ + pos_ - n;
    }
    scratch_.assign(data_ + pos_, size_ - pos_);
    while (scratch_.size() < n) {
      const std::string_view piece = next_ ? next_() : std::string_view();
      if (piece.empty()) {  // the pieces hold fewer bytes than announced
        failed_ = true;
        return nullptr;
      }
      const std::size_t used = std::min(n - scratch_.size(), piece.size());
      scratch_.append(piece.data(), used);
      data_ = piece.data();
      size_ = piece.size();
      pos_ = used;
    }
    return scratch_.data();
  }
  // Up to `most` bytes from the current position as one span, never crossing a piece (for a sub-reader's pieces; its
  // bytes were counted when it was made); empty at the end.
  std::string_view take_span(std::uint64_t most) {
    if (pos_ == size_) {
      const std::string_view piece = next_ ? next_() : std::string_view();
      data_ = piece.data();
      size_ = piece.size();
      pos_ = 0;
    }
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(most, size_ - pos_));
    pos_ += n;
    return {data_ + pos_ - n, n};
  }

  NextPiece next_;              // empty: one buffer
  const char* data_ = nullptr;  // the current piece (or the buffer)
  std::size_t size_ = 0;        // its size
  std::size_t pos_ = 0;         // bytes of it read
  std::uint64_t total_ = 0;     // bytes in all
  std::uint64_t consumed_ = 0;  // bytes read (or handed to sub-readers)
  std::string scratch_;         // a value that crossed pieces
  bool failed_ = false;
};

}  // namespace learnloop
