// TextPool: text packed in 64 KiB chunks (a longer text gets a chunk of its own), and a set of the interned views.
#include "learnloop/store/text_pool.hpp"

#include <cstring>

namespace learnloop {
namespace {

constexpr std::size_t kTextPoolChunk = std::size_t{64} * 1024;  // bytes per chunk of short texts

}  // namespace

std::string_view TextPool::copy(std::string_view text) {
  if (text.empty()) return {};
  if (text.size() > kTextPoolChunk / 4) {  // a long text: its own allocation, the current chunk stays
    chunks_.push_back(std::make_unique<char[]>(text.size()));
    bytes_ += text.size();
    std::memcpy(chunks_.back().get(), text.data(), text.size());
    return {chunks_.back().get(), text.size()};
  }
  if (text.size() > left_) {
    chunks_.push_back(std::make_unique<char[]>(kTextPoolChunk));
    bytes_ += kTextPoolChunk;
    free_ = chunks_.back().get();
    left_ = kTextPoolChunk;
  }
  std::memcpy(free_, text.data(), text.size());
  const std::string_view out(free_, text.size());
  free_ += text.size();
  left_ -= text.size();
  return out;
}

std::string_view TextPool::intern(std::string_view text) {
  if (text.empty()) return {};
  const auto found = interned_.find(text);
  if (found != interned_.end()) return *found;
  const std::string_view kept = copy(text);
  interned_.insert(kept);
  return kept;
}

}  // namespace learnloop
