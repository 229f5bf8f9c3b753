#pragma once
// Single-layer cases computed by Keras 2.1.2 (transcranial/keras-js test data, in
// ../shared/keras-samples/layer_cases): input, weights and expected output, without batch axis.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "libkeras/serialization/json.h"
#include "libkeras/tensor/tensor.h"

namespace keras::testing {

struct KerasjsCase {
  std::string name;              ///< e.g. "core.Dense.0"
  Tensor input;                  ///< with a batch axis of 1 added
  std::vector<Tensor> weights;
  Tensor expected;               ///< with a batch axis of 1 added
  Json layer_config;             ///< {"class_name", "args", "kwargs"} from kerasjs__layer_configs.json
};

/// All cases of `layer` ("Dense", "Conv2D", ...); empty (after a WARN) when the samples are absent.
std::vector<KerasjsCase> load_kerasjs_cases(const std::string& layer);

}  // namespace keras::testing
