// The saving API (saving.h) end to end: every real Keras file in keras-samples loads and
// predicts what Keras (or the independent numpy reference) computed; dispatch on name and
// content; training resumes bit-exactly from a saved model.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "libkeras/serialization/npy.h"
#include "libkeras/serialization/saving.h"
#include "libkeras/utils/error.h"
#include "test/serialization/saving_zoo.h"
#include "test/support/check.h"
#include "test/support/files.h"
#include "test/support/keras_samples.h"

using namespace keras;
using namespace keras::testing;
using Catch::Matchers::Contains;

namespace {

Tensor array_of(const Json& entry, const std::string& dir) {
  std::vector<std::int64_t> dims = entry.at("shape").get<std::vector<std::int64_t>>();
  if (entry.at("data").is_string()) return io::load_npy(dir + "/" + entry["data"].get<std::string>()).astype(float32);
  return Tensor::from_vector(entry["data"].get<std::vector<float>>(), Shape(dims));
}

// The model of a sample: a full-model file, or a weights file with its config from configs/.
// Full-model files load compiled, as Keras loads them: their training configs must compile too.
std::shared_ptr<Model> sample_model(const std::string& samples, const std::string& file) {
  const std::string path = samples + "/" + file;
  if (file.find("_weights.h5") == std::string::npos) return load_model(path);
  std::string stem = std::filesystem::path(file).filename().string();
  stem = stem.substr(0, stem.find("_weights.h5"));
  std::vector<char> text = read_bytes(samples + "/configs/" + stem + ".json");
  auto model = model_from_json(std::string(text.begin(), text.end()), stem + ".json");
  load_weights(*model, path);
  return model;
}

}  // namespace

TEST_CASE("Every real Keras model and weights file predicts what Keras computes", "[serialization][keras-samples]") {
  auto samples = require_keras_samples("real Keras .h5 and .keras files");
  if (!samples) return;
  int checked = 0;
  for (const char* folder : {"h5", "keras3"}) {
    for (const auto& entry : std::filesystem::directory_iterator(*samples + "/" + folder)) {
      std::string name = entry.path().filename().string();
      if (name.size() < 14 || name.substr(name.size() - 14) != ".expected.json") continue;
      INFO(name);
      Json expected = read_json(entry.path().string());
      std::shared_ptr<Model> model = sample_model(*samples, expected.at("model_file").get<std::string>());
      std::vector<Tensor> x;
      for (const Json& in : expected.at("inputs")) x.push_back(array_of(in, *samples + "/" + folder));
      std::vector<Tensor> y = model->predict_all(x, {.verbose = 0});
      REQUIRE(y.size() == expected.at("outputs").size());
      double atol = expected["suggested_tolerance"]["atol"], rtol = expected["suggested_tolerance"]["rtol"];
      for (std::size_t i = 0; i < y.size(); ++i) {
        check_close(y[i], array_of(expected["outputs"][i], *samples + "/" + folder), atol, rtol);
      }
      ++checked;
    }
  }
  CHECK(checked == 8);
}

TEST_CASE("dl4j cnn_batch_norm.h5 matches real Keras 2.1.3 predictions", "[serialization][keras-samples]") {
  auto samples = require_keras_samples("real Keras predictions of cnn_batch_norm.h5");
  if (!samples) return;
  auto model = load_model(*samples + "/h5/dl4j__cnn_batch_norm.h5");
  Tensor x = io::load_npy(*samples + "/h5/dl4j__cnn_batch_norm.keras_input.npy").astype(float32);
  Tensor expected = io::load_npy(*samples + "/h5/dl4j__cnn_batch_norm.keras_predictions.npy");
  check_close(model->predict(x, {.verbose = 0}), expected, 1e-5, 1e-4);
}

TEST_CASE("Keras 2 weights-only files load into the model of their full-model twin", "[serialization][keras-samples]") {
  auto samples = require_keras_samples("Keras 2 save_weights files");
  if (!samples) return;
  for (const std::string stem : {"dl4j__simple_lstm_tf_keras_2", "dl4j__simple_sparse_xent_mlp_keras_2"}) {
    INFO(stem);
    auto full = load_model(*samples + "/h5/" + stem + "_model.h5", {.compile = false});
    auto fresh = load_model(*samples + "/h5/" + stem + "_model.h5", {.compile = false});
    scramble_weights(*fresh, 5);
    load_weights(*fresh, *samples + "/h5/" + stem + "_weights.h5");
    Json expected = read_json(*samples + "/h5/" + stem + "_model.h5.expected.json");
    Tensor x = array_of(expected["inputs"][0], *samples + "/h5");
    check_close(fresh->predict(x, {.verbose = 0}), full->predict(x, {.verbose = 0}), 1e-6, 1e-6);
  }
}

