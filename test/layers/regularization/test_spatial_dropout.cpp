// SpatialDropout1D/2D/3D: whole channels dropped in training (channels last or first), the
// identity at inference, seeds, Keras' config keys and errors.

#include <catch2/catch.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "layers/regularization/spatial_dropout.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

// For a (batch, ..., channels) result of an all-2 input: every channel of every sample is
// either all 0 or all 2 / (1 - rate). Returns the fraction of dropped (sample, channel) pairs.
double check_channels(const Tensor& y, double rate, bool channels_first) {
  const std::int64_t batch = y.dim(0), channels = channels_first ? y.dim(1) : y.dim(-1);
  const std::int64_t spatial = y.size() / (batch * channels);
  std::vector<float> v = y.to_vector<float>();
  const auto kept = static_cast<float>(2.0 / (1.0 - rate));
  std::int64_t dropped = 0;
  for (std::int64_t b = 0; b < batch; ++b) {
    for (std::int64_t c = 0; c < channels; ++c) {
      auto at = [&](std::int64_t s) {
        std::int64_t i = channels_first ? (b * channels + c) * spatial + s : (b * spatial + s) * channels + c;
        return v[static_cast<std::size_t>(i)];
      };
      const float first = at(0);
      if (first != 0.0f && std::fabs(first - kept) > 1e-5f * kept) {
        FAIL("value " << first << ", expected 0 or " << kept);
      }
      for (std::int64_t s = 1; s < spatial; ++s) {
        if (at(s) != first) FAIL("sample " << b << " channel " << c << " is only partly dropped");
      }
      dropped += first == 0.0f;
    }
  }
  return static_cast<double>(dropped) / static_cast<double>(batch * channels);
}

}  // namespace

TEST_CASE("SpatialDropout layers satisfy the layer contract", "[layers][spatial_dropout]") {
  run_layer_test({.make = [] { return std::make_shared<SpatialDropout1D>(0.5); },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 3, 4},
                  .weight_names = {}});
  run_layer_test({.make = [] { return std::make_shared<SpatialDropout2D>(0.3, SpatialDropout2D::Options{.seed = 1}); },
                  .input_shape = {2, 3, 3, 2},
                  .expected_output_shape = Shape{2, 3, 3, 2},
                  .weight_names = {}});
  run_layer_test({.make = [] { return std::make_shared<SpatialDropout3D>(0.2); },
                  .input_shape = {1, 2, 2, 2, 3},
                  .expected_output_shape = Shape{1, 2, 2, 2, 3},
                  .weight_names = {}});
}

TEST_CASE("SpatialDropout drops whole channels in training only", "[layers][spatial_dropout]") {
  SpatialDropout1D d1(0.4, SpatialDropout1D::Options{.seed = 3});
  Tensor x1 = Tensor::full({64, 5, 32}, 2.0);
  CHECK(check_channels(forward(d1, x1, true), 0.4, false) == Approx(0.4).margin(0.05));
  check_close(forward(d1, x1, false), x1.to_vector<double>(), 0, 0);

  SpatialDropout2D d2(0.5, SpatialDropout2D::Options{.seed = 4});
  Tensor x2 = Tensor::full({32, 3, 4, 16}, 2.0);
  CHECK(check_channels(forward(d2, x2, true), 0.5, false) == Approx(0.5).margin(0.07));
  SpatialDropout2D first(0.5, SpatialDropout2D::Options{.data_format = "channels_first", .seed = 4});
  Tensor xf = Tensor::full({32, 16, 3, 4}, 2.0);
  CHECK(check_channels(forward(first, xf, true), 0.5, true) == Approx(0.5).margin(0.07));

  SpatialDropout3D d3(0.25, SpatialDropout3D::Options{.seed = 5});
  Tensor x3 = Tensor::full({16, 2, 3, 2, 16}, 2.0);
  CHECK(check_channels(forward(d3, x3, true), 0.25, false) == Approx(0.25).margin(0.07));

  // Rate 1 drops everything; rate 0 keeps everything.
  SpatialDropout1D all(1.0), none(0.0);
  check_close(forward(all, x1, true), std::vector<double>(static_cast<std::size_t>(x1.size()), 0.0), 0, 0);
  check_close(forward(none, x1, true), x1.to_vector<double>(), 0, 0);
}

TEST_CASE("SpatialDropout masks come from the seed, and the gradient is the mask", "[layers][spatial_dropout]") {
  Tensor x = Tensor::ones({4, 3, 8});
  SpatialDropout1D a(0.5, SpatialDropout1D::Options{.seed = 42}), b(0.5, SpatialDropout1D::Options{.seed = 42});
  std::vector<float> a1 = forward(a, x, true).to_vector<float>(), a2 = forward(a, x, true).to_vector<float>();
  CHECK(a1 == forward(b, x, true).to_vector<float>());
  CHECK(a1 != a2);
  Tensor y, grad;
  {
    autograd::GradientTape tape;
    tape.watch(x);
    y = a(x, true);
    grad = tape.gradient(ops::sum(y), {x})[0];
  }
  REQUIRE(grad.defined());
  check_close(grad, y.to_vector<double>(), 1e-6, 0);
}

