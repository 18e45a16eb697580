// An append-only store of text that rows point into with std::string_view: one copy per distinct value for
// repeating text (categories), and packed copies in large chunks for text that mostly differs (ids, timestamps),
// instead of one heap string per field per row. Views stay valid as long as the pool; it never moves or frees text.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace learnloop {

/// Owns text that rows refer to by std::string_view; views stay valid for the pool's lifetime.
class TextPool {
 public:
  /// An empty pool.
  TextPool() = default;
  TextPool(const TextPool&) = delete;
  TextPool& operator=(const TextPool&) = delete;
  /// A copy of `text` kept by the pool (for text that mostly differs: ids, timestamps); "" gives an empty view.
  std::string_view copy(std::string_view text);
  /// The pool's one copy of `text` (for text that repeats: categories): equal texts give the same view.
  std::string_view intern(std::string_view text);
  /// Bytes the pool has allocated for text.
  std::size_t bytes() const { return bytes_; }

 private:
  std::vector<std::unique_ptr<char[]>> chunks_;    // every allocation, never moved
  char* free_ = nullptr;                           // the free end of the current chunk
  std::size_t left_ = 0;                           // bytes free there
  std::size_t bytes_ = 0;                          // bytes allocated
  std::unordered_set<std::string_view> interned_;  // views into chunks_
};

}  // namespace learnloop
