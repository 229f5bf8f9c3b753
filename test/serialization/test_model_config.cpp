// Model configs: real Keras 2/3 files, Keras 1/2/3 structural forms, Keras 3 output, round
// trips through JSON text, and the errors for what cannot be loaded.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "layers/layers.h"
#include "libkeras/model/model.h"
#include "libkeras/model/sequential.h"
#include "libkeras/serialization/saving.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/keras_samples.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

// A concrete input shape for a model: batch 2, unknown sizes 5.
std::vector<Tensor> sample_inputs(const Model& model) {
  std::vector<Tensor> out;
  std::vector<Shape> shapes;
  if (const auto* seq = dynamic_cast<const Sequential*>(&model)) {
    REQUIRE((seq->input_layer() || seq->build_input_shape()));
    shapes.push_back(seq->input_layer() ? seq->input_layer()->batch_shape() : *seq->build_input_shape());
  } else {
    for (const KerasTensor& t : model.inputs()) shapes.push_back(t.shape);
  }
  unsigned seed = 7;
  for (Shape s : shapes) {
    s[0] = 2;
    for (int d = 1; d < s.rank(); ++d) s[d] = s[d] < 0 ? 5 : s[d];
    out.push_back(random_tensor(s, 0.0f, 1.0f, seed++));
  }
  return out;
}

// Loads `config` from its JSON text, checks that config and predictions survive the trip.
std::shared_ptr<Model> check_round_trip(Model& model) {
  const std::string text = model.to_json();
  std::shared_ptr<Model> copy = model_from_json(text, "round trip");
  CHECK(copy->class_name() == model.class_name());
  CHECK(model_to_config(*copy).dump(2) == model_to_config(model).dump(2));
  copy->set_weights(model.get_weights());
  std::vector<Tensor> x = sample_inputs(model);
  std::vector<Tensor> expected = model.predict_all(x, {.verbose = 0});
  std::vector<Tensor> actual = copy->predict_all(x, {.verbose = 0});
  REQUIRE(actual.size() == expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) check_close(actual[i], expected[i], 1e-6, 1e-6);
  return copy;
}

std::string error_of(const std::string& json) {
  try {
    model_from_json(json, "bad.json");
  } catch (const Error& e) {
    return e.what();
  }
  FAIL("no error for " << json);
  return "";
}

}  // namespace

TEST_CASE("Every real Keras model config loads and runs", "[serialization][keras-samples]") {
  auto dir = require_keras_samples("real Keras model configs");
  if (!dir) return;
  int count = 0;
  for (const auto& file : std::filesystem::directory_iterator(*dir + "/configs")) {
    INFO(file.path().filename().string());
    Json config = read_json(file.path().string());
    std::shared_ptr<Model> model = model_from_config(config, file.path().string());
    // Every saved layer is there, under its saved name.
    const Json& c = config["config"];
    const Json& saved = c.is_array() ? c : c["layers"];
    for (const Json& entry : saved) {
      const std::string name = entry["config"]["name"].get<std::string>();
      if (entry["class_name"] == "InputLayer" && dynamic_cast<Sequential*>(model.get())) continue;
      CHECK(model->get_layer(name).class_name() == entry["class_name"].get<std::string>());
    }
    std::vector<Tensor> x = sample_inputs(*model);
    Tensor y = model->predict(x, {.verbose = 0});
    CHECK(y.shape()[0] == 2);
    // Loaded once, the config is Keras 3's and reads back to the same model.
    check_round_trip(*model);
    ++count;
  }
  CHECK(count >= 9);
}

