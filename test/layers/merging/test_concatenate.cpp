// Concatenate: joins inputs along an axis; shapes must agree elsewhere; masks are concatenated.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/merging/concatenate.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/layers/merging/merge_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Concatenate satisfies the layer contract", "[layers][merging][concatenate]") {
  run_merge_layer_test({.make = [] { return std::make_shared<Concatenate>(); },
                        .input_shapes = {{2, 3, 4}, {2, 3, 1}, {2, 3, 2}},
                        .expected_output_shape = {2, 3, 7}});
  run_merge_layer_test({.make = [] { return std::make_shared<Concatenate>(1); },
                        .input_shapes = {{2, 3, 4}, {2, 1, 4}},
                        .expected_output_shape = {2, 4, 4}});
}

TEST_CASE("Concatenate joins along the axis", "[layers][merging][concatenate]") {
  Tensor a = tensor({1, 2, 3, 4}, {2, 2}), b = tensor({5, 6}, {2, 1});
  check_close(concatenate({a, b}), {1, 2, 5, 3, 4, 6}, 0, 0);
  check_close(concatenate({a, tensor({7, 8}, {1, 2})}, 0), {1, 2, 3, 4, 7, 8}, 0, 0);
  // Integer and float inputs meet in float32.
  Tensor mixed = concatenate({a, Tensor::from_vector<std::int32_t>({9, 9}, {2, 1})});
  CHECK(mixed.dtype() == float32);
  check_close(mixed, {1, 2, 9, 3, 4, 9}, 0, 0);

  Concatenate c(1);
  CHECK(c.compute_output_shapes({{-1, 3, 4}, {-1, 2, 4}}).at(0) == Shape{-1, 5, 4});
  CHECK(c.compute_output_shapes({{-1, -1, 4}, {-1, 2, 4}}).at(0) == Shape{-1, -1, 4});
  backend::clear_session();
  check_in_graph([](const std::vector<KerasTensor>& in) { return concatenate(in, 1); },
                 [](const std::vector<Tensor>& in) { return ops::concatenate(in, 1); }, {{2, 3}, {4, 3}},
                 {-1, 6, 3});
}

TEST_CASE("Concatenate concatenates the masks", "[layers][merging][concatenate][mask]") {
  Tensor a = masked(Tensor::ones({1, 2, 3}), {1, 0}, {1, 2});
  Tensor b = Tensor::ones({1, 2, 3});
  // Along the time axis: the unmasked input counts as valid.
  Concatenate time(1);
  Tensor out = merge_forward(time, {a, b})[0];
  REQUIRE(out.mask().defined());
  CHECK(out.mask().shape() == Shape{1, 4});
  check_close(out.mask(), {1, 0, 1, 1}, 0, 0);
  // Along the features: a step is valid when any input's step is.
  Concatenate features;
  out = merge_forward(features, {a, masked(b, {0, 0}, {1, 2})})[0];
  check_close(out.mask(), {1, 0}, 0, 0);
  CHECK_FALSE(merge_forward(features, {Tensor::ones({1, 2, 3}), b})[0].mask().defined());
}

TEST_CASE("Concatenate config and errors", "[layers][merging][concatenate][errors]") {
  Concatenate c(-2, Concatenate::Options{.name = "cat"});
  Json j = c.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "axis"});
  CHECK(j["axis"] == -2);
  CHECK(Concatenate().get_config()["axis"] == -1);
  REQUIRE_THROWS_WITH(c.compute_output_shapes({{-1, 3, 4}, {-1, 3, 5}}),
                      Catch::Contains("\"cat\"") &&
                          Catch::Contains("matching shapes except for the concatenation axis") &&
                          Catch::Contains("(None, 3, 5)"));
  REQUIRE_THROWS_WITH(c.compute_output_shapes({{-1, 3, 4}, {-1, 4}}), Catch::Contains("matching shapes"));
  REQUIRE_THROWS_WITH(Concatenate(3).compute_output_shapes({{-1, 3}, {-1, 3}}),
                      Catch::Contains("axis=3") && Catch::Contains("rank 2"));
  REQUIRE_THROWS_WITH(Concatenate::from_config(Json{{"name", "k"}, {"axis", "last"}}),
                      Catch::Contains("Concatenate layer \"k\"") && Catch::Contains("'axis'"));
}
