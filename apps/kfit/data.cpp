#include "apps/kfit/data.h"

#include <algorithm>
#include <filesystem>

#include "libkeras/utils/error.h"

namespace kfit {

using namespace keras;

datasets::LoadedData load_dataset(const std::string& data) {
  if (data == "fashion_mnist") return datasets::fashion_mnist::load_data();
  if (data == "mnist") return datasets::mnist::load_data();
  if (std::filesystem::is_directory(data)) return datasets::load_idx_folder(data);
  throw ValueError("Unknown dataset '" + data +
                   "'. Use fashion_mnist, mnist, or a folder holding the four MNIST-layout IDX files (plain or .gz)");
}

Tensor prepare_inputs(const Tensor& x, const Shape& input_shape) {
  std::int64_t per_sample = input_shape.without_batch().size();
  std::int64_t given = x.rank() > 0 && x.dim(0) > 0 ? x.size() / x.dim(0) : 0;
  if (per_sample < 0 || given != per_sample) {
    throw ShapeError("The data's samples have shape " + x.shape().without_batch().to_string() +
                     ", which does not fit the model's input shape " + input_shape.to_string());
  }
  Tensor shaped = x.reshape(input_shape.without_batch().with_batch(x.dim(0)));
  if (x.dtype() != uint8) return shaped.astype(float32);
  // Convert in blocks of rows so no whole-dataset temporary doubles the peak memory.
  Tensor out(shaped.shape(), float32);
  const std::int64_t block = 4096;
  for (std::int64_t b = 0; b < x.dim(0); b += block) {
    std::int64_t e = std::min(x.dim(0), b + block);
    out.slice(b, e).assign(shaped.slice(b, e).astype(float32) / 255.0f);
  }
  return out;
}

Tensor first_rows(const Tensor& t, std::optional<std::int64_t> limit) {
  if (!limit || *limit >= t.dim(0)) return t;
  if (*limit <= 0) throw ValueError("--limit must be a positive number of samples, received " + std::to_string(*limit));
  return t.slice(0, *limit);
}

}  // namespace kfit
