#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "layers/layer_registry.h"
#include "layers/layers.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/naming.h"
#include "test/support/keras_samples.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

// Every key of a config, depth first, as "a/b/c" paths in document order.
void key_paths(const Json& j, const std::string& prefix, std::vector<std::string>& out) {
  if (!j.is_object()) return;
  for (const auto& [k, v] : j.items()) {
    out.push_back(prefix + k);
    key_paths(v, prefix + k + "/", out);
  }
}

std::vector<std::string> key_paths(const Json& j) {
  std::vector<std::string> out;
  key_paths(j, "", out);
  return out;
}

// The layers of a saved Sequential model config (Keras 2 list form or dict form).
Json model_layers(const Json& model) {
  const Json& c = model["config"];
  return c.is_array() ? c : c["layers"];
}

}  // namespace

TEST_CASE("The registry knows every built-in layer", "[layers][registry]") {
  const auto names = registry().names();
  for (const char* expected : {"Activation", "AveragePooling2D", "Conv2D", "Dense", "Dropout", "Flatten", "InputLayer",
                               "MaxPooling2D", "Reshape", "Conv1D", "Conv3D", "Embedding", "LSTM", "GRU", "SimpleRNN",
                               "Bidirectional", "BatchNormalization", "MultiHeadAttention", "Concatenate", "Add",
                               "GlobalAveragePooling2D", "ZeroPadding2D", "LeakyReLU", "SpatialDropout2D"}) {
    INFO(expected);
    CHECK(std::find(names.begin(), names.end(), expected) != names.end());
  }
  auto layer = deserialize(Json::parse(R"({"class_name": "Dense", "config": {"name": "d", "units": 3}})"));
  CHECK(layer->class_name() == "Dense");
  CHECK(layer->name() == "d");
  CHECK(std::dynamic_pointer_cast<Dense>(layer)->units() == 3);
  // A missing "config" means Keras' defaults.
  CHECK(deserialize(Json{{"class_name", "Flatten"}})->class_name() == "Flatten");
}

TEST_CASE("serialize writes Keras 3's envelope and deserialize inverts it", "[layers][registry]") {
  Conv2D conv(4, 3, Conv2D::Options{.activation = "relu", .name = "c"});
  Json s = serialize(conv);
  CHECK(key_paths(s).front() == "module");
  CHECK(s["module"] == "keras.layers");
  CHECK(s["class_name"] == "Conv2D");
  CHECK(s["registered_name"].is_null());
  CHECK(s["config"].dump() == conv.get_config().dump());
  CHECK(deserialize(s)->get_config().dump() == conv.get_config().dump());
}

TEST_CASE("get_config reproduces a real Keras 3.10 model's layer configs", "[layers][registry][keras-samples]") {
  auto dir = require_keras_samples("Keras 3.10 layer config comparison");
  if (!dir) return;
  Json model = read_json(*dir + "/configs/keras3__aman21k__fashion_cnn_k3.10.0.config.json");
  std::vector<std::string> seen;
  for (const Json& entry : model_layers(model)) {
    const std::string cls = entry["class_name"].get<std::string>();
    INFO(cls << " " << entry["config"].value("name", ""));
    Json expected = entry["config"];
    // Keras' dtype-policy sharing marker is an object id, not part of the layer's config.
    if (expected.contains("dtype") && expected["dtype"].is_object()) expected["dtype"].erase("shared_object_id");
    std::shared_ptr<Layer> layer = deserialize(entry);
    Json actual = layer->get_config();
    CHECK(key_paths(actual) == key_paths(expected));
    CHECK(actual.dump() == expected.dump());
    Json envelope = serialize(*layer);
    for (const char* k : {"module", "class_name", "registered_name"}) CHECK(envelope[k] == entry[k]);
    seen.push_back(cls);
  }
  CHECK(seen == std::vector<std::string>{"InputLayer", "Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten",
                                         "Dropout", "Dense", "Dense"});
}

TEST_CASE("Layers of real Keras 2 model configs deserialize", "[layers][registry][keras-samples]") {
  auto dir = require_keras_samples("Keras 2 layer configs");
  if (!dir) return;
  int count = 0;
  for (const char* file : {"dl4j__mnist_cnn_tf_keras_2_config.json", "dl4j__model_2_2_2.json", "dl4j__model_2_2_4.json",
                           "fastml__KERAS_3layer.json", "h5attr__ikukang__mnist_cnn_keras2.3.1.model_config.json"}) {
    for (const Json& entry : model_layers(read_json(*dir + "/configs/" + file))) {
      INFO(file << ": " << entry.dump().substr(0, 300));
      std::shared_ptr<Layer> layer = deserialize(entry);
      const Json& c = entry["config"];
      CHECK(layer->class_name() == entry["class_name"].get<std::string>());
      CHECK(layer->name() == c["name"].get<std::string>());
      Json mine = layer->get_config();
      for (const char* k : {"units", "filters", "kernel_size", "strides", "pool_size", "padding", "activation", "rate",
                            "use_bias"}) {
        if (c.contains(k)) CHECK(mine[k] == c[k]);
      }
      ++count;
    }
  }
  CHECK(count == 31);
}

