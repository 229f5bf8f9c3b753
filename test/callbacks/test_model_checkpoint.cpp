// ModelCheckpoint: templated file names, save_best_only, weights-only files, batch-level saving
// and Keras' argument errors. Saved files load back and predict like the model that wrote them.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "callbacks/model_checkpoint.h"
#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "libkeras/serialization/saving.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/random.h"
#include "optimizers/sgd.h"
#include "test/support/check.h"
#include "test/support/files.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;
namespace fs = std::filesystem;

namespace {

std::shared_ptr<Sequential> dense_model(double learning_rate) {
  utils::set_random_seed(7);
  auto model = std::make_shared<Sequential>(
      std::initializer_list<SequentialItem>{Input({3}), Dense(4, "relu"), Dense(1)});
  model->compile({.optimizer = optimizers::SGD({.learning_rate = learning_rate}), .loss = "mse"});
  return model;
}

Tensor x_data() { return random_tensor({8, 3}, -1.0f, 1.0f, 3); }
Tensor y_data() { return random_tensor({8, 1}, -1.0f, 1.0f, 4); }

std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("ModelCheckpoint formats epoch and log values into the file name", "[callbacks][checkpoint]") {
  TempDir dir;
  auto model = dense_model(0.0);
  std::ostringstream out;
  auto ckpt = std::make_shared<callbacks::ModelCheckpoint>(
      dir / "ckpt-{epoch:02d}-{loss:.4f}.keras", callbacks::ModelCheckpoint::Options{.verbose = 1, .out = &out});
  callbacks::History h =
      model->fit(x_data(), y_data(), {.batch_size = 4, .epochs = 2, .verbose = 0, .callbacks = {ckpt}});
  char loss[32];
  std::snprintf(loss, sizeof loss, "%.4f", h.history["loss"][0]);
  const std::string first = "ckpt-01-" + std::string(loss) + ".keras", second = "ckpt-02-" + std::string(loss) + ".keras";
  CHECK(files_in(dir.path()) == std::vector<std::string>{first, second});
  CHECK(out.str() == "\nEpoch 1: saving model to " + (dir / first) + "\n\nEpoch 2: saving model to " + (dir / second) + "\n");
  std::shared_ptr<Model> loaded = load_model(dir / second);
  check_close(loaded->predict(x_data(), {.verbose = 0}), model->predict(x_data(), {.verbose = 0}));
}

TEST_CASE("ModelCheckpoint save_best_only writes only the epochs that improve", "[callbacks][checkpoint]") {
  TempDir dir;
  // Training on the first 6 rows (y = 1) while validating on 2 rows with y = -1 makes val_loss
  // rise every epoch after the first.
  auto model = std::make_shared<Sequential>(std::initializer_list<SequentialItem>{
      Input({1}), Dense(1, Dense::Options{.use_bias = false, .kernel_initializer = "zeros"})});
  model->compile({.optimizer = optimizers::SGD({.learning_rate = 0.1}), .loss = "mse"});
  std::ostringstream out;
  auto ckpt = std::make_shared<callbacks::ModelCheckpoint>(
      dir / "best-{epoch:02d}-{val_loss:.2f}.h5",
      callbacks::ModelCheckpoint::Options{.verbose = 1, .save_best_only = true, .out = &out});
  Tensor x = Tensor::ones({8, 1});
  Tensor y = tensor({1, 1, 1, 1, 1, 1, -1, -1}, {8, 1});
  model->fit(x, y, {.batch_size = 6, .epochs = 3, .verbose = 0, .callbacks = {ckpt}, .validation_split = 0.25});
  CHECK(files_in(dir.path()) == std::vector<std::string>{"best-01-1.44.h5"});
  CHECK(out.str() == "\nEpoch 1: val_loss improved from None to 1.44000, saving model to " + (dir / "best-01-1.44.h5") +
                         "\n\nEpoch 2: val_loss did not improve from 1.44000\n"
                         "\nEpoch 3: val_loss did not improve from 1.44000\n");
  CHECK(ckpt->best().value() == Approx(1.44));
  std::shared_ptr<Model> loaded = load_model(dir / "best-01-1.44.h5");
  check_close(loaded->get_weights()[0], {0.2});
}

TEST_CASE("ModelCheckpoint initial_value_threshold: nothing is saved until the value beats it",
          "[callbacks][checkpoint]") {
  TempDir dir;
  auto model = dense_model(0.0);
  auto ckpt = std::make_shared<callbacks::ModelCheckpoint>(
      dir / "m.keras", callbacks::ModelCheckpoint::Options{.monitor = "loss", .save_best_only = true,
                                                           .initial_value_threshold = 0.0});
  model->fit(x_data(), y_data(), {.batch_size = 4, .epochs = 2, .verbose = 0, .callbacks = {ckpt}});
  CHECK(files_in(dir.path()).empty());
}

TEST_CASE("ModelCheckpoint save_weights_only writes .weights.h5 files that load back", "[callbacks][checkpoint]") {
  TempDir dir;
  auto model = dense_model(0.05);
  auto ckpt = std::make_shared<callbacks::ModelCheckpoint>(
      dir / "sub/w{epoch}.weights.h5", callbacks::ModelCheckpoint::Options{.save_weights_only = true});
  model->fit(x_data(), y_data(), {.batch_size = 4, .epochs = 2, .verbose = 0, .callbacks = {ckpt}});
  CHECK(files_in(dir / "sub") == std::vector<std::string>{"w1.weights.h5", "w2.weights.h5"});
  auto fresh = dense_model(0.05);
  fresh->load_weights(dir / "sub/w2.weights.h5");
  check_close(fresh->predict(x_data(), {.verbose = 0}), model->predict(x_data(), {.verbose = 0}));
}

TEST_CASE("ModelCheckpoint with an integer save_freq saves every N batches", "[callbacks][checkpoint]") {
  TempDir dir;
  auto model = dense_model(0.0);
  // 8 rows in batches of 2 make 4 batches an epoch: the 3rd and 6th batches of the run save,
  // named with the epoch and the 1-based batch within it.
  auto ckpt = std::make_shared<callbacks::ModelCheckpoint>(
      dir / "e{epoch}-b{batch}.keras", callbacks::ModelCheckpoint::Options{.save_freq = std::int64_t{3}});
  model->fit(x_data(), y_data(), {.batch_size = 2, .epochs = 2, .verbose = 0, .callbacks = {ckpt}});
  CHECK(files_in(dir.path()) == std::vector<std::string>{"e1-b3.keras", "e2-b2.keras"});
}

TEST_CASE("ModelCheckpoint rejects paths and arguments as Keras does", "[callbacks][checkpoint]") {
  using callbacks::ModelCheckpoint;
  CHECK_THROWS_WITH(ModelCheckpoint("w.h5", {.save_weights_only = true}),
                    "When using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided must end in "
                    "`.weights.h5` (Keras weights format). Received: filepath=w.h5");
  CHECK_THROWS_WITH(ModelCheckpoint("model.ckpt"),
                    "The filepath provided must end in `.keras` (Keras model format). Received: filepath=model.ckpt");
  CHECK_THROWS_WITH(ModelCheckpoint("m.keras", {.save_freq = "batch"}),
                    "Unrecognized save_freq: batch. Expected save_freq are 'epoch' or integer values");
  CHECK_NOTHROW(ModelCheckpoint("m.h5"));

  TempDir dir;
  auto model = dense_model(0.0);
  auto ckpt = std::make_shared<ModelCheckpoint>(dir / "m-{val_acc:.2f}.keras");
  CHECK_THROWS_AS(model->fit(x_data(), y_data(), {.epochs = 1, .verbose = 0, .callbacks = {ckpt}}), ValueError);
  CHECK_THROWS_WITH(model->fit(x_data(), y_data(), {.epochs = 1, .verbose = 0, .callbacks = {ckpt}}),
                    "Failed to format this callback filepath: \"" + (dir / "m-{val_acc:.2f}.keras") +
                        "\". Reason: 'val_acc'");
}
