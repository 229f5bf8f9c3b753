// Keras 3 `.weights.h5`: round trips for every weighted layer family, Keras' class-name-keyed
// layout, and the errors for weights that do not fit.

#include <catch2/catch.hpp>
#include <functional>
#include <limits>

#include "libkeras/serialization/hdf5_file.h"
#include "libkeras/serialization/saving.h"
#include "libkeras/serialization/weights_store.h"
#include "libkeras/utils/error.h"
#include "test/serialization/saving_zoo.h"
#include "test/support/check.h"
#include "test/support/files.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;
using Catch::Matchers::Contains;

TEST_CASE(".weights.h5 round-trips every weighted layer family", "[serialization][weights-store]") {
  TempDir dir;
  for (const ZooModel& spec : saving_zoo()) {
    INFO(spec.name);
    auto model = spec.make();
    scramble_weights(*model, 3);
    std::vector<Tensor> expected = model->predict_all(spec.inputs, {.verbose = 0});
    save_weights(*model, dir / (spec.name + ".weights.h5"));
    auto loaded = spec.make();
    std::vector<Tensor> before = loaded->predict_all(spec.inputs, {.verbose = 0});
    load_weights(*loaded, dir / (spec.name + ".weights.h5"));
    std::vector<Tensor> after = loaded->predict_all(spec.inputs, {.verbose = 0});
    REQUIRE(after.size() == expected.size());
    for (std::size_t i = 0; i < after.size(); ++i) {
      CHECK(before[i].to_vector<float>() != expected[i].to_vector<float>());
      check_close(after[i], expected[i], 0, 0);
    }
  }
}

TEST_CASE(".weights.h5 uses Keras 3's attribute and class-name paths", "[serialization][weights-store]") {
  TempDir dir;
  std::vector<ZooModel> zoo = saving_zoo();
  auto has = [](const io::H5Group& root, const std::string& path) {
    INFO(path);
    CHECK(root.has(path));
  };
  {
    auto model = zoo[2].make();  // Embedding, LSTM, GRU, SimpleRNN, Dense (Sequential: no input_layer)
    save_weights(*model, dir / "r.weights.h5");
    io::H5Group root = io::H5File::open(dir / "r.weights.h5").root();
    CHECK(root.group("vars").string_attribute("name") == model->name());
    CHECK_FALSE(root.has("layers/input_layer"));
    has(root, "layers/embedding/vars/0");
    has(root, "layers/lstm/cell/vars/2");
    CHECK(root.group("layers/lstm/vars").children().empty());
    CHECK(root.group("layers/lstm/vars").string_attribute("name") == model->get_layer(1).name());
    CHECK(root.group("layers/gru/cell/vars").dataset_shape("2") == Shape{2, 12});  // reset_after bias
    has(root, "layers/simple_rnn/cell/vars/1");
    has(root, "layers/dense/vars/1");
  }
  {
    auto model = zoo[3].make();
    save_weights(*model, dir / "w.weights.h5");
    io::H5Group root = io::H5File::open(dir / "w.weights.h5").root();
    has(root, "layers/bidirectional/forward_layer/cell/vars/2");
    has(root, "layers/bidirectional/backward_layer/cell/vars/2");
    has(root, "layers/bidirectional_1/backward_layer/cell/vars/0");
    has(root, "layers/time_distributed/layer/vars/1");
  }
  {
    auto model = zoo[4].make();  // Functional: input_layer, MHA, nested Sequential
    save_weights(*model, dir / "a.weights.h5");
    io::H5Group root = io::H5File::open(dir / "a.weights.h5").root();
    has(root, "layers/input_layer/vars");
    for (const char* sub : {"query_dense", "key_dense", "value_dense", "output_dense"}) {
      has(root, std::string("layers/multi_head_attention/") + sub + "/vars/1");
    }
    CHECK(root.group("layers/multi_head_attention/output_dense/vars").string_attribute("name") == "attention_output");
    has(root, "layers/sequential/layers/dense/vars/0");
    has(root, "layers/sequential/layers/batch_normalization/vars/3");
    has(root, "layers/sequential/layers/dense_1/vars/0");
    has(root, "layers/dense/vars/0");
  }
}

TEST_CASE(".weights.h5 keys layers by class, not by name", "[serialization][weights-store]") {
  TempDir dir;
  auto make = [](const std::string& first, const std::string& second) {
    return std::make_shared<Sequential>(Sequential{Input({3}), Dense(4, Dense::Options{.name = first}),
                                                   Dense(2, Dense::Options{.name = second})});
  };
  auto a = make("encoder", "classifier");
  scramble_weights(*a, 9);
  save_weights(*a, dir / "n.weights.h5");
  io::H5Group root = io::H5File::open(dir / "n.weights.h5").root();
  CHECK(root.group("layers/dense_1/vars").string_attribute("name") == "classifier");
  auto b = make("x", "y");
  load_weights(*b, dir / "n.weights.h5");
  Tensor x = random_tensor({2, 3});
  check_close(b->predict(x, {.verbose = 0}), a->predict(x, {.verbose = 0}), 0, 0);
}