TEST_CASE("deserialize applies every config's `trainable`", "[layers][registry]") {
  for (const char* cls : {"Flatten", "Dense", "MaxPooling2D"}) {
    Json config = {{"name", "frozen"}, {"trainable", false}};
    if (std::string(cls) == "Dense") config["units"] = 2;
    if (std::string(cls) == "MaxPooling2D") config["pool_size"] = Json::array({2, 2});
    CHECK_FALSE(deserialize(Json{{"class_name", cls}, {"config", config}})->trainable());
  }
  REQUIRE_THROWS_WITH(deserialize(Json{{"class_name", "Flatten"}, {"config", {{"trainable", "no"}}}}),
                      Catch::Contains("'trainable' must be a boolean"));
}

TEST_CASE("Default layer names are numbered per class", "[layers][registry]") {
  backend::clear_session();
  CHECK(Dense(2).name() == "dense");
  CHECK(Dense(2).name() == "dense_1");
  CHECK(Dense(2, Dense::Options{.name = "head"}).name() == "head");
  CHECK(Dense(2).name() == "dense_2");
  CHECK(Conv2D(2, 3).name() == "conv2d");
  CHECK(MaxPooling2D().name() == "max_pooling2d");
  CHECK(MaxPooling2D().name() == "max_pooling2d_1");
  CHECK(AveragePooling2D().name() == "average_pooling2d");
  CHECK(Flatten().name() == "flatten");
  CHECK(Reshape(Shape{4}).name() == "reshape");
  CHECK(Dropout(0.5).name() == "dropout");
  CHECK(Activation("relu").name() == "activation");
  CHECK(InputLayer(Shape{3}).name() == "input_layer");
  CHECK(Input(Shape{3}).layer()->name() == "input_layer_1");
  // Keras' own rule: the prefix is the snake-cased class name.
  CHECK(utils::to_snake_case(MaxPooling2D(2, Pooling2D::Options{.name = "x"}).class_name()) == "max_pooling2d");
  backend::clear_session();
  CHECK(Dense(2).name() == "dense");
}

TEST_CASE("The registry rejects unknown and malformed layer configs with clear errors", "[layers][registry][errors]") {
  REQUIRE_THROWS_WITH(deserialize(Json{{"class_name", "Conv4D"}, {"config", Json::object()}}),
                      Catch::Contains("Unknown layer 'Conv4D'. Did you mean 'Conv1D', 'Conv2D', 'Conv3D'?") &&
                          Catch::Contains("MaxPooling2D") && Catch::Contains("Dense") && Catch::Contains("Reshape"));
  REQUIRE_THROWS_WITH(deserialize(Json{{"class_name", "Frobnicator"}}), !Catch::Contains("Did you mean"));
  REQUIRE_THROWS_AS(deserialize(Json{{"class_name", "Conv4D"}}), ValueError);
  REQUIRE_THROWS_WITH(deserialize(Json::array({1, 2})), Catch::Contains("'class_name'"));
  REQUIRE_THROWS_WITH(deserialize(Json{{"config", Json::object()}}), Catch::Contains("'class_name'"));
  REQUIRE_THROWS_WITH(deserialize(Json{{"class_name", 3}}), Catch::Contains("'class_name'"));
  REQUIRE_THROWS_WITH(deserialize(Json::parse(R"({"class_name": "Dense", "config": {"name": "fc", "units": -4}})")),
                      Catch::Contains("units=-4"));
  REQUIRE_THROWS_WITH(deserialize(Json::parse(R"({"class_name": "Dense", "config": {"name": "fc", "units": 4,
                                                  "use_bias": "yes"}})")),
                      Catch::Contains("Dense layer \"fc\"") && Catch::Contains("'use_bias'"));
  REQUIRE_THROWS_WITH(deserialize(Json::parse(R"({"class_name": "Conv2D", "config": {"name": "c", "filters": 4,
                                                  "kernel_size": [3, 3], "strides": [1, 1, 1]}})")),
                      Catch::Contains("Conv2D layer \"c\"") && Catch::Contains("'strides'"));
  REQUIRE_THROWS_WITH(deserialize(Json::parse(R"({"class_name": "Dense", "config": "units=3"})")),
                      Catch::Contains("Dense layer") && Catch::Contains("JSON object"));
}