TEST_CASE("A Sequential model is written as Keras 3 writes it", "[serialization]") {
  Sequential model{Input({8}), Dense(4, "relu"), Dropout(0.5), Dense(3, "softmax")};
  Json config = model_to_config(model);
  std::vector<std::string> keys;
  for (const auto& [k, v] : config.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"module", "class_name", "config", "registered_name", "build_config"});
  CHECK(config["module"] == "keras");
  CHECK(config["class_name"] == "Sequential");
  CHECK(config["registered_name"].is_null());
  CHECK(config["build_config"] == Json::parse(R"({"input_shape": [null, 8]})"));
  const Json& layers = config["config"]["layers"];
  REQUIRE(layers.size() == 4);
  CHECK(layers[0]["class_name"] == "InputLayer");
  CHECK(!layers[0].contains("build_config"));
  CHECK(layers[0]["config"]["batch_shape"] == Json::parse("[null, 8]"));
  CHECK(layers[1]["module"] == "keras.layers");
  CHECK(layers[1]["build_config"] == Json::parse(R"({"input_shape": [null, 8]})"));
  CHECK(layers[3]["build_config"] == Json::parse(R"({"input_shape": [null, 4]})"));
  CHECK(config["config"]["build_input_shape"] == Json::parse("[null, 8]"));
  check_round_trip(model);

  // Without an Input, the model is rebuilt from the shape it was built for.
  Sequential lazy{Dense(2, "tanh")};
  lazy.predict(random_tensor({3, 5}), {.verbose = 0});
  Json lazy_config = model_to_config(lazy);
  CHECK(lazy_config["config"]["layers"].size() == 1);
  REQUIRE(lazy_config["config"].contains("build_input_shape"));
  std::shared_ptr<Model> copy = check_round_trip(lazy);
  CHECK(copy->built());
  CHECK(copy->get_weights().size() == 2);
}

TEST_CASE("A Functional model with two inputs, a shared layer, a merge and nested models round-trips",
          "[serialization]") {
  KerasTensor a = Input({8}, {.name = "a"});
  KerasTensor b = Input({6}, {.name = "b"});
  auto shared = std::make_shared<Dense>(3, DenseOptions{.activation = "tanh", .name = "shared"});
  KerasTensor sa = (*shared)(Dense(3, "relu")(a));
  KerasTensor sb = (*shared)(Dense(3, "relu")(b));
  KerasTensor merged = Add()({sa, sb})[0];
  KerasTensor inner_in = Input({3});
  auto inner = std::make_shared<Model>(inner_in, Dense(2)(inner_in), "inner");
  auto seq = std::make_shared<Sequential>(std::initializer_list<SequentialItem>{Input({3}), Dense(4)}, "seq");
  KerasTensor head = (*inner)(merged);
  KerasTensor side = Concatenate()({(*seq)(merged), sa})[0];
  Model model({a, b}, {head, side}, "two_heads");

  Json config = model_to_config(model);
  CHECK(config["module"] == "keras.src.models.functional");
  CHECK(config["class_name"] == "Functional");
  CHECK(config["registered_name"] == "Functional");
  const Json& c = config["config"];
  CHECK(c["input_layers"] == Json::parse(R"([["a", 0, 0], ["b", 0, 0]])"));
  // Keras counts a nested Functional's construction node in output_layers, not a Sequential's.
  CHECK(c["output_layers"][0] == Json::parse(R"(["inner", 1, 0])"));
  for (const Json& entry : c["layers"]) {
    if (entry["name"] == "shared") {
      REQUIRE(entry["inbound_nodes"].size() == 2);
      CHECK(entry["inbound_nodes"][1]["args"][0]["class_name"] == "__keras_tensor__");
    }
    if (entry["class_name"] == "Add") {
      const Json& args = entry["inbound_nodes"][0]["args"];
      REQUIRE(args.size() == 1);  // one list argument
      CHECK(args[0][0]["config"]["keras_history"] == Json::parse(R"(["shared", 0, 0])"));
      CHECK(args[0][1]["config"]["keras_history"] == Json::parse(R"(["shared", 1, 0])"));
      CHECK(entry["build_config"] == Json::parse(R"({"input_shape": [[null, 3], [null, 3]]})"));
    }
    if (entry["name"] == "inner") CHECK(entry["module"] == "keras.src.models.functional");
  }
  std::shared_ptr<Model> copy = check_round_trip(model);
  CHECK(copy->input_names() == std::vector<std::string>{"a", "b"});
  // The Concatenate's automatic name depends on the layers other tests created before.
  CHECK(copy->output_names() == model.output_names());
  CHECK(model.output_names()[0] == "inner");
  CHECK(model.output_names()[1].rfind("concatenate", 0) == 0);
}

