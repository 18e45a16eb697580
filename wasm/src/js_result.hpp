// Conversion of core Status / Result values into JS values. A failure becomes a plain object
// {learnloopError: true, code, message} that the TypeScript wrapper turns into a LearnloopError;
// nothing is thrown across the boundary, so no C++ destructor is ever skipped.
#pragma once

#include <emscripten/val.h>

#include <string>
#include <vector>

#include "learnloop/core/status.hpp"

namespace learnloop::wasm {

/// The JS error record for `error`.
emscripten::val error_to_js(const Error& error);

/// undefined on success, else the error record.
emscripten::val status_to_js(const Status& status);

/// A Float64Array copy of `values`.
emscripten::val to_float64_array(const std::vector<double>& values);

/// The value converted by `convert` on success, else the error record.
template <class T, class Convert>
emscripten::val result_to_js(const Result<T>& result, Convert convert) {
  return result.ok() ? convert(result.value()) : error_to_js(result.error());
}

}  // namespace learnloop::wasm