TEST_CASE(".weights.h5 mismatches name the layer and the file and change nothing", "[serialization][weights-store]") {
  TempDir dir;
  auto small = std::make_shared<Sequential>(Sequential{Input({3}), Dense(4)});
  save_weights(*small, dir / "small.weights.h5");
  auto bigger = std::make_shared<Sequential>(Sequential{Input({3}), Dense(4), Dense(2, Dense::Options{.name = "head"})});
  std::vector<Tensor> before = bigger->get_weights();
  CHECK_THROWS_WITH(load_weights(*bigger, dir / "small.weights.h5"),
                    Contains("Layer 'head' expected 2 variables, but received 0") && Contains("small.weights.h5") &&
                        Contains("layers/dense_1/vars"));
  // Nothing was assigned, not even the layer that matched.
  for (std::size_t i = 0; i < before.size(); ++i) check_close(bigger->get_weights()[i], before[i], 0, 0);

  auto wide = std::make_shared<Sequential>(Sequential{Input({3}), Dense(5, Dense::Options{.name = "wide"})});
  CHECK_THROWS_AS(load_weights(*wide, dir / "small.weights.h5"), ShapeError);
  CHECK_THROWS_WITH(load_weights(*wide, dir / "small.weights.h5"),
                    Contains("wide") && Contains("small.weights.h5") && Contains("(3, 4)"));

  auto no_bias = std::make_shared<Sequential>(
      Sequential{Input({3}), Dense(4, Dense::Options{.use_bias = false, .name = "nb"})});
  CHECK_THROWS_WITH(load_weights(*no_bias, dir / "small.weights.h5"),
                    Contains("Layer 'nb' expected 1 variables, but received 2"));
  CHECK_THROWS_AS(load_weights(*small, dir / "small.weights.h5", {.by_name = true}), ValueError);
}

TEST_CASE(".weights.h5 optimizer state that does not fit is skipped, the weights still load",
          "[serialization][weights-store]") {
  TempDir dir;
  auto make = [] {
    auto m = std::make_shared<Sequential>(Sequential{Input({3}), Dense(2)});
    m->compile({.optimizer = "adam", .loss = "mse"});
    m->train_on_batch(Tensor::ones({4, 3}), Tensor::zeros({4, 2}));
    return m;
  };
  auto saved = make();
  saved->train_on_batch(Tensor::ones({4, 3}), Tensor::zeros({4, 2}));  // 2 steps, unlike make()'s 1
  scramble_weights(*saved, 9);
  const std::vector<Tensor> state = saved->optimizer()->variables();
  // Keras' Optimizer.load_own_variables: state it cannot use is a warning ("Skipping variable
  // loading for optimizer"), the layers load regardless. `edit` spoils the saved state.
  auto write = [&](const std::string& path, const std::function<void(io::H5Group&)>& edit) {
    io::H5File file = io::H5File::create(path);
    io::H5Group root = file.root();
    io::save_weights_store(*saved, root, false);
    io::H5Group vars = root.require_group("optimizer/vars");
    vars.set_string_attribute("name", "adam");
    edit(vars);
    file.save(path);
  };
  auto all_but = [&](std::size_t skip, const Tensor& replacement) {
    return [&state, skip, replacement](io::H5Group& vars) {
      for (std::size_t i = 0; i < state.size(); ++i) vars.write_dataset(std::to_string(i), i == skip ? replacement : state[i]);
    };
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<std::pair<std::string, std::function<void(io::H5Group&)>>> cases = {
      {"missing", [&](io::H5Group& vars) {  // optimizer/vars/2 missing: fewer variables
         for (std::size_t i = 0; i < 2; ++i) vars.write_dataset(std::to_string(i), state[i]);
       }},
      {"nan_iterations", all_but(0, Tensor::full({}, nan, float64))},
      {"huge_iterations", all_but(0, Tensor::full({}, 1e300, float64))},
      {"negative_rate", all_but(1, Tensor::full({}, -1.0f))},
      {"nan_rate", all_but(1, Tensor::full({}, nan))},
  };
  for (const auto& [name, edit] : cases) {
    INFO(name);
    const std::string path = dir / (name + ".weights.h5");
    write(path, edit);
    auto loaded = make();
    const std::int64_t steps = loaded->optimizer()->iterations();
    const float rate = loaded->optimizer()->learning_rate();
    CHECK_NOTHROW(load_weights(*loaded, path));
    for (std::size_t i = 0; i < saved->get_weights().size(); ++i) {
      check_close(loaded->get_weights()[i], saved->get_weights()[i], 0, 0);
    }
    CHECK(loaded->optimizer()->iterations() == steps);
    CHECK(loaded->optimizer()->learning_rate() == rate);
  }
  // Intact state is restored.
  write(dir / "ok.weights.h5", all_but(state.size(), Tensor()));
  auto loaded = make();
  load_weights(*loaded, dir / "ok.weights.h5");
  CHECK(loaded->optimizer()->iterations() == saved->optimizer()->iterations());
}
