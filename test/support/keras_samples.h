#pragma once
// Locating ../shared/keras-samples (real Keras files and Keras-computed outputs). Tests that
// need it say so and skip when it is absent; the rest of the suite still runs.

#include <optional>
#include <string>

#include "libkeras/serialization/json.h"

namespace keras::testing {

/// $KERAS_SAMPLES_DIR, else <source root>/../shared/keras-samples, if it exists.
std::optional<std::string> keras_samples_dir();

/// The directory, or nullopt after a WARN explaining that `what` is skipped.
std::optional<std::string> require_keras_samples(const std::string& what);

/// A JSON file (a sample config or an expected-output record); fails the test when unreadable.
Json read_json(const std::string& path);

/// The repository root (for fixtures and built programs).
std::string source_root();
std::string build_root();

}  // namespace keras::testing
