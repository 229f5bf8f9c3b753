// The Functional API: graphs of layer calls, several inputs and outputs, shared layers,
// nested models, per-output losses/metrics and their names, and the 4-column summary.

#include <catch2/catch.hpp>

#include "layers/layers.h"
#include "libkeras/model/model.h"
#include "libkeras/model/sequential.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/naming.h"
#include "libkeras/utils/random.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

// A user-defined layer with two inputs: their elementwise sum.
class Sum final : public Shareable<Sum> {
 public:
  explicit Sum(const std::string& name = "") : Shareable("sum", name) { supports_masking_ = true; }
  std::string class_name() const override { return "Sum"; }
  std::vector<Shape> compute_output_shapes(const std::vector<Shape>& shapes) const override { return {shapes.at(0)}; }

 protected:
  void check_inputs(const std::vector<Shape>& shapes) const override {
    if (shapes.size() != 2 || shapes[0] != shapes[1]) throw ShapeError("Sum needs two inputs of one shape");
  }
  std::vector<Tensor> call_multi(const std::vector<Tensor>& in, bool) override { return {ops::add(in[0], in[1])}; }
};

std::string capture_summary(const Model& model, SummaryOptions options = {}) {
  std::string text;
  options.print_fn = [&](const std::string& s) { text += s; };
  model.summary(options);
  return text;
}

}  // namespace

TEST_CASE("A Functional model runs its graph and lists its layers as Keras does", "[model][functional]") {
  backend::clear_session();
  KerasTensor inputs = Input({4});
  KerasTensor x = Dense(8, "relu")(inputs);
  KerasTensor outputs = Dense(2, "softmax")(x);
  Model model(inputs, outputs);
  CHECK(model.name() == "functional");
  REQUIRE(model.layers().size() == 3);
  CHECK(model.layers()[0]->name() == "input_layer");  // Functional models list their InputLayer
  CHECK(model.layers()[1]->name() == "dense");
  CHECK(model.output_names() == std::vector<std::string>{"dense_1"});
  CHECK(model.count_params() == 4 * 8 + 8 + 8 * 2 + 2);
  Tensor in = random_tensor({5, 4});
  Tensor direct = model.layers()[2]->operator()((*model.layers()[1])(in));
  check_close(model.predict(in, {.verbose = 0}), direct, 1e-6, 1e-6);
  // A sequential-like Functional model keeps the 3-column table and shows its InputLayer.
  std::string s = capture_summary(model, {.line_length = 76});
  CHECK(s.find("│ input_layer (InputLayer)        │ (None, 4)              │             0 │") != std::string::npos);
  CHECK(s.find("Connected to") == std::string::npos);
}

