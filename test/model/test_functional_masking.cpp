// Masks through whole models, as Keras propagates them: Embedding(mask_zero) through layers that
// pass masks (Dropout, Activation, Dense) into RNNs and into the loss, in Functional and
// Sequential models alike. Padding must change nothing: a padded sequence gives what the
// unpadded one gives.

#include <catch2/catch.hpp>
#include <iostream>
#include <sstream>

#include "layers/layers.h"
#include "libkeras/model/model.h"
#include "libkeras/model/sequential.h"
#include "libkeras/utils/naming.h"
#include "libkeras/utils/random.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

// Captures what std::cerr receives while alive.
class CaptureStderr {
 public:
  CaptureStderr() : old_(std::cerr.rdbuf(text_.rdbuf())) {}
  ~CaptureStderr() { std::cerr.rdbuf(old_); }
  CaptureStderr(const CaptureStderr&) = delete;
  CaptureStderr& operator=(const CaptureStderr&) = delete;
  std::string text() const { return text_.str(); }

 private:
  std::ostringstream text_;
  std::streambuf* old_;
};

Tensor tokens(const std::vector<float>& ids) {
  return Tensor::from_vector(ids, {1, static_cast<std::int64_t>(ids.size())});
}

}  // namespace

TEST_CASE("Padding is skipped by an LSTM behind Dropout and Activation", "[model][functional][masking]") {
  backend::clear_session();
  utils::set_random_seed(7);
  auto embed = std::make_shared<Embedding>(10, 4, Embedding::Options{.mask_zero = true});
  auto act = std::make_shared<Activation>("tanh");
  auto drop = std::make_shared<Dropout>(0.5);
  auto lstm = std::make_shared<LSTM>(3);
  auto build = [&](std::int64_t steps) {
    KerasTensor in = Input({steps});
    return Model(in, (*lstm)((*drop)((*act)((*embed)(in)))));
  };
  Model padded = build(5), exact = build(3);
  CaptureStderr err;
  Tensor with_padding = padded.predict(tokens({4, 2, 7, 0, 0}), {.verbose = 0});
  CHECK(err.text().empty());  // every layer on the way supports masking: no warning
  check_close(with_padding, exact.predict(tokens({4, 2, 7}), {.verbose = 0}), 1e-6, 1e-6);

  Sequential seq{Input({5}), SequentialItem(embed), SequentialItem(act), SequentialItem(drop), SequentialItem(lstm)};
  check_close(seq.predict(tokens({4, 2, 7, 0, 0}), {.verbose = 0}), with_padding, 1e-6, 1e-6);
}

TEST_CASE("Masked timesteps count in neither the loss nor the metrics", "[model][functional][masking]") {
  backend::clear_session();
  utils::set_random_seed(8);
  auto embed = std::make_shared<Embedding>(10, 4, Embedding::Options{.mask_zero = true});
  auto rnn = std::make_shared<SimpleRNN>(3, SimpleRNN::Options{.return_sequences = true});
  auto head = std::make_shared<Dense>(1);
  auto build = [&](std::int64_t steps) {
    KerasTensor in = Input({steps});
    Model m(in, (*head)((*rnn)((*embed)(in))));
    m.compile({.optimizer = "sgd", .loss = "mse", .metrics = {"mae"}});
    return m;
  };
  Model padded = build(4), exact = build(2);
  Tensor y_padded = Tensor::from_vector(std::vector<float>{0.5f, -1.0f, 9.0f, 9.0f}, {1, 4, 1});
  Tensor y_exact = Tensor::from_vector(std::vector<float>{0.5f, -1.0f}, {1, 2, 1});
  EvaluationResult r_padded = padded.evaluate(tokens({3, 5, 0, 0}), y_padded, {.verbose = 0});
  EvaluationResult r_exact = exact.evaluate(tokens({3, 5}), y_exact, {.verbose = 0});
  CHECK(r_padded["loss"] == Approx(r_exact["loss"]).epsilon(1e-5));
  CHECK(r_padded["mae"] == Approx(r_exact["mae"]).epsilon(1e-5));
}

TEST_CASE("Merged branches carry their masks into an RNN", "[model][functional][masking]") {
  backend::clear_session();
  utils::set_random_seed(9);
  auto words = std::make_shared<Embedding>(10, 2, Embedding::Options{.mask_zero = true});
  auto tags = std::make_shared<Embedding>(6, 2, Embedding::Options{.mask_zero = true});
  auto gru = std::make_shared<GRU>(2);
  auto build = [&](std::int64_t steps) {
    KerasTensor w = Input({steps}), t = Input({steps});
    KerasTensor both = Concatenate()({(*words)(w), (*tags)(t)})[0];
    return Model({w, t}, {(*gru)(both)});
  };
  Model padded = build(4), exact = build(2);
  Tensor a = padded.predict({tokens({1, 8, 0, 0}), tokens({2, 3, 0, 0})}, {.verbose = 0});
  Tensor b = exact.predict({tokens({1, 8}), tokens({2, 3})}, {.verbose = 0});
  check_close(a, b, 1e-6, 1e-6);
}

TEST_CASE("A layer that drops a mask warns once, as Keras does", "[model][functional][masking]") {
  backend::clear_session();
  Sequential model{Input({4}), Embedding(10, 2, Embedding::Options{.mask_zero = true}), Flatten(), Dense(1)};
  CaptureStderr err;
  model.predict(tokens({1, 2, 0, 0}), {.verbose = 0});
  model.predict(tokens({1, 2, 0, 0}), {.verbose = 0});
  const std::string expected =
      "UserWarning: Layer 'flatten' (of type Flatten) was passed an input with a mask attached to it. However, this "
      "layer does not support masking and will therefore destroy the mask information. Downstream layers will not "
      "see the mask.\n";
  CHECK(err.text() == expected);
}