TEST_CASE("Keras 2 Sequential list and dict configs with batch_input_shape", "[serialization]") {
  const std::string list_form = R"({"class_name": "Sequential", "keras_version": "2.0.8", "backend": "tensorflow",
    "config": [
      {"class_name": "Dense", "config": {"name": "dense_1", "units": 4, "activation": "relu", "batch_input_shape": [null, 3],
                                         "dtype": "float32", "trainable": true}},
      {"class_name": "GRU", "config": {"name": "gru_1", "units": 2}}]})";
  // The GRU above needs 3-D input: build a valid pair instead, GRU first.
  const std::string gru_form = R"({"class_name": "Sequential", "keras_version": "2.0.8",
    "config": [{"class_name": "GRU", "config": {"name": "gru_1", "units": 2, "batch_input_shape": [null, 5, 3]}},
               {"class_name": "Dense", "config": {"name": "dense_1", "units": 1}}]})";
  auto gru_model = model_from_json(gru_form);
  // Keras 2.0's GRU had no reset_after and computed what reset_after=False computes.
  CHECK(gru_model->get_layer("gru_1").get_config()["reset_after"] == false);
  CHECK(gru_model->get_layer(0).name() == "gru_1");
  CHECK(dynamic_cast<Sequential&>(*gru_model).input_layer()->name() == "gru_1_input");
  CHECK(gru_model->predict(random_tensor({2, 5, 3}), {.verbose = 0}).shape() == Shape{2, 1});
  // A Keras 3 config keeps Keras 3's default.
  auto k3 = model_from_json(R"({"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
      {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 5, 3], "name": "in"}},
      {"module": "keras.layers", "class_name": "GRU", "config": {"name": "g", "units": 2}}]}})");
  CHECK(k3->get_layer("g").get_config()["reset_after"] == true);
  REQUIRE_THROWS_WITH(model_from_json(list_form, "list.json"),
                      Catch::Contains("list.json") && Catch::Contains("gru_1"));

  auto dict_form = model_from_json(R"({"class_name": "Sequential", "config": {"name": "seq_2", "layers": [
      {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 28, 28, 1], "dtype": "float32", "name": "c_input"}},
      {"class_name": "Conv2D", "config": {"name": "c", "filters": 2, "kernel_size": [3, 3], "batch_input_shape": [null, 28, 28, 1]}},
      {"class_name": "BatchNormalization", "config": {"name": "bn", "axis": [3]}},
      {"class_name": "Flatten", "config": {"name": "f"}}]}})");
  CHECK(dict_form->name() == "seq_2");
  CHECK(dict_form->layers().size() == 3);
  CHECK(dict_form->get_layer("bn").get_config()["axis"] == 3);
  CHECK(dict_form->predict(random_tensor({1, 28, 28, 1}), {.verbose = 0}).shape() == Shape{1, 26 * 26 * 2});
}