TEST_CASE("Shared layers, two inputs, two outputs: training and logs", "[model][functional]") {
  backend::clear_session();
  utils::set_random_seed(3);
  KerasTensor a = Input({3}, {.name = "a"}), b = Input({3}, {.name = "b"});
  auto shared = std::make_shared<Dense>(4, Dense::Options{.name = "shared"});
  KerasTensor sa = (*shared)(a), sb = (*shared)(b);
  KerasTensor sum = Sum("sum")({sa, sb})[0];
  KerasTensor head = Dense(1, Dense::Options{.name = "head"})(sum);
  KerasTensor cls = Dense(3, Dense::Options{.activation = "softmax", .name = "cls"})(sum);
  Model model({a, b}, {head, cls}, "two_heads");
  CHECK(model.layers().size() == 6);
  CHECK(model.count_params() == 16 + 5 + 15);  // the shared layer's weights count once
  CHECK(model.weights().size() == 6);

  model.compile({.optimizer = "adam",
                 .loss = {"mse", "sparse_categorical_crossentropy"},
                 .loss_weights = {1.0, 0.5},
                 .metrics = MetricsPerOutput{{}, {"accuracy"}}});
  Tensor xa = random_tensor({32, 3}), xb = random_tensor({32, 3}, -1, 1, 4);
  Tensor y_reg = random_tensor({32, 1}), y_cls = random_tensor({32}, 0, 2.99f).astype(int32);
  auto history = model.fit({xa, xb}, {y_reg, y_cls}, {.batch_size = 8, .epochs = 3, .verbose = 0});
  std::vector<std::string> keys;
  for (const auto& [k, v] : history.history) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"cls_accuracy", "cls_loss", "head_loss", "loss"});
  CHECK(history.history["loss"][2] < history.history["loss"][0]);
  // loss = head_loss + 0.5 * cls_loss (running means over the same batches)
  CHECK(history.history["loss"][2] ==
        Approx(history.history["head_loss"][2] + 0.5 * history.history["cls_loss"][2]).epsilon(1e-5));

  // Keras' evaluate() order: loss, then per-output losses, then other entries sorted.
  EvaluationResult r = model.evaluate({xa, xb}, {y_reg, y_cls}, {.verbose = 0});
  CHECK(r.names() == std::vector<std::string>{"loss", "head_loss", "cls_loss", "cls_accuracy"});
  // Dict-keyed data resolves by input and output names; so do dict-keyed losses and metrics.
  Model named({a, b}, {head, cls}, "named");
  named.compile({.optimizer = "adam",
                 .loss = {{"head", "mse"}, {"cls", "sparse_categorical_crossentropy"}},
                 .loss_weights = {{"cls", 0.5}},
                 .metrics = {{"cls", {"accuracy"}}}});
  CHECK(named.evaluate({xa, xb}, {y_reg, y_cls}, {.verbose = 0})["loss"] == Approx(r["loss"]).epsilon(1e-6));
  EvaluationResult by_name = model.evaluate({{"b", xb}, {"a", xa}}, {{"cls", y_cls}, {"head", y_reg}}, {.verbose = 0});
  CHECK(by_name["loss"] == Approx(r["loss"]));
  std::vector<Tensor> preds = model.predict_all({xa, xb}, {.verbose = 0});
  REQUIRE(preds.size() == 2);
  CHECK(preds[1].shape() == Shape{32, 3});

  std::string s = capture_summary(model, {.line_length = 104});
  CHECK(s.find("│ sum (Sum)                    │ (None, 4)                │              0 │ shared[0][0],             │\n"
               "│                              │                          │                │ shared[1][0]              │") !=
        std::string::npos);
  CHECK(s.find("│ shared (Dense)               │ (None, 4)                │             16 │ a[0][0], b[0][0]          │") !=
        std::string::npos);
}

TEST_CASE("Nested models are layers", "[model][functional]") {
  backend::clear_session();
  auto encoder = std::make_shared<Sequential>(std::initializer_list<SequentialItem>{Input({6}), Dense(3, "tanh")});
  KerasTensor in = Input({6});
  KerasTensor z = (*encoder)(in);
  KerasTensor out = Dense(1)(z);
  Model model(in, out);
  CHECK(model.count_params() == 6 * 3 + 3 + 3 + 1);
  model.compile({.optimizer = "sgd", .loss = "mse"});
  Tensor x = random_tensor({10, 6});
  Tensor before = encoder->layers()[0]->weights()[0]->value().clone();
  model.fit(x, random_tensor({10, 1}), {.epochs = 1, .verbose = 0});
  // The inner model's weights were trained through the outer one.
  CHECK(ops::sum(ops::abs(encoder->layers()[0]->weights()[0]->value() - before)).item() > 0);
}

TEST_CASE("Graph errors name the layers involved", "[model][functional][errors]") {
  backend::clear_session();
  KerasTensor a = Input({3}), b = Input({3});
  KerasTensor y = Sum()({a, b})[0];
  REQUIRE_THROWS_WITH(Model(a, y), Catch::Contains("Graph disconnected") && Catch::Contains("input_layer_1"));
  KerasTensor c = Dense(2, Dense::Options{.name = "twin"})(a);
  KerasTensor d = Dense(2, Dense::Options{.name = "twin"})(c);
  REQUIRE_THROWS_WITH(Model(a, d), Catch::Contains("\"twin\" is used 2 times"));
  Dense on_stack(2);
  REQUIRE_THROWS_WITH(on_stack(a), Catch::Contains("std::shared_ptr"));
  REQUIRE_THROWS_WITH(Conv2D(2, 3)(Input({3})), Catch::Contains("\"conv2d\"") && Catch::Contains("ndim=4"));
  Model ok(a, c);
  ok.compile({.optimizer = "sgd", .loss = "mse"});
  REQUIRE_THROWS_WITH(ok.fit({Tensor::zeros({4, 3}), Tensor::zeros({4, 3})}, Tensor::zeros({4, 2}), {.verbose = 0}),
                      Catch::Contains("`x` holds 2 arrays, but the model has 1"));
  REQUIRE_THROWS_WITH(ok.predict(Tensor::zeros({4, 5}), {.verbose = 0}),
                      Catch::Contains("expected shape=(None, 3)") && Catch::Contains("found shape=(4, 5)"));
}
