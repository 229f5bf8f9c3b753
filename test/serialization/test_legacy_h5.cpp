// Legacy HDF5 (Keras 2 / tf.keras / Keras 3 legacy): weights and full models, positional and
// by-name pairing, Keras 2's hard_sigmoid, and the errors.

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "libkeras/serialization/hdf5_file.h"
#include "libkeras/serialization/legacy_h5.h"
#include "libkeras/serialization/saving.h"
#include "libkeras/utils/error.h"
#include "test/serialization/saving_zoo.h"
#include "test/support/check.h"
#include "test/support/files.h"
#include "test/support/keras_samples.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;
using Catch::Matchers::Contains;

namespace {

// A legacy file as Keras `version` would have written it (our writer, relabelled).
void save_as_keras(const Model& model, const std::string& path, const std::string& version, bool full) {
  io::H5File file = io::H5File::create(path);
  io::H5Group root = file.root();
  io::H5Group weights = full ? root.require_group("model_weights") : root;
  io::save_legacy_weights(model, weights);
  weights.set_string_attribute("keras_version", version);
  if (full) {
    root.set_string_attribute("keras_version", version);
    root.set_string_attribute("backend", "tensorflow");
    Json config = model_to_config(model);
    root.set_string_attribute("model_config", Json{{"class_name", config["class_name"]}, {"config", config["config"]}}.dump());
  }
  file.save(path);
}

}  // namespace

TEST_CASE("Legacy .h5 weights and full models round-trip every layer family", "[serialization][legacy-h5]") {
  TempDir dir;
  for (const ZooModel& spec : saving_zoo()) {
    INFO(spec.name);
    auto model = spec.make();
    scramble_weights(*model, 4);
    std::vector<Tensor> expected = model->predict_all(spec.inputs, {.verbose = 0});
    save_weights(*model, dir / (spec.name + ".h5"));
    auto loaded = spec.make();
    load_weights(*loaded, dir / (spec.name + ".h5"));
    check_close(loaded->predict_all(spec.inputs, {.verbose = 0})[0], expected[0], 0, 0);

    save_model(*model, dir / (spec.name + "_model.hdf5"));
    auto full = load_model(dir / (spec.name + "_model.hdf5"));
    check_close(full->predict_all(spec.inputs, {.verbose = 0})[0], expected[0], 0, 0);
  }
}

TEST_CASE("Legacy .h5 files carry what Keras 2 and Keras 3 readers need", "[serialization][legacy-h5]") {
  TempDir dir;
  auto model = saving_zoo()[0].make();
  model->compile({.optimizer = "adam", .loss = "sparse_categorical_crossentropy"});
  model->train_on_batch(saving_zoo()[0].inputs[0], Tensor::from_vector(std::vector<float>{1, 2}, Shape{2}));
  save_model(*model, dir / "m.h5");
  io::H5Group root = io::H5File::open(dir / "m.h5").root();
  CHECK(root.string_attribute("keras_version") == "3.10.0");
  CHECK(root.string_attribute("backend") == "tensorflow");
  Json config = Json::parse(root.string_attribute("model_config"));
  CHECK(config["class_name"] == "Sequential");
  CHECK(Json::parse(root.string_attribute("training_config")).contains("optimizer_config"));
  io::H5Group weights = root.group("model_weights");
  std::vector<std::string> names = weights.string_list_attribute("layer_names");
  REQUIRE(names.size() == model->layers().size());
  CHECK(weights.group(names[3]).string_list_attribute("weight_names").size() == 4);  // BN
  CHECK(weights.group(names[4]).string_list_attribute("weight_names").empty());      // Flatten
  std::vector<std::string> dense = weights.group(names[5]).string_list_attribute("weight_names");
  REQUIRE(dense.size() == 2);
  CHECK(weights.group(names[5]).has_dataset(dense[0]));
  CHECK(weights.has_group("top_level_model_weights"));
  // Keras 3 optimizer order: iteration, learning_rate, then m, v per variable.
  std::vector<std::string> opt = root.group("optimizer_weights").string_list_attribute("weight_names");
  REQUIRE(opt.size() == 2 + 2 * model->trainable_weights().size());
  CHECK(opt[0] == "adam/iteration");
  CHECK(opt[1] == "adam/learning_rate");
  CHECK(root.group("optimizer_weights").read_dataset(opt[0]).item() == 1);
  CHECK(root.group("optimizer_weights").dataset_shape(opt[2]) == model->trainable_weights()[0]->shape());
}