TEST_CASE("Keras 1 and Keras 2 nested-list Functional configs", "[serialization]") {
  // Keras 2: 4-element references, a shared layer's second call, a nested Model whose
  // construction node counts (index 1 = its first call).
  const std::string keras2 = R"({"class_name": "Model", "keras_version": "2.1.5", "config": {"name": "outer",
    "layers": [
      {"class_name": "InputLayer", "name": "x", "config": {"batch_input_shape": [null, 4], "name": "x"}, "inbound_nodes": []},
      {"class_name": "InputLayer", "name": "y", "config": {"batch_input_shape": [null, 4], "name": "y"}, "inbound_nodes": []},
      {"class_name": "Dense", "name": "tied", "config": {"name": "tied", "units": 3},
       "inbound_nodes": [[["x", 0, 0, {}]], [["y", 0, 0, {}]]]},
      {"class_name": "Concatenate", "name": "cat", "config": {"name": "cat", "axis": -1},
       "inbound_nodes": [[["tied", 0, 0, {}], ["tied", 1, 0, {}]]]},
      {"class_name": "Model", "name": "sub", "config": {"name": "sub",
         "layers": [{"class_name": "InputLayer", "name": "s_in", "config": {"batch_input_shape": [null, 6], "name": "s_in"}, "inbound_nodes": []},
                    {"class_name": "Dense", "name": "s_d", "config": {"name": "s_d", "units": 2}, "inbound_nodes": [[["s_in", 0, 0, {}]]]}],
         "input_layers": [["s_in", 0, 0]], "output_layers": [["s_d", 0, 0]]},
       "inbound_nodes": [[["cat", 0, 0, {}]]]},
      {"class_name": "Dense", "name": "out", "config": {"name": "out", "units": 1}, "inbound_nodes": [[["sub", 1, 0, {}]]]}],
    "input_layers": [["x", 0, 0], ["y", 0, 0]], "output_layers": [["out", 0, 0], ["sub", 1, 0]]}})";
  auto model = model_from_json(keras2, "keras2.json");
  CHECK(model->name() == "outer");
  CHECK(model->output_names() == std::vector<std::string>{"out", "sub"});
  auto outs = model->predict_all({random_tensor({2, 4}), random_tensor({2, 4}, -1, 1, 3)}, {.verbose = 0});
  REQUIRE(outs.size() == 2);
  CHECK(outs[1].shape() == Shape{2, 2});
  // The shared layer holds one set of weights, called twice.
  CHECK(model->get_layer("tied").inbound_nodes().size() == 2);
  check_round_trip(*model);

  // Keras 1: 3-element references, Keras 1 field names, a Merge layer.
  const std::string keras1 = R"({"class_name": "Model", "keras_version": "1.2.2", "config": {"name": "m1",
    "layers": [
      {"class_name": "InputLayer", "name": "input_1", "config": {"batch_input_shape": [null, 5], "name": "input_1"}, "inbound_nodes": []},
      {"class_name": "Dense", "name": "d1", "config": {"name": "d1", "output_dim": 3, "init": "glorot_uniform", "bias": true}, "inbound_nodes": [[["input_1", 0, 0]]]},
      {"class_name": "Dense", "name": "d2", "config": {"name": "d2", "output_dim": 3}, "inbound_nodes": [[["input_1", 0, 0]]]},
      {"class_name": "Merge", "name": "merge_1", "config": {"name": "merge_1", "mode": "concat", "concat_axis": -1}, "inbound_nodes": [[["d1", 0, 0], ["d2", 0, 0]]]},
      {"class_name": "Dropout", "name": "drop", "config": {"name": "drop", "p": 0.25}, "inbound_nodes": [[["merge_1", 0, 0]]]}],
    "input_layers": [["input_1", 0, 0]], "output_layers": [["drop", 0, 0]]}})";
  auto m1 = model_from_json(keras1);
  CHECK(m1->get_layer("merge_1").class_name() == "Concatenate");
  CHECK(m1->get_layer("drop").get_config()["rate"] == 0.25);
  CHECK(m1->predict(random_tensor({2, 5}), {.verbose = 0}).shape() == Shape{2, 6});
}

