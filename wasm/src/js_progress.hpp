// Core progress forwarded to a JS callback (label, done, total).
#pragma once

#include <emscripten/val.h>

#include "learnloop/core/progress.hpp"

namespace learnloop::wasm {

/// Forwards core progress to a JS function; ignores undefined and null.
class JsProgress : public ProgressSink {
 public:
  /// Wraps `callback` (a function, undefined or null).
  explicit JsProgress(emscripten::val callback) : callback_(std::move(callback)) {}
  /// Calls the callback with (label, done, total).
  void on_progress(const std::string& label, std::uint64_t done, std::uint64_t total) override {
    if (!callback_.isUndefined() && !callback_.isNull())
      callback_(label, static_cast<double>(done), static_cast<double>(total));
  }

 private:
  emscripten::val callback_;
};

}  // namespace learnloop::wasm
