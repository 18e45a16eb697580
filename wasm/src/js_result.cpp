// Error records and typed-array copies for the bindings.
#include "js_result.hpp"

namespace learnloop::wasm {

emscripten::val error_to_js(const Error& error) {
  emscripten::val record = emscripten::val::object();
  record.set("learnloopError", true);
  record.set("code", std::string(error_code_name(error.code)));
  record.set("message", error.message);
  return record;
}

emscripten::val status_to_js(const Status& status) {
  return status.ok() ? emscripten::val::undefined() : error_to_js(status.error());
}

emscripten::val to_float64_array(const std::vector<double>& values) {
  return emscripten::val::global("Float64Array").new_(emscripten::typed_memory_view(values.size(), values.data()));
}

}  // namespace learnloop::wasm