TEST_CASE("Legacy loading pairs by position, or by name with skip_mismatch", "[serialization][legacy-h5]") {
  TempDir dir;
  auto a = std::make_shared<Sequential>(Sequential{Input({3}), Dense(4, Dense::Options{.name = "one"}), Dropout(0.5),
                                                   Dense(2, Dense::Options{.name = "two"})});
  scramble_weights(*a, 2);
  save_weights(*a, dir / "a.h5");
  // Positional: other names, weightless layers elsewhere.
  auto b = std::make_shared<Sequential>(Sequential{Input({3}), Dense(4), Dense(2), Dropout(0.1)});
  load_weights(*b, dir / "a.h5");
  Tensor x = random_tensor({2, 3});
  check_close(b->predict(x, {.verbose = 0}), a->predict(x, {.verbose = 0}), 0, 0);
  // Count mismatch names the file and the saved layers.
  auto c = std::make_shared<Sequential>(Sequential{Input({3}), Dense(4)});
  CHECK_THROWS_WITH(load_weights(*c, dir / "a.h5"),
                    Contains("Layer count mismatch") && Contains("a.h5") && Contains("one") && Contains("two"));
  auto d = std::make_shared<Sequential>(Sequential{Input({3}), Dense(4, Dense::Options{.name = "p"}), Dense(3)});
  CHECK_THROWS_WITH(load_weights(*d, dir / "a.h5"), Contains("a.h5") && Contains("(4, 2)"));
  // by_name: only "two" matches; with a shape mismatch it is skipped under skip_mismatch.
  auto e = std::make_shared<Sequential>(Sequential{Input({3}), Dense(2, Dense::Options{.name = "two"}),
                                                   Dense(5, Dense::Options{.name = "other"})});
  CHECK_THROWS_WITH(load_weights(*e, dir / "a.h5", {.by_name = true}), Contains("two") && Contains("a.h5"));
  std::vector<Tensor> before = e->get_weights();
  load_weights(*e, dir / "a.h5", {.by_name = true, .skip_mismatch = true});
  for (std::size_t i = 0; i < before.size(); ++i) check_close(e->get_weights()[i], before[i], 0, 0);
  auto f = std::make_shared<Sequential>(Sequential{Input({4}), Dense(2, Dense::Options{.name = "two"})});
  load_weights(*f, dir / "a.h5", {.by_name = true});
  check_close(f->get_layer("two").get_weights()[0], a->get_layer("two").get_weights()[0], 0, 0);
}

