#pragma once
// A test-only reader of TensorBoard event files, independent of the writer under test: its own
// bit-by-bit CRC-32C and a hand-written protobuf wire-format decoder that knows TensorFlow's
// field numbers (tensorflow/core/util/event.proto, framework/summary.proto, tensor.proto) and
// rejects any field it does not expect.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace keras::testing {

/// A malformed event file: truncated record, CRC mismatch, bad protobuf, unexpected field.
class EventFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// CRC-32C computed one bit at a time (no table), straight from the polynomial.
std::uint32_t crc32c_bitwise(const std::string& data);

struct DecodedValue {
  std::string tag;
  std::string plugin_name, plugin_content;
  int dtype = 0;
  bool has_shape = false;
  std::vector<std::int64_t> shape;
  std::string tensor_content;
  std::vector<std::string> string_val;

  /// The scalar float32 in tensor_content (DT_FLOAT, rank 0).
  float scalar() const;
  /// The float64 elements in tensor_content (DT_DOUBLE).
  std::vector<double> doubles() const;
};

struct DecodedEvent {
  double wall_time = 0.0;
  std::int64_t step = 0;
  std::optional<std::string> file_version;
  bool has_summary = false;
  std::vector<DecodedValue> values;
};

/// Every record of the file, checked and decoded; throws EventFileError naming the record.
std::vector<DecodedEvent> read_event_file(const std::string& path);

/// The single event file in `folder` (named events.out.tfevents.*); throws when there is not exactly one.
std::string only_event_file(const std::string& folder);

}  // namespace keras::testing
