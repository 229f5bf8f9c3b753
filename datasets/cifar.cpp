#include "datasets/cifar.h"

#include <cstring>
#include <filesystem>
#include <string_view>

#include "datasets/pickle_reader.h"
#include "libkeras/serialization/file_io.h"
#include "libkeras/utils/error.h"

namespace keras::datasets::cifar {

namespace {

constexpr std::int64_t kPixels = 3 * 32 * 32;

// The files store each image as planes (3, 32, 32); Keras transposes to (32, 32, 3).
void planar_to_nhwc(const std::uint8_t* src, std::int64_t n, std::uint8_t* dst) {
  for (std::int64_t i = 0; i < n; ++i, src += kPixels) {
    for (std::int64_t p = 0; p < 32 * 32; ++p) {
      for (std::int64_t c = 0; c < 3; ++c) *dst++ = src[c * 32 * 32 + p];
    }
  }
}

Tensor column_of(const std::vector<std::int64_t>& labels, DType dtype, const std::string& where) {
  const auto n = static_cast<std::int64_t>(labels.size());
  if (dtype == uint8) {
    std::vector<std::uint8_t> v;
    v.reserve(labels.size());
    for (std::int64_t l : labels) {
      if (l < 0 || l > 255) throw IoError(where + ": label " + std::to_string(l) + " does not fit uint8");
      v.push_back(static_cast<std::uint8_t>(l));
    }
    return Tensor::from_vector(v, Shape{n, 1});
  }
  return Tensor::from_vector(labels, Shape{n, 1});
}

}  // namespace

Batch load_batch(const std::string& fpath, const std::string& label_key) {
  const std::vector<char> bytes = io::read_file(fpath);
  const pickle::Unpickled u = pickle::load(std::string_view(bytes.data(), bytes.size()), fpath);
  const pickle::Value dict = u.root();
  const auto data = u.get(dict, "data", "the batch");
  const auto labels = u.get(dict, label_key, "the batch");
  if (!data || !labels) {
    throw IoError("'" + fpath + "' has no '" + (data ? label_key : std::string("data")) +
                  "' entry; is it a CIFAR batch?");
  }
  Tensor pixels = u.tensor(*data, "'data'");
  const std::int64_t n = pixels.rank() ? pixels.dim(0) : 0;
  if (pixels.dtype() != uint8 || pixels.rank() == 0 || pixels.size() != n * kPixels) {
    throw IoError("'" + fpath + "': 'data' is " + pixels.shape().to_string() +
                  ", not uint8 rows of 3072 pixels (3 planes of 32x32)");
  }
  Batch b;
  for (pickle::Value l : u.items(*labels, "'" + label_key + "'")) b.labels.push_back(u.integer(l, "a label"));
  if (static_cast<std::int64_t>(b.labels.size()) != n) {
    throw IoError("'" + fpath + "' holds " + std::to_string(n) + " images but " + std::to_string(b.labels.size()) +
                  " labels");
  }
  b.x = Tensor(Shape{n, 32, 32, 3}, uint8);
  planar_to_nhwc(pixels.data<std::uint8_t>(), n, b.x.data<std::uint8_t>());
  return b;
}

Batch load_binary_batch(const std::string& fpath, int label_bytes, int label_index) {
  const std::vector<char> bytes = io::read_file(fpath);
  const std::size_t record = static_cast<std::size_t>(label_bytes + kPixels);
  if (bytes.empty() || bytes.size() % record) {
    throw IoError("'" + fpath + "' holds " + std::to_string(bytes.size()) + " bytes, not a whole number of " +
                  std::to_string(record) + "-byte CIFAR records (truncated?)");
  }
  const auto n = static_cast<std::int64_t>(bytes.size() / record);
  Batch b;
  b.x = Tensor(Shape{n, 32, 32, 3}, uint8);
  auto* dst = b.x.data<std::uint8_t>();
  const auto* src = reinterpret_cast<const std::uint8_t*>(bytes.data());
  for (std::int64_t i = 0; i < n; ++i, src += record, dst += kPixels) {
    b.labels.push_back(src[label_index]);
    planar_to_nhwc(src + label_bytes, 1, dst);
  }
  return b;
}

LoadedData load_folder(const std::string& folder, const Layout& layout, const std::string& label_key, int label_bytes,
                       int label_index, DType label_dtype) {
  auto join = [&](const std::vector<std::string>& names, Tensor& x, Tensor& y) {
    std::vector<Batch> batches;
    std::int64_t n = 0;
    for (const auto& name : names) {
      const std::string path = (std::filesystem::path(folder) / name).string();
      if (!std::filesystem::is_regular_file(path)) {
        throw IoError("CIFAR file '" + path + "' is missing; extract the whole archive into '" + folder + "'");
      }
      batches.push_back(layout.binary ? load_binary_batch(path, label_bytes, label_index)
                                      : load_batch(path, label_key));
      n += batches.back().x.dim(0);
    }
    x = Tensor(Shape{n, 32, 32, 3}, uint8);
    std::vector<std::int64_t> labels;
    auto* dst = static_cast<char*>(x.raw_data());
    for (const Batch& b : batches) {
      std::memcpy(dst, b.x.raw_data(), b.x.nbytes());
      dst += b.x.nbytes();
      labels.insert(labels.end(), b.labels.begin(), b.labels.end());
    }
    y = column_of(labels, label_dtype, "'" + folder + "'");
  };
  LoadedData d;
  join(layout.train, d.x_train, d.y_train);
  join(layout.test, d.x_test, d.y_test);
  return d;
}

}  // namespace keras::datasets::cifar
