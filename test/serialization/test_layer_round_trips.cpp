// Every registered layer that takes one input, in a model, survives every file format: saved as
// .keras and legacy .h5 and loaded back, and its weights through .weights.h5 into a model
// rebuilt from to_json(), it has the same config and predicts the same values bit for bit. Run
// over the registry, so a new layer is covered as soon as it registers. (Layers of several
// inputs are covered by test_saving.cpp's models; cells are not used alone.)

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/layer_registry.h"
#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "libkeras/serialization/saving.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/random.h"
#include "test/support/files.h"

using namespace keras;
using namespace keras::testing;

namespace {

// Small valid values for every family's required arguments (as the robustness test uses); the
// variants leave out what one family takes as a number and another as a word ("padding"), and
// wrap a recurrent layer (Bidirectional).
std::vector<Json> small_configs() {
  const Json dense2 = {{"class_name", "Dense"}, {"config", {{"units", 2}}}};
  const Json cell2 = {{"class_name", "SimpleRNNCell"}, {"config", {{"units", 2}}}};
  Json config = {
      {"units", 3},     {"filters", 2},         {"kernel_size", 1}, {"pool_size", 1}, {"rate", 0.5},
      {"n", 2},         {"target_shape", {-1}}, {"dims", {1}},      {"input_dim", 5}, {"output_dim", 2},
      {"num_heads", 1}, {"key_dim", 2},         {"layer", dense2},  {"cell", cell2},  {"cells", Json::array({cell2})},
      {"stddev", 0.1},  {"cropping", 0},        {"padding", 0},     {"size", 1},      {"groups", 1}};
  Json words = config;
  words.erase("padding");
  words.erase("cropping");
  Json wrapper = config;
  wrapper["layer"] = {{"class_name", "LSTM"}, {"config", {{"units", 2}, {"return_sequences", true}}}};
  return {config, words, wrapper};
}

// A one-layer Sequential model of `name` for the first input rank it accepts, with its
// prediction on a fixed input; null when it takes no single input of rank 2 to 5.
struct Probe {
  std::shared_ptr<Sequential> model;
  Tensor x, y;
};

std::optional<Probe> probe(const std::string& name) {
  for (int rank = 2; rank <= 5; ++rank) {
    for (const Json& config : small_configs()) {
      try {
        std::shared_ptr<Layer> layer = layers::deserialize(Json{{"class_name", name}, {"config", config}});
        std::vector<std::int64_t> dims(static_cast<std::size_t>(rank - 1), 3);
        auto model = std::make_shared<Sequential>(std::initializer_list<SequentialItem>{Input(Shape(dims)), layer});
        // Weights away from their initial values (ones, zeros), so a lost weight shows.
        std::vector<Tensor> weights = model->get_weights();
        for (std::size_t i = 0; i < weights.size(); ++i)
          weights[i] = random::uniform(weights[i].shape(), 0.5, 1.5, 40 + i);
        model->set_weights(weights);
        Tensor x = random::uniform(Shape(dims).with_batch(2), 0, 2, 7);
        Tensor y = model->predict(x, {.verbose = 0});
        // Compiled, so the compile config travels too.
        model->compile({.optimizer = "adam", .loss = "mse"});
        return Probe{model, x, y};
      } catch (const Error&) {
      }
    }
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("Every registered layer round-trips through every model format", "[serialization][registry]") {
  TempDir dir;
  int covered = 0;
  std::string skipped;
  for (const std::string& name : layers::registry().names()) {
    if (name == "InputLayer") continue;
    std::optional<Probe> p = probe(name);
    if (!p) {
      skipped += " " + name;
      continue;
    }
    INFO(name);
    const Json config = p->model->get_layer(0).get_config();
    for (const std::string ext : {".keras", ".h5"}) {
      INFO(ext);
      save_model(*p->model, dir / (name + ext));
      std::shared_ptr<Model> loaded = load_model(dir / (name + ext));
      CHECK(loaded->get_layer(0).get_config() == config);
      CHECK(loaded->predict(p->x, {.verbose = 0}).to_vector<float>() == p->y.to_vector<float>());
      CHECK(loaded->compiled());
    }
    save_weights(*p->model, dir / (name + ".weights.h5"));
    std::shared_ptr<Model> rebuilt = model_from_json(p->model->to_json());
    load_weights(*rebuilt, dir / (name + ".weights.h5"));
    CHECK(rebuilt->predict(p->x, {.verbose = 0}).to_vector<float>() == p->y.to_vector<float>());
    ++covered;
  }
  INFO("layers taking no single input:" << skipped);
  CHECK(covered >= 64);
}
