#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/dense.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/kerasjs_cases.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Dense satisfies the layer contract", "[layers][dense]") {
  run_layer_test({.make = [] { return std::make_shared<Dense>(4, Dense::Options{.activation = "tanh"}); },
                  .input_shape = {2, 3},
                  .expected_output_shape = Shape{2, 4},
                  .weight_names = {"kernel", "bias"}});
  run_layer_test({.make = [] { return std::make_shared<Dense>(3, Dense::Options{.use_bias = false}); },
                  .input_shape = {2, 5, 4},
                  .expected_output_shape = Shape{2, 5, 3},
                  .weight_names = {"kernel"}});
}

TEST_CASE("Dense computes inputs . kernel + bias", "[layers][dense]") {
  Dense dense(2);
  dense.maybe_build({-1, 3});
  dense.set_weights({tensor({1, 2, 3, 4, 5, 6}, {3, 2}), tensor({0.5f, -1}, {2})});
  // [1, 0, -1] . [[1,2],[3,4],[5,6]] = [1-5, 2-6] = [-4, -4]; + bias.
  check_close(forward(dense, tensor({1, 0, -1}, {1, 3})), {-3.5, -5.0});
  CHECK(dense.count_params() == 8);
}

TEST_CASE("Dense matches Keras-computed outputs", "[layers][dense][keras-samples]") {
  for (const auto& c : load_kerasjs_cases("Dense")) {
    INFO(c.name);
    const Json& kw = c.layer_config["kwargs"];
    Dense dense(c.layer_config["args"][0].get<int>(),
                Dense::Options{.activation = kw.value("activation", "linear"), .use_bias = kw.value("use_bias", true)});
    dense.maybe_build(c.input.shape());
    dense.set_weights(c.weights);
    check_close(forward(dense, c.input), c.expected, 1e-5, 1e-4);
  }
}

TEST_CASE("Dense rejects bad arguments and inputs with clear errors", "[layers][dense][errors]") {
  REQUIRE_THROWS_WITH(Dense(0), Catch::Contains("units=0"));
  REQUIRE_THROWS_WITH(Dense(3, "relux"), Catch::Contains("Unknown activation 'relux'") && Catch::Contains("relu"));
  Dense dense(2, Dense::Options{.name = "clf"});
  dense.maybe_build({-1, 3});
  REQUIRE_THROWS_WITH(dense(Tensor::zeros({4, 5})), Catch::Contains("layer \"clf\"") && Catch::Contains("value 3") &&
                                                        Catch::Contains("(4, 5)"));
  REQUIRE_THROWS_WITH(Dense::from_config(Json{{"name", "d"}, {"units", "ten"}}),
                      Catch::Contains("Dense layer \"d\"") && Catch::Contains("'units'"));
}
