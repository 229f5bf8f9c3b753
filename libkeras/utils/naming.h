#pragma once
// Keras object naming: default layer names are the snake-cased class name made unique per
// process ("dense", "dense_1", ...); clear_session() restarts the numbering.

#include <string>

namespace keras::utils {

/// keras.src.utils.naming.to_snake_case: "MaxPooling2D" -> "max_pooling2d".
std::string to_snake_case(const std::string& name);
/// "dense", then "dense_1", "dense_2", ... for the same prefix.
std::string uniquify(const std::string& prefix);

}  // namespace keras::utils

namespace keras::backend {

/// Resets the default-name counters (Keras: keras.backend.clear_session()).
void clear_session();

}  // namespace keras::backend
