#pragma once
// Python's warnings.warn for libkeras: Keras' UserWarnings, printed to standard error.

#include <string>

namespace keras::utils {

/// Prints "UserWarning: <message>" on its own line to std::cerr.
void warn(const std::string& message);

}  // namespace keras::utils
