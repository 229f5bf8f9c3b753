#include "test/support/layer_harness.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/layer_registry.h"
#include "libkeras/autograd/tape.h"
#include "test/support/check.h"

namespace keras::testing {

Tensor forward(Layer& layer, const Tensor& x, bool training) {
  autograd::NoGradGuard no_grad;
  return layer(x, training);
}

void run_layer_test(const LayerTestSpec& spec) {
  std::shared_ptr<Layer> layer = spec.make();
  Tensor x = random_tensor(spec.input_shape, spec.input_lo, spec.input_hi, 3);
  Tensor y = forward(*layer, x);
  CHECK(layer->built());
  CHECK(y.shape() == layer->compute_output_shape(spec.input_shape));
  if (spec.expected_output_shape) CHECK(y.shape() == *spec.expected_output_shape);

  std::vector<std::string> names;
  for (const Variable* v : layer->weights()) names.push_back(v->name());
  CHECK(names == spec.weight_names);
  for (const Variable* v : layer->weights()) CHECK(v->path() == layer->name() + "/" + v->name());

  // Config round trip: through the registry, then through JSON text.
  Json serialized = layers::serialize(*layer);
  std::shared_ptr<Layer> copy = layers::deserialize(serialized);
  CHECK(copy->class_name() == layer->class_name());
  CHECK(copy->get_config().dump() == layer->get_config().dump());
  std::shared_ptr<Layer> from_text = layers::deserialize(Json::parse(serialized.dump()));
  CHECK(from_text->get_config().dump() == layer->get_config().dump());
  // The copy computes the same function once given the same weights.
  copy->maybe_build(spec.input_shape);
  copy->set_weights(layer->get_weights());
  check_close(forward(*copy, x), y, 1e-6, 1e-6);

  if (spec.check_grads) {
    std::vector<Tensor> weights;
    for (Variable* v : layer->weights()) weights.push_back(v->value());
    check_gradients([&](const std::vector<Tensor>& in) { return (*layer)(in[0], false); }, {x}, spec.grad, weights);
  }
}

}  // namespace keras::testing