TEST_CASE("load_model and load_weights name misnamed, foreign and missing files", "[serialization]") {
  TempDir dir;
  auto model = saving_zoo()[1].make();
  save_model(*model, dir / "m.keras");
  save_model(*model, dir / "m.h5");
  std::filesystem::copy_file(dir / "m.h5", dir / "really_h5.keras");
  std::filesystem::copy_file(dir / "m.keras", dir / "really_zip.h5");
  write_bytes(dir / "junk.h5", {'n', 'o', 'p', 'e'});
  write_bytes(dir / "empty.keras", {});
  CHECK_THROWS_WITH(load_model(dir / "really_h5.keras"), Contains("really_h5.keras") && Contains("HDF5"));
  CHECK_THROWS_WITH(load_model(dir / "really_zip.h5"), Contains("really_zip.h5") && Contains("zip"));
  CHECK_THROWS_WITH(load_model(dir / "junk.h5"), Contains("junk.h5"));
  CHECK_THROWS_WITH(load_model(dir / "empty.keras"), Contains("empty.keras"));
  CHECK_THROWS_WITH(load_model(dir / "absent.keras"), Contains("absent.keras"));
  CHECK_THROWS_WITH(load_weights(*model, dir / "absent.weights.h5"), Contains("absent.weights.h5"));
  CHECK_THROWS_WITH(load_weights(*model, dir / "junk.h5"), Contains("junk.h5"));
  CHECK_THROWS_AS(save_model(*model, dir / "m.txt"), ValueError);
  CHECK_THROWS_WITH(save_weights(*model, dir / "w.bin"), Contains(".weights.h5"));
  CHECK_FALSE(std::filesystem::exists(dir / "m.txt"));
  // A .keras archive's weights load through load_weights too.
  auto other = saving_zoo()[1].make();
  load_weights(*other, dir / "m.keras");
  Tensor x = saving_zoo()[1].inputs[0];
  check_close(other->predict(x, {.verbose = 0}), model->predict(x, {.verbose = 0}), 0, 0);
}

TEST_CASE("A .json model file holds the config only", "[serialization]") {
  TempDir dir;
  auto model = saving_zoo()[0].make();
  save_model(*model, dir / "m.json");
  auto loaded = load_model(dir / "m.json");
  CHECK(model_to_config(*loaded).dump() == model_to_config(*model).dump());
}

TEST_CASE("Training resumes bit-exactly from a saved model", "[serialization][resume]") {
  for (const char* ext : {".keras", ".h5"}) {
    INFO(ext);
    for (const char* optimizer : {"adam", "rmsprop", "sgd"}) {
      INFO(optimizer);
      TempDir dir;
      ZooModel spec = saving_zoo()[0];
      auto model = spec.make();
      model->compile({.optimizer = optimizer, .loss = "sparse_categorical_crossentropy", .metrics = {"accuracy"}});
      Tensor x = spec.inputs[0];
      Tensor y = Tensor::from_vector(std::vector<float>{0, 2}, Shape{2});
      for (int i = 0; i < 3; ++i) model->train_on_batch(x, y);
      save_model(*model, dir / (std::string("m") + ext));
      auto loaded = load_model(dir / (std::string("m") + ext));
      REQUIRE(loaded->compiled());
      REQUIRE(loaded->optimizer()->iterations() == 3);
      for (int i = 0; i < 3; ++i) {
        double expected = model->train_on_batch(x, y).loss();
        double actual = loaded->train_on_batch(x, y).loss();
        CHECK(actual == expected);
      }
      for (std::size_t i = 0; i < model->weights().size(); ++i) {
        check_close(loaded->weights()[i]->value(), model->weights()[i]->value(), 0, 0);
      }
    }
  }
}

TEST_CASE("A trained model's .weights.h5 carries the optimizer state, as Keras'", "[serialization][resume]") {
  TempDir dir;
  ZooModel spec = saving_zoo()[1];
  Tensor x = spec.inputs[0], y = random_tensor({2, 2}, -1, 1, 3);
  auto model = spec.make();
  model->compile({.optimizer = "adam", .loss = "mse"});
  model->train_on_batch(x, y);
  save_weights(*model, dir / "w.weights.h5");
  // Into a model whose optimizer has been built (trained once), the state is restored.
  auto other = spec.make();
  other->compile({.optimizer = "adam", .loss = "mse"});
  other->train_on_batch(x, y);
  other->train_on_batch(x, y);
  load_weights(*other, dir / "w.weights.h5");
  CHECK(other->optimizer()->iterations() == 1);
  CHECK(other->train_on_batch(x, y).loss() == model->train_on_batch(x, y).loss());
  // A fresh optimizer is left alone; weights still load.
  auto fresh = spec.make();
  fresh->compile({.optimizer = "adam", .loss = "mse"});
  load_weights(*fresh, dir / "w.weights.h5");
  CHECK_FALSE(fresh->optimizer()->built());
}
