// Embedding: row lookup for integer inputs of any dtype, Keras-computed cases, mask_zero, the
// scatter-add gradient, regularizer/constraint wiring, config keys and errors.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/core/embedding.h"
#include "layers/dense.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/model/sequential.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/kerasjs_cases.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

std::vector<std::string> keys_of(const Json& j) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  return keys;
}

}  // namespace

TEST_CASE("Embedding satisfies the layer contract", "[layers][embedding]") {
  // Float inputs in [0, 10) are truncated to indices, as Keras casts them to int32.
  run_layer_test({.make = [] { return std::make_shared<Embedding>(10, 4); },
                  .input_shape = {2, 5},
                  .expected_output_shape = Shape{2, 5, 4},
                  .weight_names = {"embeddings"},
                  .input_lo = 0.0f,
                  .input_hi = 10.0f});
  run_layer_test({.make = [] { return std::make_shared<Embedding>(6, 3, Embedding::Options{.mask_zero = true}); },
                  .input_shape = {3, 2, 2},
                  .expected_output_shape = Shape{3, 2, 2, 3},
                  .weight_names = {"embeddings"},
                  .input_lo = 0.0f,
                  .input_hi = 6.0f});
}

TEST_CASE("Embedding looks up rows for integer inputs of every dtype", "[layers][embedding]") {
  Embedding emb(4, 2);
  emb.maybe_build({-1, 3});
  emb.set_weights({tensor({0, 1, 10, 11, 20, 21, 30, 31}, {4, 2})});
  const std::vector<double> expected = {30, 31, 0, 1, 20, 21, 20, 21, 10, 11, 30, 31};
  check_close(forward(emb, Tensor::from_vector<std::int32_t>({3, 0, 2, 2, 1, 3}, {2, 3})), expected, 0, 0);
  check_close(forward(emb, Tensor::from_vector<std::int64_t>({3, 0, 2, 2, 1, 3}, {2, 3})), expected, 0, 0);
  check_close(forward(emb, Tensor::from_vector<std::uint8_t>({3, 0, 2, 2, 1, 3}, {2, 3})), expected, 0, 0);
  check_close(forward(emb, tensor({3.7f, 0.2f, 2.0f, 2.9f, 1.0f, 3.0f}, {2, 3})), expected, 0, 0);
  CHECK(emb.compute_output_shape({-1, 3}) == Shape{-1, 3, 2});
}

TEST_CASE("Embedding matches Keras-computed outputs", "[layers][embedding][keras-samples]") {
  for (const auto& c : load_kerasjs_cases("Embedding")) {
    INFO(c.name);
    const Json& kw = c.layer_config["kwargs"];
    const bool mask_zero = kw.value("mask_zero", false);
    Embedding emb(c.layer_config["args"][0].get<int>(), c.layer_config["args"][1].get<int>(),
                  Embedding::Options{.mask_zero = mask_zero});
    emb.maybe_build(c.input.shape());
    emb.set_weights(c.weights);
    Tensor y = forward(emb, c.input);
    check_close(y, c.expected, 1e-6, 1e-6);
    CHECK(y.mask().defined() == mask_zero);
    if (mask_zero) {
      std::vector<double> expected_mask;
      for (float i : c.input.to_vector<float>()) expected_mask.push_back(i != 0.0f);
      check_close(y.mask(), expected_mask, 0, 0);
    }
  }
}

TEST_CASE("Embedding with mask_zero masks index 0 and the mask flows downstream", "[layers][embedding][mask]") {
  Embedding emb(5, 3, Embedding::Options{.mask_zero = true});
  Tensor y = forward(emb, Tensor::from_vector<std::int32_t>({1, 0, 4, 0, 0, 2}, {2, 3}));
  REQUIRE(y.mask().defined());
  CHECK(y.mask().shape() == Shape{2, 3});
  check_close(y.mask(), {1, 0, 1, 0, 0, 1}, 0, 0);
  // Dense supports masking, as in Keras: the mask reaches the model output (and its loss).
  Sequential model{Input({3}, {.dtype = int32}), Embedding(5, 3, Embedding::Options{.mask_zero = true}), Dense(2)};
  Tensor out = model(Tensor::from_vector<std::int32_t>({1, 0, 4, 0, 0, 2}, {2, 3}));
  REQUIRE(out.mask().defined());
  check_close(out.mask(), {1, 0, 1, 0, 0, 1}, 0, 0);
  // Without mask_zero there is no mask.
  Embedding plain(5, 3);
  CHECK_FALSE(forward(plain, Tensor::from_vector<std::int32_t>({1, 0}, {1, 2})).mask().defined());
}

