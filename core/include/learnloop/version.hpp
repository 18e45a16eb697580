// learnloop's version, shared by the CLI, the wasm module and the npm package (package.json must match).
#pragma once

namespace learnloop {

/// Semantic version of this build of learnloop.
constexpr const char* kVersion = "0.2.0";

}  // namespace learnloop
