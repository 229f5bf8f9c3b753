#pragma once
// run_layer_test for layers called on a list of inputs (the merge layers): output shape equal to
// compute_output_shapes, no weights, config round trip through the registry and JSON text, and
// finite-difference gradients for every input.

#include <catch2/catch.hpp>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "layers/input_layer.h"
#include "layers/layer_registry.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/model/layer.h"
#include "libkeras/model/model.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/naming.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"

namespace keras::testing {

struct MergeTestSpec {
  std::function<std::shared_ptr<Layer>()> make;
  std::vector<Shape> input_shapes;  ///< batch axis included
  Shape expected_output_shape;
  /// The inputs; random values in [-1, 1) when empty.
  std::vector<Tensor> inputs = {};
};

inline std::vector<Tensor> merge_forward(Layer& layer, const std::vector<Tensor>& inputs) {
  autograd::NoGradGuard no_grad;
  return layer(inputs);
}

inline void run_merge_layer_test(const MergeTestSpec& spec) {
  std::shared_ptr<Layer> layer = spec.make();
  std::vector<Tensor> inputs = spec.inputs;
  if (inputs.empty()) {
    for (std::size_t i = 0; i < spec.input_shapes.size(); ++i) {
      inputs.push_back(random_tensor(spec.input_shapes[i], -1.0f, 1.0f, static_cast<unsigned>(10 + i)));
    }
  }
  std::vector<Tensor> y = merge_forward(*layer, inputs);
  REQUIRE(y.size() == 1);
  CHECK(layer->built());
  CHECK(y[0].shape() == layer->compute_output_shapes(spec.input_shapes).at(0));
  CHECK(y[0].shape() == spec.expected_output_shape);
  CHECK(layer->weights().empty());

  Json serialized = layers::serialize(*layer);
  std::shared_ptr<Layer> copy = layers::deserialize(serialized);
  CHECK(copy->class_name() == layer->class_name());
  CHECK(copy->get_config().dump() == layer->get_config().dump());
  std::shared_ptr<Layer> from_text = layers::deserialize(Json::parse(serialized.dump()));
  CHECK(from_text->get_config().dump() == layer->get_config().dump());
  check_close(merge_forward(*from_text, inputs)[0], y[0], 1e-6, 1e-6);

  check_gradients([&](const std::vector<Tensor>& in) { return (*layer)(in, false).at(0); }, inputs);
}

/// Builds keras::Model(inputs, merge(inputs)) from Inputs of `shapes` (no batch axis), checks the
/// symbolic output shape, and that predict() equals the eager merge on a batch of 4.
inline void check_in_graph(const std::function<KerasTensor(const std::vector<KerasTensor>&)>& symbolic,
                           const std::function<Tensor(const std::vector<Tensor>&)>& eager,
                           const std::vector<Shape>& shapes, const Shape& expected_shape) {
  std::vector<KerasTensor> in;
  std::vector<Tensor> data;
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    in.push_back(Input(shapes[i]));
    data.push_back(random_tensor(shapes[i].with_batch(4), -1.0f, 1.0f, static_cast<unsigned>(20 + i)));
  }
  KerasTensor out = symbolic(in);
  CHECK(out.shape == expected_shape);
  Model model(in, {out});
  CHECK(model.layers().back()->name() == out.layer()->name());
  check_close(model.predict(data, {.verbose = 0}), eager(data), 1e-6, 1e-6);
}

/// A new handle on x's values with a mask attached (masks are float32 0/1 tensors); copies of
/// a Tensor share their mask, so x itself stays unmasked.
inline Tensor masked(const Tensor& x, const std::vector<float>& mask, const Shape& mask_shape) {
  Tensor y = ops::reshape(x, x.shape());
  y.set_mask(tensor(mask, mask_shape));
  return y;
}

}  // namespace keras::testing
