#include "libkeras/summary/summary_writer.h"

#include <unistd.h>

#include <atomic>
#include <bit>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "event.pb.h"
#include "libkeras/summary/crc32c.h"
#include "libkeras/summary/histogram.h"
#include "libkeras/utils/error.h"

namespace keras::summary {

static_assert(std::endian::native == std::endian::little,
              "event files are little-endian; this writer copies host bytes as they are");

namespace {

double now_seconds() {
  using namespace std::chrono;
  return static_cast<double>(duration_cast<microseconds>(system_clock::now().time_since_epoch()).count()) / 1e6;
}

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

// TensorFlow's SummaryFileWriter: the pid and a per-process counter keep two writers opened in
// the same second (or by two processes) from sharing a file name.
std::string event_file_name(double wall_time) {
  static std::atomic<long long> counter{0};
  char secs[32];
  std::snprintf(secs, sizeof secs, "%010lld", static_cast<long long>(wall_time));
  return std::string("events.out.tfevents.") + secs + "." + host_name() + "." + std::to_string(getpid()) + "." +
         std::to_string(counter.fetch_add(1)) + ".v2";
}

template <class T>
std::string raw_bytes(const std::vector<T>& values) {
  std::string out(values.size() * sizeof(T), '\0');
  if (!values.empty()) std::memcpy(out.data(), values.data(), out.size());
  return out;
}

// One tagged value for `plugin_name`, as TensorFlow's SummaryFileWriter::WriteTensor fills it.
proto::Summary::Value* add_summary_value(proto::Event& event, std::int64_t step, const std::string& tag,
                                         const std::string& plugin_name) {
  event.set_wall_time(now_seconds());
  event.set_step(step);
  proto::Summary::Value* v = event.mutable_summary()->add_value();
  v->set_tag(tag);
  v->mutable_metadata()->mutable_plugin_data()->set_plugin_name(plugin_name);
  return v;
}

std::string serialized(const proto::Event& event) {
  std::string out;
  if (!event.SerializeToString(&out)) throw IoError("TensorBoard event could not be serialized");
  return out;
}

}  // namespace

SummaryWriter::SummaryWriter(const std::string& log_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(log_dir, ec);
  if (ec || !fs::is_directory(log_dir)) {
    throw IoError("TensorBoard: cannot create the log directory '" + log_dir + "'" +
                  (ec ? ": " + ec.message() : ": a file of that name is in the way"));
  }
  const double wall_time = now_seconds();
  path_ = (fs::path(log_dir) / event_file_name(wall_time)).string();
  file_ = std::fopen(path_.c_str(), "wb");
  if (!file_) throw IoError("TensorBoard: cannot create the event file '" + path_ + "': " + std::strerror(errno));
  // As TensorFlow's EventsWriter: whole seconds, and flushed at once so the file is
  // recognisable even if nothing else is ever written.
  proto::Event event;
  event.set_wall_time(static_cast<double>(static_cast<long long>(wall_time)));
  event.set_file_version("brain.Event:2");
  write_record(serialized(event));
  flush();
}

SummaryWriter::~SummaryWriter() {
  if (file_) std::fclose(file_);
}

void SummaryWriter::scalar(const std::string& tag, double value, std::int64_t step) {
  proto::Event event;
  proto::Summary::Value* v = add_summary_value(event, step, tag, "scalars");
  proto::TensorProto* t = v->mutable_tensor();
  t->set_dtype(proto::DT_FLOAT);
  t->mutable_tensor_shape();  // present and empty: rank 0
  t->set_tensor_content(raw_bytes(std::vector<float>{static_cast<float>(value)}));
  write_record(serialized(event));
}

void SummaryWriter::histogram(const std::string& tag, const std::vector<double>& data, std::int64_t step,
                              int buckets) {
  std::vector<double> flat;
  for (const HistogramBucket& b : histogram_buckets(data, buckets)) flat.insert(flat.end(), {b.left, b.right, b.count});
  proto::Event event;
  proto::Summary::Value* v = add_summary_value(event, step, tag, "histograms");
  proto::TensorProto* t = v->mutable_tensor();
  t->set_dtype(proto::DT_DOUBLE);
  t->mutable_tensor_shape()->add_dim()->set_size(static_cast<std::int64_t>(flat.size() / 3));
  t->mutable_tensor_shape()->add_dim()->set_size(3);
  t->set_tensor_content(raw_bytes(flat));
  write_record(serialized(event));
}

void SummaryWriter::string_tensor(const std::string& tag, const std::string& value, std::int64_t step,
                                  const std::string& plugin_name, const std::string& plugin_content) {
  proto::Event event;
  proto::Summary::Value* v = add_summary_value(event, step, tag, plugin_name);
  v->mutable_metadata()->mutable_plugin_data()->set_content(plugin_content);
  proto::TensorProto* t = v->mutable_tensor();
  t->set_dtype(proto::DT_STRING);
  t->mutable_tensor_shape();
  t->add_string_val(value);
  write_record(serialized(event));
}

void SummaryWriter::write_record(const std::string& data) {
  if (!file_) throw IoError("TensorBoard: the event file '" + path_ + "' is already closed");
  std::string header(8, '\0');
  const std::uint64_t length = data.size();
  std::memcpy(header.data(), &length, sizeof length);
  std::string record = header;
  const std::uint32_t header_crc = masked_crc32c(header);
  record.append(reinterpret_cast<const char*>(&header_crc), sizeof header_crc);
  record += data;
  const std::uint32_t data_crc = masked_crc32c(data);
  record.append(reinterpret_cast<const char*>(&data_crc), sizeof data_crc);
  if (std::fwrite(record.data(), 1, record.size(), file_) != record.size()) {
    throw IoError("TensorBoard: cannot write to the event file '" + path_ + "': " + std::strerror(errno));
  }
}

void SummaryWriter::flush() {
  if (!file_) return;
  if (std::fflush(file_) != 0 || fsync(fileno(file_)) != 0) {
    throw IoError("TensorBoard: cannot flush the event file '" + path_ + "': " + std::strerror(errno));
  }
}

void SummaryWriter::close() {
  if (!file_) return;
  std::FILE* file = file_;
  file_ = nullptr;
  const bool flushed = std::fflush(file) == 0 && fsync(fileno(file)) == 0;
  const int saved = errno;
  if (std::fclose(file) != 0 || !flushed) {
    throw IoError("TensorBoard: cannot close the event file '" + path_ + "': " + std::strerror(flushed ? errno : saved));
  }
}

}  // namespace keras::summary
