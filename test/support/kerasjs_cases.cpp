#include "test/support/kerasjs_cases.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "test/support/keras_samples.h"

namespace keras::testing {

namespace {

Tensor tensor_of(const Json& j, bool add_batch) {
  std::vector<std::int64_t> dims = j["shape"].get<std::vector<std::int64_t>>();
  if (add_batch) dims.insert(dims.begin(), 1);
  return Tensor::from_vector(j["data"].get<std::vector<float>>(), Shape(dims));
}

}  // namespace

std::vector<KerasjsCase> load_kerasjs_cases(const std::string& layer) {
  std::vector<KerasjsCase> out;
  auto dir = require_keras_samples("Keras-computed " + layer + " cases");
  if (!dir) return out;
  Json cases = read_json(*dir + "/layer_cases/kerasjs__" + layer + ".json");
  Json configs = read_json(*dir + "/layer_cases/kerasjs__layer_configs.json");
  for (const auto& [name, c] : cases.items()) {
    KerasjsCase k;
    k.name = name;
    k.input = tensor_of(c["input"], true);
    if (c.contains("weights")) {
      for (const auto& w : c["weights"]) k.weights.push_back(tensor_of(w, false));
    }
    k.expected = tensor_of(c["expected"], true);
    k.layer_config = configs.at(name);
    out.push_back(k);
  }
  return out;
}

}  // namespace keras::testing