TEST_CASE("Keras 3 dict-form Functional configs", "[serialization]") {
  // Dict inputs (flattened in sorted key order), a merge layer taking a list argument, plain
  // call arguments (training, mask) among the tensors.
  const std::string k3 =
      R"({"module": "keras.src.models.functional", "class_name": "Functional", "registered_name": "Functional",
    "config": {"name": "dict_model", "trainable": true, "layers": [
      {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 2], "dtype": "float32", "name": "x2"},
       "registered_name": null, "name": "x2", "inbound_nodes": []},
      {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3], "dtype": "float32", "name": "x1"},
       "registered_name": null, "name": "x1", "inbound_nodes": []},
      {"module": "keras.layers", "class_name": "Concatenate",
       "config": {"name": "concatenate", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null, "shared_object_id": 1}, "axis": -1},
       "registered_name": null, "build_config": {"input_shape": [[null, 3], [null, 2]]}, "name": "concatenate",
       "inbound_nodes": [{"args": [[{"class_name": "__keras_tensor__", "config": {"shape": [null, 3], "dtype": "float32", "keras_history": ["x1", 0, 0]}},
                                    {"class_name": "__keras_tensor__", "config": {"shape": [null, 2], "dtype": "float32", "keras_history": ["x2", 0, 0]}}]],
                          "kwargs": {}}]},
      {"module": "keras.layers", "class_name": "Dropout", "config": {"name": "dropout", "rate": 0.1, "seed": null},
       "registered_name": null, "name": "dropout",
       "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 5], "dtype": "float32", "keras_history": ["concatenate", 0, 0]}}],
                          "kwargs": {"training": false, "mask": null}}]}],
    "input_layers": {"x2": ["x2", 0, 0], "x1": ["x1", 0, 0]},
    "output_layers": ["dropout", 0, 0]},
    "build_config": {"input_shape": null}})";
  auto model = model_from_json(k3, "dict.keras");
  CHECK(model->input_names() == std::vector<std::string>{"x1", "x2"});
  Tensor x1 = tensor({1, 2, 3}, {1, 3}), x2 = tensor({4, 5}, {1, 2});
  check_close(model->predict({x1, x2}, {.verbose = 0}), {1, 2, 3, 4, 5});
}

TEST_CASE("Model configs that cannot be loaded give errors naming the file, layer and field", "[serialization]") {
  auto seq = [](const std::string& layer) {
    return R"({"class_name": "Sequential", "config": {"name": "s", "layers": [
      {"class_name": "InputLayer", "config": {"batch_shape": [null, 3], "name": "in"}}, )" +
           layer + "]}}";
  };
  std::string e = error_of(seq(R"({"class_name": "MyAttention", "config": {"name": "mine"}})"));
  CHECK_THAT(e, Catch::Contains("bad.json") && Catch::Contains("\"mine\"") && Catch::Contains("class_name") &&
                    Catch::Contains("not a built-in Keras layer"));
  e = error_of(seq(R"({"class_name": "Lambda", "config": {"name": "lam", "function": ["4wEAAAAAAAAA", null, null]}})"));
  CHECK_THAT(e, Catch::Contains("\"lam\"") && Catch::Contains("Lambda") && Catch::Contains("outside Python"));
  e = error_of(seq(R"({"class_name": "Dense", "config": {"name": "d", "units": "four"}})"));
  CHECK_THAT(e, Catch::Contains("bad.json") && Catch::Contains("\"d\"") && Catch::Contains("'units'"));
  CHECK_THAT(error_of("{\"class_name\": \"Sequential\", "),
             Catch::Contains("bad.json") && Catch::Contains("not valid JSON"));
  CHECK_THAT(error_of(R"({"class_name": "Sequential", "config": {"layers": "dense"}})"), Catch::Contains("'layers'"));
  CHECK_THAT(error_of(R"({"class_name": "MyModel", "config": {}})"),
             Catch::Contains("MyModel") && Catch::Contains("class_name"));
  CHECK_THAT(error_of(R"([1, 2])"), Catch::Contains("class_name"));

  auto functional = [](const std::string& nodes, const std::string& outputs = R"(["d", 0, 0])") {
    return R"({"class_name": "Functional", "config": {"name": "f", "layers": [
      {"class_name": "InputLayer", "name": "in", "config": {"batch_shape": [null, 3], "name": "in"}, "inbound_nodes": []},
      {"class_name": "Dense", "name": "d", "config": {"name": "d", "units": 2}, "inbound_nodes": )" +
           nodes + R"(},
      {"class_name": "Dense", "name": "e", "config": {"name": "e", "units": 3}, "inbound_nodes": [[["d", 0, 0, {}]]]}],
      "input_layers": [["in", 0, 0]], "output_layers": )" +
           outputs + "}}";
  };
  CHECK_NOTHROW(model_from_json(functional(R"([[["in", 0, 0, {}]]])")));
  e = error_of(functional(R"([[["ghost", 0, 0, {}]]])"));
  CHECK_THAT(e, Catch::Contains("\"d\"") && Catch::Contains("inbound_nodes") && Catch::Contains("\"ghost\"") &&
                    Catch::Contains("dangling"));
  e = error_of(
      functional(R"([{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["in", 3, 0]}}]}])"));
  CHECK_THAT(e, Catch::Contains("node 3") && Catch::Contains("\"in\""));
  e = error_of(functional(R"([{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": "in"}}]}])"));
  CHECK_THAT(e, Catch::Contains("keras_history"));
  e = error_of(functional(R"([[["e", 0, 0, {}]]])"));  // d <- e <- d
  CHECK_THAT(e, Catch::Contains("cycle") && Catch::Contains("inbound_nodes"));
  e = error_of(functional(R"([[["in", 0, 0, {}]]])", R"("d")"));
  CHECK_THAT(e, Catch::Contains("output_layers"));
  e = error_of(functional(R"("in")"));
  CHECK_THAT(e, Catch::Contains("\"d\"") && Catch::Contains("'inbound_nodes'"));
}

