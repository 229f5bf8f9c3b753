// keras.layers.TimeDistributed: Dense and Conv2D applied to every time slice (against the
// wrapped layer called slice by slice), shapes, masks, weights, config round trip, gradients,
// errors.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/conv2d.h"
#include "layers/dense.h"
#include "layers/normalization/batch_normalization.h"
#include "layers/rnn/time_distributed.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/layers/rnn/rnn_checks.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

// Keras' definition: the wrapped layer on each slice x[:, t], stacked on the time axis.
Tensor slice_by_slice(Layer& inner, const Tensor& x) {
  std::vector<Tensor> outs;
  for (std::int64_t t = 0; t < x.dim(1); ++t) {
    outs.push_back(forward(inner, ops::squeeze(ops::slice_axis(x, 1, t, t + 1), 1)));
  }
  return ops::stack(outs, 1);
}

}  // namespace

TEST_CASE("TimeDistributed(Dense) applies one Dense to every step", "[layers][rnn][time_distributed]") {
  TimeDistributed td(Dense(4, "tanh"));
  Tensor x = random_tensor({2, 3, 5}, -1, 1, 1);
  const Tensor mask = Tensor::from_vector(std::vector<float>{1, 1, 0, 1, 0, 0}, Shape{2, 3});
  x.set_mask(mask);
  const Tensor y = forward(td, x);
  CHECK(y.shape() == Shape{2, 3, 4});
  check_close(y, slice_by_slice(td.layer(), x), 1e-6, 1e-6);
  CHECK(y.mask().defined());  // the mask passes through
  CHECK(weight_names(td) == std::vector<std::string>{"kernel", "bias"});
  CHECK(td.compute_output_shape(x.shape()) == y.shape());
  CHECK(td.compute_output_shape({-1, 7, 5}) == Shape{-1, 7, 4});
  std::vector<Tensor> weights;
  for (Variable* v : td.weights()) weights.push_back(v->value());
  check_gradients([&](const std::vector<Tensor>& in) { return td(in[0]); }, {x}, {}, weights);
}

TEST_CASE("TimeDistributed(Conv2D) convolves every frame with one kernel", "[layers][rnn][time_distributed]") {
  TimeDistributed td(Conv2D(2, 3, Conv2D::Options{.padding = "same"}));
  const Tensor x = random_tensor({2, 3, 6, 5, 1}, -1, 1, 2);
  const Tensor y = forward(td, x);
  CHECK(y.shape() == Shape{2, 3, 6, 5, 2});
  check_close(y, slice_by_slice(td.layer(), x), 1e-6, 1e-6);
  CHECK(td.compute_output_shape(x.shape()) == y.shape());
  TimeDistributed valid(Conv2D(4, 3));
  const Tensor yv = forward(valid, x);
  CHECK(yv.shape() == Shape{2, 3, 4, 3, 4});
  CHECK(valid.compute_output_shape(x.shape()) == yv.shape());
}

TEST_CASE("TimeDistributed config round trip and trainable", "[layers][rnn][time_distributed][config]") {
  TimeDistributed td(Dense(3), {.name = "td"});
  const Tensor x = random_tensor({2, 4, 2}, -1, 1, 3);
  const Tensor y = forward(td, x);
  const Json config = td.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : config.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "layer"});
  CHECK(config["layer"]["class_name"] == "Dense");
  auto copy = check_config_round_trip(td);
  copy->maybe_build(x.shape());
  copy->set_weights(td.get_weights());
  check_close(forward(*copy, x), y, 1e-6, 1e-6);
  td.set_trainable(false);
  CHECK(td.trainable_weights().empty());
  CHECK(td.non_trainable_weights().size() == 2);
}

TEST_CASE("TimeDistributed(BatchNormalization) normalises each step with its own statistics in training",
          "[layers][rnn][time_distributed]") {
  // Keras calls the layer once per step: each step uses its batch's statistics and updates the
  // moving averages once. Steps 0 and 1 of feature 0 hold {1, 3} and {10, 30}.
  TimeDistributed td(BatchNormalization(BatchNormalization::Options{.momentum = 0.5, .epsilon = 1e-9}));
  const Tensor x = tensor({1, 10, 3, 30}, {2, 2, 1});
  check_close(td(x, true), {-1, -1, 1, 1}, 1e-5, 1e-5);
  // moving_mean: 0 -> 0.5 * 0 + 0.5 * 2 = 1 (step 0) -> 0.5 * 1 + 0.5 * 20 = 10.5 (step 1)
  check_close(td.weights()[2]->value(), {10.5}, 1e-5, 1e-5);
  // Inference uses the moving statistics, in one call over batch x time.
  CHECK(td(x, false).shape() == Shape{2, 2, 1});
}

TEST_CASE("TimeDistributed rejects inputs without a time axis, naming itself",
          "[layers][rnn][time_distributed][errors]") {
  TimeDistributed td(Dense(3), {.name = "td"});
  REQUIRE_THROWS_WITH(forward(td, Tensor::zeros({2, 4})), Catch::Contains("\"td\"") && Catch::Contains("(2, 4)"));
  REQUIRE_THROWS_WITH(TimeDistributed(std::shared_ptr<Layer>(), {.name = "td2"}), Catch::Contains("\"td2\""));
}