TEST_CASE("SpatialDropout's training gradients match finite differences", "[layers][spatial_dropout][gradients]") {
  // The layers draw a fresh mask on every call, so each evaluation gets a new layer with the same
  // seed: its first call always draws the same mask.
  struct Case {
    std::string name;
    std::function<Tensor(const Tensor&)> call;
    Shape shape;
    bool channels_first;
  };
  const double rate = 0.5;
  std::vector<Case> cases = {
      {"1D", [=](const Tensor& x) { return SpatialDropout1D(rate, SpatialDropout1D::Options{.seed = 31})(x, true); },
       {3, 2, 4}, false},
      {"2D", [=](const Tensor& x) { return SpatialDropout2D(rate, SpatialDropout2D::Options{.seed = 32})(x, true); },
       {2, 2, 3, 4}, false},
      {"2D channels_first",
       [=](const Tensor& x) {
         return SpatialDropout2D(rate, SpatialDropout2D::Options{.data_format = "channels_first", .seed = 33})(x, true);
       },
       {2, 4, 2, 3}, true},
      {"3D", [=](const Tensor& x) { return SpatialDropout3D(rate, SpatialDropout3D::Options{.seed = 34})(x, true); },
       {2, 2, 1, 2, 4}, false},
  };
  unsigned seed = 50;
  for (const Case& c : cases) {
    INFO(c.name);
    // On an all-2 input the mask shows as whole channels of 0 or 2 / (1 - rate); both must occur
    // for the check to cover the dropped and the kept path.
    const double dropped = check_channels(c.call(Tensor::full(c.shape, 2.0)), rate, c.channels_first);
    REQUIRE(dropped > 0.0);
    REQUIRE(dropped < 1.0);
    Tensor x = random_tensor(c.shape, -1, 1, seed++);
    REQUIRE(c.call(x).to_vector<float>() == c.call(x).to_vector<float>());
    check_gradients([&](const std::vector<Tensor>& in) { return c.call(in[0]); }, {x});
  }
}

TEST_CASE("SpatialDropout configs use Keras' keys", "[layers][spatial_dropout][config]") {
  auto keys_of = [](const Json& j) {
    std::vector<std::string> k;
    for (const auto& [key, v] : j.items()) k.push_back(key);
    return k;
  };
  SpatialDropout1D d1(0.25, SpatialDropout1D::Options{.seed = 7, .name = "sd"});
  Json c1 = d1.get_config();
  CHECK(keys_of(c1) == std::vector<std::string>{"rate", "seed", "name", "dtype"});
  CHECK(c1["rate"] == 0.25);
  CHECK(c1["seed"] == 7);
  CHECK(c1["dtype"] == "float32");
  Json c2 = SpatialDropout2D(0.5).get_config();
  CHECK(keys_of(c2) == std::vector<std::string>{"rate", "seed", "name", "dtype", "data_format"});
  CHECK(c2["seed"].is_null());
  CHECK(c2["data_format"] == "channels_last");
  Json c3 = SpatialDropout3D(0.5, SpatialDropout3D::Options{.data_format = "channels_first"}).get_config();
  CHECK(c3["data_format"] == "channels_first");
  CHECK(SpatialDropout3D::from_config(c3)->get_config().dump() == c3.dump());
  CHECK(SpatialDropout1D(0.1).name().rfind("spatial_dropout1d", 0) == 0);
}

TEST_CASE("SpatialDropout errors name the layer", "[layers][spatial_dropout][errors]") {
  REQUIRE_THROWS_WITH(SpatialDropout1D(1.5, SpatialDropout1D::Options{.name = "sd"}),
                      Catch::Contains("SpatialDropout1D layer \"sd\"") && Catch::Contains("rate=1.5"));
  REQUIRE_THROWS_WITH(SpatialDropout2D(0.5, SpatialDropout2D::Options{.data_format = "nhwc"}),
                      Catch::Contains("data_format=nhwc"));
  SpatialDropout2D d(0.5, SpatialDropout2D::Options{.name = "sd2"});
  REQUIRE_THROWS_WITH(forward(d, Tensor::ones({2, 3, 4})), Catch::Contains("\"sd2\"") && Catch::Contains("ndim=4"));
  REQUIRE_THROWS_WITH(SpatialDropout3D::from_config(Json{{"name", "s"}, {"rate", "half"}}),
                      Catch::Contains("SpatialDropout3D layer \"s\"") && Catch::Contains("'rate'"));
}
