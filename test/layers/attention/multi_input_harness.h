#pragma once
// run_layer_test for layers called on several inputs (the attention layers): build from the
// input shapes, output shapes equal to compute_output_shapes, weight names in Keras order, config
// round trip through the registry and JSON text (the copy computes the same function), and
// finite-difference gradients of the first output for every input and weight.

#include <catch2/catch.hpp>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "layers/layer_registry.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/model/layer.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"

namespace keras::testing {

struct MultiInputLayerSpec {
  std::function<std::shared_ptr<Layer>()> make;
  std::vector<Shape> input_shapes;  ///< batch axes included
  std::vector<Shape> expected_output_shapes;
  std::vector<std::string> weight_names;  ///< in Keras order
  GradcheckOptions grad = {.eps = 1e-3};
};

inline std::vector<Tensor> forward_multi(Layer& layer, const std::vector<Tensor>& inputs, bool training = false) {
  autograd::NoGradGuard no_grad;
  return layer(inputs, training);
}

inline void run_multi_input_layer_test(const MultiInputLayerSpec& spec) {
  std::shared_ptr<Layer> layer = spec.make();
  std::vector<Tensor> inputs;
  unsigned seed = 3;
  for (const Shape& s : spec.input_shapes) inputs.push_back(random_tensor(s, -1.0f, 1.0f, seed++));
  std::vector<Tensor> outputs = forward_multi(*layer, inputs);
  CHECK(layer->built());
  std::vector<Shape> shapes;
  for (const Tensor& t : outputs) shapes.push_back(t.shape());
  CHECK(shapes == layer->compute_output_shapes(spec.input_shapes));
  CHECK(shapes == spec.expected_output_shapes);

  std::vector<std::string> names;
  for (const Variable* v : layer->weights()) names.push_back(v->name());
  CHECK(names == spec.weight_names);
  for (const Variable* v : layer->weights()) CHECK(v->path() == layer->name() + "/" + v->name());

  Json serialized = layers::serialize(*layer);
  std::shared_ptr<Layer> copy = layers::deserialize(serialized);
  CHECK(copy->class_name() == layer->class_name());
  CHECK(copy->get_config().dump() == layer->get_config().dump());
  std::shared_ptr<Layer> from_text = layers::deserialize(Json::parse(serialized.dump()));
  CHECK(from_text->get_config().dump() == layer->get_config().dump());
  copy->maybe_build(spec.input_shapes);
  copy->set_weights(layer->get_weights());
  check_close(forward_multi(*copy, inputs)[0], outputs[0], 1e-6, 1e-6);

  std::vector<Tensor> weights;
  for (Variable* v : layer->weights()) weights.push_back(v->value());
  check_gradients([&](const std::vector<Tensor>& in) { return (*layer)(in, false)[0]; }, inputs, spec.grad, weights);
}

}  // namespace keras::testing
