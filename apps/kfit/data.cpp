#include "apps/kfit/data.h"

#include <algorithm>
#include <filesystem>

#include "libkeras/utils/error.h"
#include "libkeras/utils/numerical_utils.h"
#include "libkeras/utils/random.h"

namespace kfit {

using namespace keras;

datasets::LoadedData load_dataset(const std::string& data, const Example& example, const Shape& input_shape,
                                  std::optional<std::int64_t> train_limit, std::optional<std::int64_t> test_limit) {
  if (data == "fashion_mnist") return datasets::fashion_mnist::load_data();
  if (data == "mnist") return datasets::mnist::load_data();
  if (data == "cifar10") {
    datasets::LoadedData d = datasets::cifar10::load_data();
    // Keras' (n, 1) uint8 labels, as the int32 class ids the sparse loss and accuracy take.
    return {d.x_train, d.y_train.reshape({d.y_train.dim(0)}).astype(int32), d.x_test,
            d.y_test.reshape({d.y_test.dim(0)}).astype(int32)};
  }
  if (data == "imdb") {
    // As Keras' imdb_lstm example: the most frequent words, reviews padded or cut to the model's length.
    if (input_shape.rank() != 2 || input_shape.dim(1) <= 0) {
      throw ValueError("--data imdb gives padded word-index sequences, (samples, length); the model's input shape is " +
                       input_shape.to_string());
    }
    const std::int64_t vocabulary = example.synthetic.vocabulary;
    datasets::SequenceData d =
        datasets::imdb::load_data({.num_words = vocabulary > 0 ? std::optional(vocabulary) : std::nullopt});
    const std::int64_t maxlen = input_shape.dim(1);
    return {utils::pad_sequences(d.x_train, maxlen).astype(float32), d.y_train.astype(float32),
            utils::pad_sequences(d.x_test, maxlen).astype(float32), d.y_test.astype(float32)};
  }
  if (data == "synthetic") {
    const SyntheticData& spec = example.synthetic;
    return synthetic_dataset(spec, input_shape, std::min(spec.train_samples, train_limit.value_or(spec.train_samples)),
                             std::min(spec.test_samples, test_limit.value_or(spec.test_samples)), 1234);
  }
  if (std::filesystem::is_directory(data)) return datasets::load_idx_folder(data);
  throw ValueError("Unknown dataset '" + data +
                   "'. Use fashion_mnist, mnist, cifar10, imdb, synthetic, or a folder holding the four MNIST-layout IDX files "
                   "(plain or .gz)");
}

namespace {

Tensor synthetic_inputs(const SyntheticData& spec, const Shape& sample_shape, std::int64_t n, std::uint64_t seed) {
  Shape shape = sample_shape.with_batch(n);
  if (spec.vocabulary <= 0) return random::uniform(shape, 0.0, 1.0, seed);  // float32
  // Token ids are whole numbers stored as float32, as Keras feeds pad_sequences' output.
  Tensor u = random::uniform(shape, 1.0, static_cast<double>(spec.vocabulary), seed);
  return u.astype(int32).astype(float32);
}

Tensor synthetic_labels(const SyntheticData& spec, std::int64_t n, std::uint64_t seed) {
  Tensor u = random::uniform({n}, 0.0, static_cast<double>(spec.classes), seed);
  return spec.classes == 2 ? u.astype(int32).astype(float32) : u.astype(int32);
}

}  // namespace

datasets::LoadedData synthetic_dataset(const SyntheticData& spec, const Shape& input_shape, std::int64_t train_samples,
                                       std::int64_t test_samples, std::uint64_t seed) {
  const Shape sample = input_shape.without_batch();
  return {synthetic_inputs(spec, sample, train_samples, seed), synthetic_labels(spec, train_samples, seed + 1),
          synthetic_inputs(spec, sample, test_samples, seed + 2), synthetic_labels(spec, test_samples, seed + 3)};
}

Tensor prepare_inputs(const Tensor& x, const Shape& input_shape) {
  std::int64_t per_sample = input_shape.without_batch().size();
  std::int64_t given = x.rank() > 0 && x.dim(0) > 0 ? x.size() / x.dim(0) : 0;
  if (per_sample < 0 || given != per_sample) {
    throw ShapeError("The data's samples have shape " + x.shape().without_batch().to_string() +
                     ", which does not fit the model's input shape " + input_shape.to_string());
  }
  Tensor shaped = x.reshape(input_shape.without_batch().with_batch(x.dim(0)));
  if (x.dtype() == float32) return shaped;
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
