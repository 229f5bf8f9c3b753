#include "libkeras/utils/format.h"

#include <cmath>
#include <cstdio>

namespace keras::format {

namespace {

std::string non_finite(double v) {
  if (std::isnan(v)) return "nan";
  return v > 0 ? "inf" : "-inf";
}

std::string printf_double(const char* fmt, int precision, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, precision, v);
  return buf;
}

}  // namespace

std::string fixed(double v, int precision) {
  if (!std::isfinite(v)) return non_finite(v);
  return printf_double("%.*f", precision, v);
}

std::string scientific(double v, int precision) {
  if (!std::isfinite(v)) return non_finite(v);
  return printf_double("%.*e", precision, v);
}

std::string metric_value(double v) { return std::fabs(v) > 1e-3 ? fixed(v, 4) : scientific(v, 4); }

std::string thousands(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  int count = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (count && count % 3 == 0) out.insert(out.begin(), ',');
    out.insert(out.begin(), *it);
    ++count;
  }
  return n < 0 ? "-" + out : out;
}

std::string memory_size(double bytes) {
  static const char* units[] = {"B", "KB", "MB", "GB", "TB", "PB"};
  for (const char* unit : units) {
    if (bytes / 1024 < 1) return fixed(bytes, 2) + " " + unit;
    bytes /= 1024;
  }
  return fixed(bytes, 2) + " PB";
}

std::size_t display_width(const std::string& utf8) {
  std::size_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace keras::format
