// keras::utils::set_random_seed makes a whole CPU run reproducible, and a run resumed from a
// saved model continues bitwise as if it had never stopped (issue 5's "resume equals
// uninterrupted": run-3-epochs == run-2-epochs, save, load, run-1-more-epoch).

#include <catch2/catch.hpp>

#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "libkeras/serialization/saving.h"
#include "libkeras/utils/naming.h"
#include "libkeras/utils/random.h"
#include "optimizers/optimizers.h"
#include "test/support/files.h"

using namespace keras;
using namespace keras::layers;

namespace {

struct Data2 {
  Tensor x, y;
};

// Sequences with a learnable label, so the losses move from epoch to epoch.
Data2 sequences() {
  random::Generator g(11);
  const std::int64_t n = 48, steps = 5, features = 3;
  std::vector<float> x(n * steps * features), y(n);
  for (std::int64_t i = 0; i < n; ++i) {
    float sum = 0;
    for (std::int64_t j = 0; j < steps * features; ++j) {
      x[i * steps * features + j] = static_cast<float>(g.uniform() * 2 - 1);
      sum += x[i * steps * features + j];
    }
    y[i] = sum > 0 ? 1.0f : 0.0f;
  }
  return {Tensor::from_vector(x, {n, steps, features}), Tensor::from_vector(y, {n, 1})};
}

// Every kind of randomness fit() uses: initial weights, Dropout, recurrent dropout masks,
// GaussianNoise and the per-epoch shuffle.
std::shared_ptr<Sequential> make_model() {
  backend::clear_session();
  auto model = std::make_shared<Sequential>(std::initializer_list<SequentialItem>{
      Input({5, 3}), LSTM(8, LSTM::Options{.dropout = 0.2, .recurrent_dropout = 0.3}), GaussianNoise(0.1),
      Dropout(0.25), Dense(1, "sigmoid")});
  model->compile({.optimizer = optimizers::Adam({.learning_rate = 0.01}),
                  .loss = "binary_crossentropy",
                  .metrics = {"accuracy"}});
  return model;
}

std::vector<double> loss_history(const callbacks::History& h) { return h.history.at("loss"); }

}  // namespace

TEST_CASE("set_random_seed makes fit() reproducible, and another seed changes it", "[model][random]") {
  Data2 d = sequences();
  auto run = [&](std::uint64_t seed) {
    utils::set_random_seed(seed);
    auto model = make_model();
    return loss_history(model->fit(d.x, d.y, {.batch_size = 8, .epochs = 3, .verbose = 0}));
  };
  std::vector<double> first = run(3), again = run(3), other = run(4);
  CHECK(first == again);  // bitwise: same doubles
  CHECK(first != other);
}

TEST_CASE("Training resumed from a saved model equals the uninterrupted run, bitwise", "[model][random][saving]") {
  Data2 d = sequences();
  const std::string ext = GENERATE(as<std::string>{}, ".keras", ".h5");
  INFO("format " << ext);
  testing::TempDir dir;
  const std::string path = dir / ("resume" + ext);

  utils::set_random_seed(21);
  std::vector<double> uninterrupted =
      loss_history(make_model()->fit(d.x, d.y, {.batch_size = 8, .epochs = 3, .verbose = 0}));

  utils::set_random_seed(21);
  auto model = make_model();
  std::vector<double> first_two = loss_history(model->fit(d.x, d.y, {.batch_size = 8, .epochs = 2, .verbose = 0}));
  save_model(*model, path);
  model.reset();

  // As a new process would: the same seed, then load. The generator has been used since (by
  // the first run's shuffles, without a seed: none are drawn with one), and is reset here.
  backend::clear_session();
  random::next_seed();
  utils::set_random_seed(21);
  std::shared_ptr<Model> loaded = load_model(path);
  REQUIRE(loaded->optimizer()->iterations() == 12);
  std::vector<double> last = loss_history(loaded->fit(d.x, d.y, {.batch_size = 8, .epochs = 3, .verbose = 0, .initial_epoch = 2}));

  REQUIRE(uninterrupted.size() == 3);
  REQUIRE(first_two.size() == 2);
  REQUIRE(last.size() == 1);
  CHECK(first_two[0] == uninterrupted[0]);
  CHECK(first_two[1] == uninterrupted[1]);
  CHECK(last[0] == uninterrupted[2]);
}
