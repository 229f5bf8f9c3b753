// The rules every merge layer shares (keras.layers.Merge): broadcasting of the non-batch
// shapes, expansion of lower-rank inputs at axis 1, batch-size checks, the OR of the input
// masks, and configs that are the base config only.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/merging/merging_layers.h"
#include "libkeras/utils/error.h"
#include "test/layers/merging/merge_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Merge output shapes follow Keras' elementwise rules", "[layers][merging][shapes]") {
  Add add_layer;
  auto shape = [&](std::vector<Shape> s) { return add_layer.compute_output_shapes(s).at(0); };
  CHECK(shape({{-1, 3}, {-1, 1}}) == Shape{-1, 3});
  CHECK(shape({{-1, 4, 3}, {-1, 3}}) == Shape{-1, 4, 3});
  CHECK(shape({{-1, 1, 3}, {-1, 5, 1}}) == Shape{-1, 5, 3});
  // Keras keeps a dimension unknown when either side is unknown, and takes any known batch size.
  CHECK(shape({{-1, -1, 3}, {8, 5, 3}}) == Shape{8, -1, 3});
  CHECK(shape({{2, 3}}) == Shape{2, 3});
}

TEST_CASE("Lower-rank inputs are expanded at axis 1", "[layers][merging]") {
  // x (2, 3) acts as (2, 1, 3) against y (2, 2, 3): out[b, t, :] = x[b, :] + y[b, t, :].
  Tensor x = tensor({1, 2, 3, 4, 5, 6}, {2, 3});
  Tensor y = tensor({0, 0, 0, 10, 10, 10, 1, 1, 1, 2, 2, 2}, {2, 2, 3});
  Tensor out = add({x, y});
  CHECK(out.shape() == Shape{2, 2, 3});
  check_close(out, {1, 2, 3, 11, 12, 13, 5, 6, 7, 6, 7, 8}, 0, 0);
}

TEST_CASE("Merge layers reject incompatible inputs, naming the layer", "[layers][merging][errors]") {
  Add a(Add::Options{.name = "joiner"});
  REQUIRE_THROWS_WITH(a.compute_output_shapes({{-1, 3}, {-1, 4}}),
                      Catch::Contains("Add layer \"joiner\"") && Catch::Contains("incompatible shapes") &&
                          Catch::Contains("(3,)") && Catch::Contains("(4,)"));
  REQUIRE_THROWS_AS(merge_forward(a, {Tensor::ones({2, 3}), Tensor::ones({2, 4})}), ShapeError);
  REQUIRE_THROWS_WITH(merge_forward(a, {Tensor::ones({2, 3}), Tensor::ones({5, 3})}),
                      Catch::Contains("\"joiner\"") && Catch::Contains("different batch sizes") &&
                          Catch::Contains("[(2, 3), (5, 3)]"));
  REQUIRE_THROWS_WITH(a.compute_output_shape({-1, 3}), Catch::Contains("should be called on a list of inputs"));
  // Symbolic calls check shapes too.
  REQUIRE_THROWS_WITH(Maximum(Maximum::Options{.name = "mx"})({Input({3}), Input({2})}), Catch::Contains("\"mx\""));
}

TEST_CASE("Merge masks: the OR of all masks, none if an input has none", "[layers][merging][mask]") {
  Tensor x = Tensor::ones({1, 3, 2}), y = Tensor::ones({1, 3, 2});
  for (auto make : {+[]() -> std::shared_ptr<Layer> { return std::make_shared<Add>(); },
                    +[]() -> std::shared_ptr<Layer> { return std::make_shared<Subtract>(); },
                    +[]() -> std::shared_ptr<Layer> { return std::make_shared<Average>(); },
                    +[]() -> std::shared_ptr<Layer> { return std::make_shared<Maximum>(); },
                    +[]() -> std::shared_ptr<Layer> { return std::make_shared<Minimum>(); },
                    +[]() -> std::shared_ptr<Layer> { return std::make_shared<Multiply>(); }}) {
    std::shared_ptr<Layer> layer = make();
    INFO(layer->class_name());
    Tensor out = merge_forward(*layer, {masked(x, {1, 0, 0}, {1, 3}), masked(y, {0, 0, 1}, {1, 3})})[0];
    REQUIRE(out.mask().defined());
    check_close(out.mask(), {1, 0, 1}, 0, 0);
    CHECK_FALSE(merge_forward(*layer, {masked(x, {1, 0, 0}, {1, 3}), y})[0].mask().defined());
    CHECK_FALSE(merge_forward(*layer, {x, y})[0].mask().defined());
  }
}

TEST_CASE("Elementwise merge configs are the base config", "[layers][merging][config]") {
  Json c = Multiply(Multiply::Options{.name = "m"}).get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype"});
  CHECK(Add().name().rfind("add", 0) == 0);
  CHECK(Average().name().rfind("average", 0) == 0);
}
