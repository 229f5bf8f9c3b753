#pragma once
// Datasets for kfit: resolution of --data and preparation for a model's input.

#include <cstdint>
#include <optional>
#include <string>

#include "apps/kfit/examples.h"
#include "datasets/datasets.h"
#include "libkeras/model/model.h"

namespace kfit {

/// Loads "fashion_mnist", "mnist", "cifar10", "imdb" (reviews padded to `input_shape`'s length,
/// words limited to the example's vocabulary), a folder holding the four MNIST-layout IDX files, or
/// "synthetic": `example`'s synthetic stand-in, shaped for `input_shape` (always the same data;
/// only the first `train_limit` / `test_limit` samples are made, the rows a --limit keeps).
keras::datasets::LoadedData load_dataset(const std::string& data, const Example& example,
                                         const keras::Shape& input_shape,
                                         std::optional<std::int64_t> train_limit = std::nullopt,
                                         std::optional<std::int64_t> test_limit = std::nullopt);

/// The first `train_samples` / `test_samples` of `spec`'s data: random inputs (float32, samples
/// shaped as `input_shape`) and labels, int32 class ids or float32 0/1 when there are two
/// classes (a sigmoid output's targets). Fewer rows are a prefix of more, for the same seed.
keras::datasets::LoadedData synthetic_dataset(const SyntheticData& spec, const keras::Shape& input_shape,
                                              std::int64_t train_samples, std::int64_t test_samples,
                                              std::uint64_t seed);

/// Images as float32 in [0, 1] shaped for `input_shape` (batch axis -1); uint8 input is scaled
/// by 1/255 as in the Keras examples, float input is used as given. Throws ShapeError when the
/// per-sample size does not fit.
keras::Tensor prepare_inputs(const keras::Tensor& x, const keras::Shape& input_shape);

/// The first `limit` rows (all rows when limit is empty or larger).
keras::Tensor first_rows(const keras::Tensor& t, std::optional<std::int64_t> limit);

}  // namespace kfit