TEST_CASE("Keras 2 hard_sigmoid is reproduced by scaling the weights", "[serialization][legacy-h5]") {
  TempDir dir;
  Tensor x = random_tensor({4, 3}, -4, 4, 8);
  auto dense = std::make_shared<Sequential>(Sequential{Input({3}), Dense(2, "hard_sigmoid")});
  scramble_weights(*dense, 6);
  save_as_keras(*dense, dir / "k2.h5", "2.2.4", false);
  // Keras 2: clip(0.2 z + 0.5, 0, 1) with z = x W + b.
  std::vector<float> xs = x.to_vector<float>(), w = dense->get_weights()[0].to_vector<float>(),
                     b = dense->get_weights()[1].to_vector<float>();
  std::vector<double> expected;
  for (int n = 0; n < 4; ++n) {
    for (int j = 0; j < 2; ++j) {
      double z = b[j];
      for (int i = 0; i < 3; ++i) z += xs[n * 3 + i] * w[i * 2 + j];
      expected.push_back(std::clamp(0.2 * z + 0.5, 0.0, 1.0));
    }
  }
  auto loaded = std::make_shared<Sequential>(Sequential{Input({3}), Dense(2, "hard_sigmoid")});
  load_weights(*loaded, dir / "k2.h5");
  check_close(loaded->predict(x, {.verbose = 0}), expected, 1e-6, 1e-5);
  // A Keras 3 file of the same model is taken as is.
  save_as_keras(*dense, dir / "k3.h5", "3.9.0", false);
  load_weights(*loaded, dir / "k3.h5");
  check_close(loaded->get_weights()[0], dense->get_weights()[0], 0, 0);

  // Where no scaling can reproduce it, the model is refused, naming the layer.
  auto act = std::make_shared<Sequential>(
      Sequential{Input({3}), Dense(2), Activation("hard_sigmoid", "gate")});
  save_as_keras(*act, dir / "act.h5", "2.1.3", true);
  CHECK_THROWS_WITH(load_model(dir / "act.h5"), Contains("gate") && Contains("act.h5") && Contains("hard_sigmoid"));
  auto lstm = std::make_shared<Sequential>(
      Sequential{Input({2, 3}), LSTM(2, {.activation = "hard_sigmoid", .name = "cellact"})});
  save_as_keras(*lstm, dir / "lstm.h5", "2.1.3", false);
  CHECK_THROWS_WITH(load_weights(*lstm, dir / "lstm.h5"), Contains("cellact") && Contains("lstm.h5"));
}

TEST_CASE("Keras 2 optimizer state that does not fit is skipped with a warning", "[serialization][legacy-h5]") {
  auto samples = require_keras_samples("Keras 2 optimizer_weights");
  if (!samples) return;
  // Keras 2.3.1 RMSprop state (iterations + accumulators) does not fit Keras 3's layout.
  auto model = load_model(*samples + "/h5/ikukang__mnist_cnn_keras2.3.1.h5");
  REQUIRE(model->compiled());
  CHECK(model->optimizer()->iterations() == 0);
}

TEST_CASE("Keras 1 per-gate LSTM weights are merged in Keras 2 gate order", "[serialization][legacy-h5]") {
  TempDir dir;
  // Keras 1: W, U, b for gates i, c, f, o; no keras_version attribute.
  const char* gates = "icfo";
  {
    io::H5File file = io::H5File::create(dir / "k1.h5");
    io::H5Group root = file.root();
    root.set_string_list_attribute("layer_names", {"lstm_1"});
    io::H5Group g = root.require_group("lstm_1");
    std::vector<std::string> names;
    for (int gate = 0; gate < 4; ++gate) {
      for (const char* kind : {"W", "U", "b"}) names.push_back(std::string("lstm_1_") + kind + "_" + gates[gate]);
    }
    g.set_string_list_attribute("weight_names", names);
    for (int gate = 0; gate < 4; ++gate) {
      g.write_dataset(names[gate * 3], Tensor::full({3, 2}, gate + 1));
      g.write_dataset(names[gate * 3 + 1], Tensor::full({2, 2}, 10 * (gate + 1)));
      g.write_dataset(names[gate * 3 + 2], Tensor::full({2}, 100 * (gate + 1)));
    }
    file.save(dir / "k1.h5");
  }
  auto model = std::make_shared<Sequential>(Sequential{Input({4, 3}), LSTM(2)});
  load_weights(*model, dir / "k1.h5");
  // Keras 2 order i, f, c, o = Keras 1 gates 1, 3, 2, 4.
  std::vector<float> row{1, 1, 3, 3, 2, 2, 4, 4};
  std::vector<float> kernel = model->get_weights()[0].to_vector<float>();
  CHECK(std::vector<float>(kernel.begin(), kernel.begin() + 8) == row);
  std::vector<float> bias = model->get_weights()[2].to_vector<float>();
  CHECK(bias == std::vector<float>{100, 100, 300, 300, 200, 200, 400, 400});
}