TEST_CASE("Hostile model configs give errors, not crashes or hangs", "[serialization]") {
  // Deep nesting: refused while parsing, before anything recurses over it.
  const std::string deep = R"({"class_name": "Sequential", "config": )" + std::string(200000, '[') +
                           std::string(200000, ']') + "}";
  std::string e = error_of(deep);
  CHECK_THAT(e, Catch::Contains("bad.json") && Catch::Contains("nested"));
  // The same, built in code rather than parsed.
  Json built = Json::array();
  for (int i = 0; i < 200000; ++i) built = Json::array({std::move(built)});
  CHECK_THROWS_AS(model_from_config(Json{{"class_name", "Sequential"}, {"config", std::move(built)}}, "code"),
                  ValueError);
  // Models nested in models, each within the JSON depth bound.
  Json nested = {{"class_name", "Sequential"}, {"config", {{"layers", Json::array()}}}};
  for (int i = 0; i < 35; ++i) {
    nested = {{"class_name", "Sequential"}, {"config", {{"layers", Json::array({nested})}}}};
  }
  CHECK_THAT(error_of(nested.dump()), Catch::Contains("bad.json") && Catch::Contains("nested more than 32"));

  // A Keras 1 Merge with a lambda mode saves the function, a list, as 'mode'.
  const std::string merge = R"({"class_name": "Model", "keras_version": "1.2.2", "config": {"name": "m1",
    "layers": [
      {"class_name": "InputLayer", "name": "i", "config": {"batch_input_shape": [null, 5], "name": "i"}, "inbound_nodes": []},
      {"class_name": "Merge", "name": "merge_1", "config": {"name": "merge_1", "mode": ["4wIAAAAA", null, null],
       "mode_type": "lambda"}, "inbound_nodes": [[["i", 0, 0], ["i", 0, 0]]]}],
    "input_layers": [["i", 0, 0]], "output_layers": [["merge_1", 0, 0]]}})";
  CHECK_THAT(error_of(merge),
             Catch::Contains("bad.json") && Catch::Contains("\"merge_1\"") && Catch::Contains("'mode'"));
  // A class_name of the wrong type.
  const std::string numeric = R"({"class_name": "Functional", "config": {"name": "f", "layers": [
      {"class_name": "InputLayer", "name": "in", "config": {"batch_shape": [null, 3], "name": "in"}, "inbound_nodes": []},
      {"class_name": 5, "name": "d", "config": {"name": "d"}, "inbound_nodes": [[["in", 0, 0, {}]]]}],
      "input_layers": [["in", 0, 0]], "output_layers": [["d", 0, 0]]}})";
  CHECK_THAT(error_of(numeric), Catch::Contains("bad.json") && Catch::Contains("\"d\"") &&
                                    Catch::Contains("'class_name'"));

  // Negative and absurd sizes in a first layer's input shape.
  auto first = [](const std::string& fields) {
    return R"({"class_name": "Sequential", "keras_version": "2.2.4", "config": [
      {"class_name": "Dense", "config": {"name": "d1", "units": 2, )" +
           fields + "}}]}";
  };
  CHECK_NOTHROW(model_from_json(first(R"("batch_input_shape": [null, 3])")));
  CHECK_THAT(error_of(first(R"("batch_input_shape": [null, -3])")),
             Catch::Contains("bad.json") && Catch::Contains("\"d1\"") && Catch::Contains("batch_shape[1]"));
  CHECK_THAT(error_of(first(R"("batch_input_shape": [null, 4294967296])")),
             Catch::Contains("\"d1\"") && Catch::Contains("2^31"));
  CHECK_THAT(error_of(first(R"("batch_input_shape": [null, 18446744073709551615])")), Catch::Contains("\"d1\""));
  CHECK_THAT(error_of(first(R"("input_shape": [-1])")), Catch::Contains("\"d1\"") && Catch::Contains("input_shape"));
  CHECK_THAT(error_of(first(R"("input_shape": [3], "batch_size": -2)")),
             Catch::Contains("\"d1\"") && Catch::Contains("batch_size"));

  // Many layers listed in reverse call order: linear, not a pass over every layer per call.
  const int n = 5000;
  Json layer_list = Json::array();
  for (int i = n; i >= 1; --i) {
    layer_list.push_back({{"class_name", "Activation"},
                          {"name", "a" + std::to_string(i)},
                          {"config", {{"name", "a" + std::to_string(i)}, {"activation", "linear"}}},
                          {"inbound_nodes", Json::array({Json::array({Json::array(
                                                {i == 1 ? std::string("in") : "a" + std::to_string(i - 1), 0, 0,
                                                 Json::object()})})})}});
  }
  layer_list.push_back({{"class_name", "InputLayer"},
                        {"name", "in"},
                        {"config", {{"batch_shape", {nullptr, 2}}, {"name", "in"}}},
                        {"inbound_nodes", Json::array()}});
  Json chain = {{"class_name", "Model"},
                {"keras_version", "2.2.4"},
                {"config",
                 {{"name", "chain"},
                  {"layers", layer_list},
                  {"input_layers", {{"in", 0, 0}}},
                  {"output_layers", {{"a" + std::to_string(n), 0, 0}}}}}};
  auto model = model_from_config(chain, "chain.json");
  CHECK(model->layers().size() == static_cast<std::size_t>(n + 1));
}

