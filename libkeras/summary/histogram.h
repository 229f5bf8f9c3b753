#pragma once
// The buckets tf.summary.histogram writes (tensorboard/plugins/histogram/summary_v2.py, _buckets).

#include <vector>

namespace keras::summary {

/// One histogram row as TensorBoard stores it: [left edge, right edge, count].
struct HistogramBucket {
  double left = 0.0;
  double right = 0.0;
  double count = 0.0;
};

/// `bucket_count` equal-width buckets from min(data) to max(data); a value lands in bucket
/// floor((x - min) / width), the maximum in the last one. No data gives bucket_count zero rows;
/// a single distinct value v gives rows [v, v, 0] with the whole count in the last one.
/// A non-positive bucket_count gives no rows. NaN and infinite values have no bucket and are
/// left out (TensorFlow drops NaN too: its bucket index is out of one_hot's range), so that a
/// diverging run still gets histograms of its finite weights.
std::vector<HistogramBucket> histogram_buckets(const std::vector<double>& data, int bucket_count = 30);

}  // namespace keras::summary