namespace {

// A Keras 1 LSTM file (no keras_version) whose per-gate arrays have the given shapes.
void save_keras1_lstm(const std::string& path, const std::vector<Shape>& w, const std::vector<Shape>& u,
                      const std::vector<Shape>& b) {
  io::H5File file = io::H5File::create(path);
  io::H5Group root = file.root();
  root.set_string_list_attribute("layer_names", {"rnn"});
  io::H5Group g = root.require_group("rnn");
  std::vector<std::string> names;
  for (int gate = 0; gate < 4; ++gate) {
    for (const char* kind : {"W", "U", "b"}) names.push_back(std::string("rnn_") + kind + "_" + std::to_string(gate));
  }
  g.set_string_list_attribute("weight_names", names);
  for (std::size_t gate = 0; gate < 4; ++gate) {
    g.write_dataset(names[gate * 3], Tensor::full(w[gate], 1));
    g.write_dataset(names[gate * 3 + 1], Tensor::full(u[gate], 1));
    g.write_dataset(names[gate * 3 + 2], Tensor::full(b[gate], 1));
  }
  file.save(path);
}

}  // namespace

TEST_CASE("Malformed Keras 1 per-gate weights are a ShapeError naming file and layer", "[serialization][legacy-h5]") {
  TempDir dir;
  auto model = std::make_shared<Sequential>(Sequential{Input({4, 3}), LSTM(2, {.name = "rnn"})});
  std::vector<Tensor> before = model->get_weights();
  const std::vector<Shape> w(4, Shape{3, 2}), u(4, Shape{2, 2}), b(4, Shape{2});
  auto with = [](std::vector<Shape> shapes, std::size_t gate, Shape s) {
    shapes[gate] = s;
    return shapes;
  };
  const std::vector<std::vector<std::vector<Shape>>> cases = {
      {w, u, with(b, 1, Shape{})},         // a scalar gate bias: no last axis
      {with(w, 2, Shape{3, 0}), u, b},     // an empty last axis
      {w, with(u, 3, Shape{5, 2}), b},     // leading axes that differ
      {with(w, 0, Shape{3, 2, 1}), u, b},  // ranks that differ
  };
  for (std::size_t k = 0; k < cases.size(); ++k) {
    INFO("case " << k);
    const std::string path = dir / ("bad" + std::to_string(k) + ".h5");
    save_keras1_lstm(path, cases[k][0], cases[k][1], cases[k][2]);
    CHECK_THROWS_AS(load_weights(*model, path), ShapeError);
    CHECK_THROWS_WITH(load_weights(*model, path), Contains(path) && Contains("'rnn'") && Contains("gate"));
  }
  for (std::size_t i = 0; i < before.size(); ++i) check_close(model->get_weights()[i], before[i], 0, 0);
}

TEST_CASE("Any keras_version attribute is parsed without throwing", "[serialization][legacy-h5]") {
  TempDir dir;
  auto saved = std::make_shared<Sequential>(Sequential{Input({3}), Dense(2)});
  scramble_weights(*saved, 3);
  for (const char* version : {"99999999999999999999.0", "2147483648", "tf", "", "-3", "3.1.0"}) {
    INFO("keras_version '" << version << "'");
    save_as_keras(*saved, dir / "v.h5", version, false);
    auto loaded = std::make_shared<Sequential>(Sequential{Input({3}), Dense(2)});
    CHECK_NOTHROW(load_weights(*loaded, dir / "v.h5"));
    check_close(loaded->get_weights()[0], saved->get_weights()[0], 0, 0);
  }
}

