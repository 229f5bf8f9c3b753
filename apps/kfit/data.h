#pragma once
// Datasets for kfit: resolution of --data and preparation for a model's input.

#include <cstdint>
#include <optional>
#include <string>

#include "datasets/datasets.h"
#include "libkeras/model/model.h"

namespace kfit {

/// Names accepted by --data besides a folder path.
inline const char* const kDatasetNames[] = {"fashion_mnist", "mnist"};

/// Loads "fashion_mnist", "mnist", or a folder holding the four MNIST-layout IDX files.
keras::datasets::LoadedData load_dataset(const std::string& data);

/// Images as float32 in [0, 1] shaped for `input_shape` (batch axis -1); uint8 input is scaled
/// by 1/255 as in the Keras examples, float input is used as given. Throws ShapeError when the
/// per-sample size does not fit.
keras::Tensor prepare_inputs(const keras::Tensor& x, const keras::Shape& input_shape);

/// The first `limit` rows (all rows when limit is empty or larger).
keras::Tensor first_rows(const keras::Tensor& t, std::optional<std::int64_t> limit);

}  // namespace kfit
