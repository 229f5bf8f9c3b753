#pragma once
// Python-compatible number formatting, so console output matches Keras byte for byte.

#include <cstddef>
#include <cstdint>
#include <string>

namespace keras::format {

/// f"{v:.{precision}f}" (nan and inf spelled as Python does).
std::string fixed(double v, int precision);
/// f"{v:.{precision}e}", e.g. "1.2340e-04".
std::string scientific(double v, int precision);
/// Keras' metric display: 4 decimals when |v| > 1e-3, else 4-digit scientific notation.
std::string metric_value(double v);
/// f"{n:,}".
std::string thousands(std::int64_t n);
/// Keras summary_utils.readable_memory_size: "136.04 KB".
std::string memory_size(double bytes);
/// Python's len() of UTF-8 text: the number of code points (what a terminal column counts here).
std::size_t display_width(const std::string& utf8);

}  // namespace keras::format
