// PReLU: a learned slope per element or per shared group; weight shape and order, values,
// regularizer and constraint wiring, config and errors.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/activations/prelu.h"
#include "layers/input_layer.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/naming.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("PReLU satisfies the layer contract", "[layers][prelu]") {
  run_layer_test({.make = [] { return std::make_shared<PReLU>(PReLU::Options{.alpha_initializer = "ones"}); },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 3, 4},
                  .weight_names = {"alpha"}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<PReLU>(
                            PReLU::Options{.alpha_initializer = initializers::Constant(0.25), .shared_axes = {{1, 2}}});
                      },
                  .input_shape = {2, 3, 2, 4},
                  .expected_output_shape = Shape{2, 3, 2, 4},
                  .weight_names = {"alpha"}});
}

TEST_CASE("PReLU learns one slope per element or per shared group", "[layers][prelu]") {
  PReLU full;
  full.maybe_build({-1, 2, 3});
  CHECK(full.weights()[0]->shape() == Shape{2, 3});
  check_close(full.weights()[0]->value(), std::vector<double>(6, 0.0), 0, 0);  // "Zeros"

  PReLU per_channel(PReLU::Options{.shared_axes = {{1}}});
  per_channel.maybe_build({-1, 2, 3});
  CHECK(per_channel.weights()[0]->shape() == Shape{1, 3});
  per_channel.set_weights({tensor({0.1f, 0.2f, 0.3f}, {1, 3})});
  Tensor x = tensor({-1, -2, 4, 5, -10, -3}, {1, 2, 3});
  check_close(forward(per_channel, x), {-0.1, -0.4, 4, 5, -2, -0.9}, 1e-6, 0);
  // Unknown dimensions are fine on shared axes.
  KerasTensor seq = Input({-1, 3});
  CHECK(PReLU(PReLU::Options{.shared_axes = {{1}}})(seq).shape == Shape{-1, -1, 3});
}

TEST_CASE("PReLU wires its regularizer and constraint", "[layers][prelu]") {
  PReLU p(PReLU::Options{.alpha_initializer = initializers::Constant(-0.5),
                         .alpha_regularizer = regularizers::L1(0.1),
                         .alpha_constraint = constraints::NonNeg()});
  p.maybe_build({-1, 4});
  REQUIRE(p.losses().size() == 1);
  CHECK(p.losses()[0].item() == Approx(0.2));  // 0.1 * 4 * 0.5
  Variable* alpha = p.weights()[0];
  REQUIRE(alpha->constraint);
  check_close((*alpha->constraint)(alpha->value()), {0, 0, 0, 0}, 0, 0);
}

TEST_CASE("PReLU config and errors", "[layers][prelu][config]") {
  backend::clear_session();
  CHECK(PReLU().name() == "p_re_lu");
  Json c = PReLU(PReLU::Options{.alpha_regularizer = "l2", .shared_axes = {{1, 2}}, .name = "pr"}).get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "alpha_initializer", "alpha_regularizer",
                                         "alpha_constraint", "shared_axes"});
  CHECK(c["alpha_initializer"]["class_name"] == "Zeros");
  CHECK(c["alpha_regularizer"]["class_name"] == "L2");
  CHECK(c["alpha_constraint"].is_null());
  CHECK(c["shared_axes"] == Json::array({1, 2}));
  CHECK(PReLU::from_config(c)->get_config().dump() == c.dump());
  CHECK(PReLU().get_config()["shared_axes"].is_null());
  // Keras accepts a single integer for shared_axes.
  CHECK(PReLU::from_config(Json{{"name", "s"}, {"shared_axes", 1}})->get_config()["shared_axes"] == Json::array({1}));

  PReLU bad(PReLU::Options{.shared_axes = {{0}}, .name = "bad"});
  REQUIRE_THROWS_WITH(bad.maybe_build({-1, 3}), Catch::Contains("PReLU layer \"bad\"") && Catch::Contains("[1, 2)"));
  PReLU unknown(PReLU::Options{.name = "u"});
  REQUIRE_THROWS_WITH(unknown.maybe_build({-1, -1, 3}), Catch::Contains("\"u\"") && Catch::Contains("must be known"));
  PReLU built(PReLU::Options{.name = "b"});
  built.maybe_build({-1, 3});
  REQUIRE_THROWS_WITH(forward(built, Tensor::ones({2, 4})), Catch::Contains("\"b\""));
  REQUIRE_THROWS_WITH(PReLU::from_config(Json{{"name", "p"}, {"shared_axes", "all"}}),
                      Catch::Contains("PReLU layer \"p\"") && Catch::Contains("'shared_axes'"));
}
