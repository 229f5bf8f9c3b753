#include "libkeras/summary/histogram.h"

#include <algorithm>
#include <cmath>

namespace keras::summary {

std::vector<HistogramBucket> histogram_buckets(const std::vector<double>& data, int bucket_count) {
  if (bucket_count <= 0) return {};
  std::vector<double> finite;
  finite.reserve(data.size());
  for (double x : data) {
    if (std::isfinite(x)) finite.push_back(x);
  }
  std::vector<HistogramBucket> rows(static_cast<std::size_t>(bucket_count));
  if (finite.empty()) return rows;
  const auto [min_it, max_it] = std::minmax_element(finite.begin(), finite.end());
  const double min = *min_it, max = *max_it, range = max - min;
  if (range == 0.0) {
    for (HistogramBucket& row : rows) row.left = row.right = max;
    rows.back().count = static_cast<double>(finite.size());
    return rows;
  }
  // tf.linspace(min, max, n + 1): min + i * (range / n), with the last edge exactly max; the
  // bucket width is the same quotient, so edges and indices agree bit for bit with TensorFlow.
  const double width = range / static_cast<double>(bucket_count);
  for (int i = 0; i < bucket_count; ++i) {
    rows[i].left = min + width * i;
    rows[i].right = i + 1 == bucket_count ? max : min + width * (i + 1);
  }
  for (double x : finite) {
    const double index = std::floor((x - min) / width);
    rows[static_cast<std::size_t>(std::min(index, static_cast<double>(bucket_count - 1)))].count += 1.0;
  }
  return rows;
}

}  // namespace keras::summary
