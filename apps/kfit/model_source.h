#pragma once
// What MODEL means on kfit's command line: a built-in example, or a Keras model file
// (a .json config, a legacy .h5/.hdf5 model, or a .keras archive).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "apps/kfit/examples.h"
#include "libkeras/model/model.h"

namespace kfit {

struct ModelSource {
  std::shared_ptr<keras::Model> model;
  /// The built-in example, or null for a model file.
  const Example* example = nullptr;
  /// The example's name or the file's path.
  std::string name;
  /// The model's (first) input shape, batch axis -1.
  keras::Shape input_shape;
};

/// True when `arg` names a model file by its extension (.json, .h5, .hdf5, .keras).
bool is_model_file(const std::string& arg);

/// Builds the example, or loads the file (with its compile settings and optimizer state when
/// it has them). `seed` is applied first, so fresh weights are reproducible.
ModelSource open_model(const std::string& arg, const std::optional<std::uint64_t>& seed);

/// The synthetic stand-in for a model file's data: random inputs of its input shape and labels
/// for its output (one class id per sample for a softmax-sized output, 0/1 for a single unit).
SyntheticData synthetic_spec_for(const keras::Model& model);

}  // namespace kfit
