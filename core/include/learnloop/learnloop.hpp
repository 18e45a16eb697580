// Umbrella header: everything a C++ user of learnloop needs.
#pragma once

#include "learnloop/bandits/bandit.hpp"              // IWYU pragma: export
#include "learnloop/bandits/simulation.hpp"          // IWYU pragma: export
#include "learnloop/cli/cli.hpp"                     // IWYU pragma: export
#include "learnloop/core/format.hpp"                 // IWYU pragma: export
#include "learnloop/core/progress.hpp"               // IWYU pragma: export
#include "learnloop/core/status.hpp"                 // IWYU pragma: export
#include "learnloop/embeddings/distance.hpp"         // IWYU pragma: export
#include "learnloop/embeddings/embedding_store.hpp"  // IWYU pragma: export
#include "learnloop/embeddings/fvecs.hpp"            // IWYU pragma: export
#include "learnloop/random/rng.hpp"                  // IWYU pragma: export
#include "learnloop/random/samplers.hpp"             // IWYU pragma: export
#include "learnloop/version.hpp"                     // IWYU pragma: export