TEST_CASE("A recurrent layer called with initial states writes them as Keras 3's initial_state", "[serialization]") {
  KerasTensor x = Input({5, 3}, {.name = "x"});
  KerasTensor h = Input({4}, {.name = "h"});
  KerasTensor c = Input({4}, {.name = "c"});
  auto lstm = std::make_shared<LSTM>(4, LSTMOptions{.name = "lstm"});
  KerasTensor y = (*lstm)(std::vector<KerasTensor>{x, h, c})[0];
  auto model = std::make_shared<Model>(std::vector<KerasTensor>{x, h, c}, std::vector<KerasTensor>{y}, "rnn");
  const Json config = model_to_config(*model);
  const Json* node = nullptr;
  for (const Json& entry : config["config"]["layers"]) {
    if (entry["name"] == "lstm") node = &entry["inbound_nodes"][0];
  }
  REQUIRE(node);
  CHECK((*node)["args"].size() == 1);
  CHECK((*node)["args"][0]["config"]["keras_history"][0] == "x");
  REQUIRE((*node)["kwargs"]["initial_state"].size() == 2);
  CHECK((*node)["kwargs"]["initial_state"][0]["config"]["keras_history"][0] == "h");
  CHECK((*node)["kwargs"]["initial_state"][1]["config"]["keras_history"][0] == "c");
  auto copy = check_round_trip(*model);
  CHECK(copy->get_layer("lstm").inbound_nodes()[0]->inputs.size() == 3);
}