TEST_CASE("Embedding's gradient scatter-adds into the looked-up rows", "[layers][embedding]") {
  Embedding emb(4, 2);
  emb.maybe_build({-1, 3});
  Tensor table = emb.weights()[0]->value();
  Tensor grad;
  {
    autograd::GradientTape tape;
    tape.watch(table);
    Tensor y = emb(Tensor::from_vector<std::int64_t>({2, 0, 2}, {1, 3}));
    Tensor w = tensor({1, 2, 3, 4, 5, 6}, {1, 3, 2});
    grad = tape.gradient(ops::sum(ops::multiply(y, w)), {table})[0];
  }
  REQUIRE(grad.defined());
  // Row 2 is used twice (weights 1,2 and 5,6), row 0 once, rows 1 and 3 never.
  check_close(grad, {3, 4, 0, 0, 6, 8, 0, 0}, 1e-6, 0);
}

TEST_CASE("Embedding wires its regularizer, constraint and activity regularizer", "[layers][embedding]") {
  Embedding emb(3, 2, Embedding::Options{.embeddings_regularizer = regularizers::L2(0.5),
                                         .embeddings_constraint = constraints::NonNeg(),
                                         .activity_regularizer = regularizers::L1(0.1)});
  emb.maybe_build({-1, 2});
  emb.set_weights({tensor({1, -2, 3, 0, -1, 2}, {3, 2})});
  Variable* table = emb.weights()[0];
  REQUIRE(table->constraint);
  check_close((*table->constraint)(table->value()), {1, 0, 3, 0, 0, 2}, 0, 0);
  // 0.5 * (1 + 4 + 9 + 0 + 1 + 4)
  std::vector<Tensor> losses = emb.losses();
  REQUIRE(losses.size() == 1);
  CHECK(losses[0].item() == Approx(9.5));
  forward(emb, Tensor::from_vector<std::int32_t>({0, 1}, {1, 2}));
  // The activity term of the outputs [1, -2, 3, 0] comes first: 0.1 * 6.
  losses = emb.losses();
  REQUIRE(losses.size() == 2);
  CHECK(losses[0].item() == Approx(0.6));
}

TEST_CASE("Embedding config: Keras keys in Keras order", "[layers][embedding][config]") {
  Embedding emb(10, 4, Embedding::Options{.name = "emb"});
  Json c = emb.get_config();
  CHECK(keys_of(c) == std::vector<std::string>{"name", "trainable", "dtype", "input_dim", "output_dim",
                                               "embeddings_initializer", "embeddings_regularizer",
                                               "activity_regularizer", "embeddings_constraint", "mask_zero"});
  CHECK(c["embeddings_initializer"]["class_name"] == "RandomUniform");
  CHECK(c["embeddings_initializer"]["config"]["minval"] == -0.05);
  CHECK(c["embeddings_initializer"]["config"]["maxval"] == 0.05);
  CHECK(c["embeddings_regularizer"].is_null());
  CHECK(c["mask_zero"] == false);
  // A set activity regularizer sits in the base config, after dtype.
  Embedding reg(10, 4, Embedding::Options{.embeddings_regularizer = "l2", .activity_regularizer = "l1"});
  Json r = reg.get_config();
  CHECK(keys_of(r)[3] == "activity_regularizer");
  CHECK(r["activity_regularizer"]["class_name"] == "L1");
  CHECK(r["embeddings_regularizer"]["config"]["l2"] == 0.01);
  CHECK(Embedding::from_config(r)->get_config().dump() == r.dump());
  // Keras 2 configs carry input_length, which Keras 3 ignores.
  Json legacy = {{"name", "e"}, {"input_dim", 7}, {"output_dim", 2}, {"input_length", 12}, {"mask_zero", true}};
  auto e = Embedding::from_config(legacy);
  CHECK(e->get_config()["mask_zero"] == true);
  CHECK(e->compute_output_shape({-1, 12}) == Shape{-1, 12, 2});
}

TEST_CASE("Embedding errors name the layer and the field", "[layers][embedding][errors]") {
  REQUIRE_THROWS_WITH(Embedding(0, 3), Catch::Contains("input_dim=0"));
  REQUIRE_THROWS_WITH(Embedding(3, -1), Catch::Contains("output_dim=-1"));
  Embedding emb(5, 2, Embedding::Options{.name = "words"});
  REQUIRE_THROWS_WITH(forward(emb, Tensor::from_vector<std::int32_t>({1, 7}, {1, 2})),
                      Catch::Contains("\"words\"") && Catch::Contains("input_dim=5") && Catch::Contains("7"));
  REQUIRE_THROWS_WITH(forward(emb, Tensor::from_vector<std::int32_t>({-1, 0}, {1, 2})),
                      Catch::Contains("\"words\"") && Catch::Contains("-1"));
  Json bad = {{"name", "e"}, {"input_dim", 3}, {"output_dim", 2}, {"embeddings_regularizer", "l3"}};
  REQUIRE_THROWS_WITH(Embedding::from_config(bad), Catch::Contains("Embedding layer \"e\"") &&
                                                       Catch::Contains("'embeddings_regularizer'") &&
                                                       Catch::Contains("l3"));
  REQUIRE_THROWS_WITH(Embedding::from_config(Json{{"name", "e"}, {"output_dim", 2}}),
                      Catch::Contains("'input_dim'") && Catch::Contains("required"));
}
