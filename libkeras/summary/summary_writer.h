#pragma once
// A TensorBoard run written without TensorFlow: what tf.summary.create_file_writer(log_dir) and
// the TF2 summary ops (tf.summary.scalar, tf.summary.histogram, tf.summary.write) produce.
//
// The file is `<log_dir>/events.out.tfevents.<unix secs>.<hostname>.<pid>.<n>.v2`, a sequence of
// TFRecords (uint64 length, masked CRC-32C of the length, an Event protobuf, masked CRC-32C of
// the Event); the first Event carries file_version "brain.Event:2". Records are buffered until
// flush() or close(), as TensorFlow's writer buffers them.

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace keras::summary {

class SummaryWriter {
 public:
  /// Creates `log_dir` (and its parents) and the event file; throws IoError naming the folder
  /// or file that cannot be created.
  explicit SummaryWriter(const std::string& log_dir);
  /// Closes the file; errors are not reported here (call close() to see them).
  ~SummaryWriter();
  SummaryWriter(const SummaryWriter&) = delete;
  SummaryWriter& operator=(const SummaryWriter&) = delete;

  /// tf.summary.scalar: a float32 scalar tensor for the "scalars" plugin.
  void scalar(const std::string& tag, double value, std::int64_t step);
  /// tf.summary.histogram: a float64 [k, 3] tensor of histogram_buckets(data, buckets) for the
  /// "histograms" plugin.
  void histogram(const std::string& tag, const std::vector<double>& data, std::int64_t step, int buckets = 30);
  /// tf.summary.write of a string scalar, with the plugin metadata given (Keras'
  /// keras_model_summary writes the model's JSON this way).
  void string_tensor(const std::string& tag, const std::string& value, std::int64_t step,
                     const std::string& plugin_name, const std::string& plugin_content);

  /// Hands every buffered record to the operating system and syncs the file to disk; throws
  /// IoError naming the file when that fails.
  void flush();
  /// Flushes and closes; later writes throw IoError. Closing twice is harmless.
  void close();

  /// The event file's path.
  const std::string& path() const { return path_; }

 private:
  void write_record(const std::string& serialized_event);

  std::string path_;
  std::FILE* file_ = nullptr;
};

}  // namespace keras::summary