TEST_CASE("A top_level_model_weights group without weight_names is empty", "[serialization][legacy-h5]") {
  TempDir dir;
  auto saved = std::make_shared<Sequential>(Sequential{Input({3}), Dense(2, Dense::Options{.name = "d"})});
  scramble_weights(*saved, 4);
  {
    io::H5File file = io::H5File::create(dir / "top.h5");
    io::H5Group root = file.root();
    root.set_string_list_attribute("layer_names", {"d"});
    root.set_string_attribute("keras_version", "2.15.0");
    io::H5Group g = root.require_group("d");
    g.set_string_list_attribute("weight_names", {"d/kernel:0", "d/bias:0"});
    g.write_dataset("d/kernel:0", saved->get_weights()[0]);
    g.write_dataset("d/bias:0", saved->get_weights()[1]);
    root.require_group("top_level_model_weights");  // no attributes at all
    file.save(dir / "top.h5");
  }
  auto loaded = std::make_shared<Sequential>(Sequential{Input({3}), Dense(2, Dense::Options{.name = "d"})});
  CHECK_NOTHROW(load_weights(*loaded, dir / "top.h5"));
  check_close(loaded->get_weights()[0], saved->get_weights()[0], 0, 0);
}

TEST_CASE("A full .h5 model uses one keras_version for its weights and its checks", "[serialization][legacy-h5]") {
  TempDir dir;
  auto saved = std::make_shared<Sequential>(Sequential{Input({3}), Dense(2, "hard_sigmoid")});
  scramble_weights(*saved, 5);
  auto write = [&](const std::string& path, const std::string& root_version, const std::string& weights_version) {
    save_as_keras(*saved, path, weights_version, true);
    // Relabel the root only: save_as_keras stamps both with one version.
    io::H5File source = io::H5File::open(path);
    io::H5File file = io::H5File::create(path);
    io::H5Group root = file.root();
    root.set_string_attribute("keras_version", root_version);
    root.set_string_attribute("model_config", *source.root().find_string_attribute("model_config"));
    io::H5Group weights = root.require_group("model_weights");
    io::save_legacy_weights(*saved, weights);
    weights.set_string_attribute("keras_version", weights_version);
    file.save(path);
  };
  // The root says Keras 3: the weights are taken as is, whatever model_weights/ claims.
  write(dir / "k3.h5", "3.1.0", "2.4.0");
  check_close(load_model(dir / "k3.h5")->get_weights()[0], saved->get_weights()[0], 0, 0);
  // The root says Keras 2: scaled for Keras 2's hard_sigmoid.
  write(dir / "k2.h5", "2.4.0", "3.1.0");
  std::vector<double> scaled;
  for (float v : saved->get_weights()[0].to_vector<float>()) scaled.push_back(1.2 * v);
  check_close(load_model(dir / "k2.h5")->get_weights()[0], scaled, 1e-6, 1e-6);
}

TEST_CASE("Convolution weights from Keras on Theano are refused, not loaded flipped", "[serialization][legacy-h5]") {
  TempDir dir;
  auto write = [&](const std::string& path, Model& model, const std::string& backend) {
    io::H5File file = io::H5File::create(path);
    io::save_legacy_weights(model, file.root());
    file.root().set_string_attribute("backend", backend);
    file.save(path);
  };
  Sequential conv{Input({5, 5, 1}), Conv2D(2, {3, 3}, Conv2D::Options{.name = "c"}), Flatten(), Dense(2)};
  write(dir / "theano.h5", conv, "theano");
  REQUIRE_THROWS_WITH(load_weights(conv, dir / "theano.h5"),
                      Catch::Contains("theano.h5") && Catch::Contains("Theano") && Catch::Contains("'c'"));
  write(dir / "tf.h5", conv, "tensorflow");
  CHECK_NOTHROW(load_weights(conv, dir / "tf.h5"));
  // Without convolutions nothing differs between the backends.
  Sequential dense{Input({3}), Dense(2)};
  write(dir / "dense.h5", dense, "theano");
  CHECK_NOTHROW(load_weights(dense, dir / "dense.h5"));
}
