#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "initializers/initializers.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/random.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::initializers;
using namespace keras::testing;

namespace {

struct Stats {
  double mean = 0, stddev = 0, min = INFINITY, max = -INFINITY;
};

Stats stats_of(const Tensor& t) {
  std::vector<double> v = t.to_vector<double>();
  Stats s;
  for (double x : v) {
    s.mean += x;
    s.min = std::min(s.min, x);
    s.max = std::max(s.max, x);
  }
  s.mean /= static_cast<double>(v.size());
  for (double x : v) s.stddev += (x - s.mean) * (x - s.mean);
  s.stddev = std::sqrt(s.stddev / static_cast<double>(v.size()));
  return s;
}

// 120000 samples (73728 for the conv kernels): the relative error of a sample stddev is at most
// about 0.4%, so 2% is a margin of 5 standard errors.
const Shape kBig{400, 300};
constexpr double kFanAvg = 350.0, kFanIn = 400.0, kFanOut = 300.0;

// A uniform sample on [-limit, limit]: stays inside, reaches close to both ends, variance limit^2 / 3.
void check_uniform(const Tensor& t, double limit) {
  Stats s = stats_of(t);
  CHECK(s.min >= -limit);
  CHECK(s.max <= limit);
  CHECK(s.min < -0.99 * limit);
  CHECK(s.max > 0.99 * limit);
  CHECK(s.mean == Approx(0.0).margin(0.01 * limit));
  CHECK(s.stddev == Approx(limit / std::sqrt(3.0)).epsilon(0.02));
}

// A normal sample with `stddev` (after truncation, if any) truncated at `bound` (or not).
void check_normal(const Tensor& t, double stddev, std::optional<double> bound) {
  Stats s = stats_of(t);
  CHECK(s.mean == Approx(0.0).margin(0.02 * stddev));
  CHECK(s.stddev == Approx(stddev).epsilon(0.02));
  if (bound) {
    CHECK(s.max <= *bound * (1 + 1e-6));
    CHECK(s.min >= -*bound * (1 + 1e-6));
    CHECK(s.max > 0.98 * *bound);  // really truncated at the bound, not narrower
  } else {
    CHECK(std::max(s.max, -s.min) > 3.5 * stddev);  // untruncated tails
  }
}

std::vector<std::string> keys(const Json& j) {
  std::vector<std::string> out;
  for (const auto& [k, v] : j.items()) out.push_back(k);
  return out;
}

// max |A^T A - gain^2 I| over the columns of the (rows, cols) matrix A, or of its rows when wide.
double orthonormality_error(const Tensor& t, std::int64_t rows, std::int64_t cols, double gain) {
  std::vector<double> a = t.to_vector<double>();
  const bool tall = rows >= cols;
  const std::int64_t n = tall ? cols : rows, len = tall ? rows : cols;
  auto at = [&](std::int64_t vec, std::int64_t k) {
    return tall ? a[static_cast<std::size_t>(k * cols + vec)] : a[static_cast<std::size_t>(vec * cols + k)];
  };
  double worst = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t j = 0; j < n; ++j) {
      double dot = 0;
      for (std::int64_t k = 0; k < len; ++k) dot += at(i, k) * at(j, k);
      worst = std::max(worst, std::fabs(dot - (i == j ? gain * gain : 0.0)));
    }
  }
  return worst;
}

}  // namespace

TEST_CASE("compute_fans follows Keras for dense and convolution kernels", "[initializers]") {
  CHECK(compute_fans(Shape{3, 3, 16, 32}) == std::pair<double, double>{144, 288});
  CHECK(compute_fans(Shape{7, 9}) == std::pair<double, double>{7, 9});
  CHECK(compute_fans(Shape{5}) == std::pair<double, double>{5, 5});
  CHECK(compute_fans(Shape{}) == std::pair<double, double>{1, 1});
  CHECK(compute_fans(Shape{2, 3, 4, 5, 6}) == std::pair<double, double>{120, 144});
}

TEST_CASE("Variance-scaling presets have Keras' distributions", "[initializers]") {
  SECTION("uniform ones: limit sqrt(3 scale / fan)") {
    check_uniform(GlorotUniform(1)(kBig), std::sqrt(6.0 / (kFanIn + kFanOut)));
    check_uniform(HeUniform(2)(kBig), std::sqrt(6.0 / kFanIn));
    check_uniform(LecunUniform(3)(kBig), std::sqrt(3.0 / kFanIn));
    // A convolution kernel (3, 3, 64, 128): fan_in 576, fan_out 1152.
    check_uniform(GlorotUniform(4)(Shape{3, 3, 64, 128}), std::sqrt(6.0 / (576 + 1152)));
  }
  SECTION("truncated normal ones: stddev sqrt(scale / fan) after truncation at 2 raw stddevs") {
    constexpr double kTruncation = 0.87962566103423978;  // stddev of N(0, 1) truncated to [-2, 2]
    for (auto [name, t, stddev] :
         {std::tuple{"HeNormal", HeNormal(5)(kBig), std::sqrt(2.0 / kFanIn)},
          std::tuple{"LecunNormal", LecunNormal(6)(kBig), std::sqrt(1.0 / kFanIn)},
          std::tuple{"GlorotNormal", GlorotNormal(7)(kBig), std::sqrt(1.0 / kFanAvg)},
          std::tuple{"HeNormal conv", HeNormal(8)(Shape{3, 3, 64, 128}), std::sqrt(2.0 / 576)}}) {
      INFO(name);
      check_normal(t, stddev, 2.0 * stddev / kTruncation);
    }
  }
  SECTION("VarianceScaling modes and distributions") {
    check_uniform(VarianceScaling(3.0, "fan_out", "uniform", 9)(kBig), std::sqrt(9.0 / kFanOut));
    check_uniform(VarianceScaling(0.5, "fan_avg", "uniform", 10)(kBig), std::sqrt(1.5 / kFanAvg));
    check_normal(VarianceScaling(2.0, "fan_in", "untruncated_normal", 11)(kBig), std::sqrt(2.0 / kFanIn), std::nullopt);
    check_normal(VarianceScaling(1.0, "fan_out", "truncated_normal", 12)(kBig), std::sqrt(1.0 / kFanOut),
                 2.0 * std::sqrt(1.0 / kFanOut) / 0.87962566103423978);
  }
}

TEST_CASE("Random initializers have Keras' defaults", "[initializers]") {
  check_uniform(RandomUniform(-0.05, 0.05, 1)(kBig), 0.05);
  check_uniform(get("random_uniform")->operator()(kBig), 0.05);
  Stats shifted = stats_of(RandomUniform(2.0, 3.0, 2)(kBig));
  CHECK(shifted.min >= 2.0);
  CHECK(shifted.max <= 3.0);
  CHECK(shifted.mean == Approx(2.5).epsilon(0.01));
  check_normal(RandomNormal()(kBig), 0.05, std::nullopt);
  Stats normal = stats_of(RandomNormal(1.0, 2.0, 3)(kBig));
  CHECK(normal.mean == Approx(1.0).margin(0.03));
  CHECK(normal.stddev == Approx(2.0).epsilon(0.02));
  // TruncatedNormal(stddev) keeps values within 2 stddev; its sample stddev is 0.8796 stddev.
  check_normal(TruncatedNormal()(kBig), 0.05 * 0.87962566103423978, 0.1);
  CHECK(RandomUniform().get_config()["minval"] == -0.05);
  CHECK(RandomNormal().get_config()["stddev"] == 0.05);
  CHECK(TruncatedNormal().get_config()["mean"] == 0.0);
}

TEST_CASE("Constant initializers", "[initializers]") {
  check_close(Zeros()(Shape{2, 3}), std::vector<double>(6, 0.0), 0, 0);
  check_close(Ones()(Shape{4}), std::vector<double>(4, 1.0), 0, 0);
  check_close(Constant(0.75)(Shape{3, 1}), std::vector<double>(3, 0.75), 0, 0);
  Tensor z = Zeros()(Shape{2, 3});
  CHECK(z.shape() == Shape{2, 3});
  CHECK(z.dtype() == float32);
  check_close(Identity()(Shape{2, 3}), {1, 0, 0, 0, 1, 0}, 0, 0);
  check_close(Identity(2.5)(Shape{3, 2}), {2.5, 0, 0, 2.5, 0, 0}, 0, 0);
  REQUIRE_THROWS_WITH(Identity()(Shape{3, 3, 3}), Catch::Contains("2-D") && Catch::Contains("(3, 3, 3)"));
}

TEST_CASE("Orthogonal gives orthonormal columns (tall) or rows (wide), scaled by the gain", "[initializers]") {
  CHECK(orthonormality_error(Orthogonal(1.0, 1)(Shape{50, 20}), 50, 20, 1.0) < 1e-5);
  CHECK(orthonormality_error(Orthogonal(1.0, 2)(Shape{20, 50}), 20, 50, 1.0) < 1e-5);
  CHECK(orthonormality_error(Orthogonal(1.0, 3)(Shape{16, 16}), 16, 16, 1.0) < 1e-5);
  CHECK(orthonormality_error(Orthogonal(2.0, 4)(Shape{30, 10}), 30, 10, 2.0) < 4e-5);
  // A convolution kernel is orthogonal as a (3 * 3 * 4, 8) matrix.
  Tensor conv = Orthogonal(1.0, 5)(Shape{3, 3, 4, 8});
  CHECK(conv.shape() == Shape{3, 3, 4, 8});
  CHECK(orthonormality_error(conv, 36, 8, 1.0) < 1e-5);
  // Not the identity or another trivial answer: a random rotation.
  Stats s = stats_of(Orthogonal(1.0, 6)(Shape{40, 40}));
  CHECK(s.stddev == Approx(1.0 / std::sqrt(40.0)).epsilon(0.1));
  REQUIRE_THROWS_WITH(Orthogonal()(Shape{5}), Catch::Contains("rank >= 2") && Catch::Contains("(5,)"));
}

TEST_CASE("Seeds make initializers reproducible", "[initializers]") {
  const Shape shape{20, 30};
  std::vector<float> a = GlorotUniform(42)(shape).to_vector<float>();
  CHECK(GlorotUniform(42)(shape).to_vector<float>() == a);
  CHECK(GlorotUniform(43)(shape).to_vector<float>() != a);
  HeNormal he(7);
  CHECK(he(shape).to_vector<float>() == he(shape).to_vector<float>());
  CHECK(Orthogonal(1.0, 9)(shape).to_vector<float>() == Orthogonal(1.0, 9)(shape).to_vector<float>());

  // Unseeded initializers draw their seed from the global generator when created.
  utils::set_random_seed(1234);
  RandomNormal n1;
  GlorotUniform g1;
  utils::set_random_seed(1234);
  RandomNormal n2;
  GlorotUniform g2;
  CHECK(n1(shape).to_vector<float>() == n2(shape).to_vector<float>());
  CHECK(g1(shape).to_vector<float>() == g2(shape).to_vector<float>());
  CHECK(n1(shape).to_vector<float>() != RandomNormal()(shape).to_vector<float>());
  // ... and an unseeded config stays unseeded.
  CHECK(n1.get_config()["seed"].is_null());
}

TEST_CASE("Initializer names and aliases resolve as in Keras", "[initializers]") {
  const std::vector<std::pair<std::string, std::string>> names = {
      {"glorot_uniform", "GlorotUniform"}, {"GlorotUniform", "GlorotUniform"}, {"glorot_normal", "GlorotNormal"},
      {"he_uniform", "HeUniform"},         {"he_normal", "HeNormal"},          {"lecun_uniform", "LecunUniform"},
      {"lecun_normal", "LecunNormal"},     {"uniform", "RandomUniform"},       {"random_uniform", "RandomUniform"},
      {"normal", "RandomNormal"},          {"random_normal", "RandomNormal"},  {"truncated_normal", "TruncatedNormal"},
      {"zeros", "Zeros"},                  {"zero", "Zeros"},                  {"Zeros", "Zeros"},
      {"ones", "Ones"},                    {"one", "Ones"},                    {"constant", "Constant"},
      {"orthogonal", "Orthogonal"},        {"identity", "Identity"},           {"variance_scaling", "VarianceScaling"},
  };
  for (const auto& [name, cls] : names) {
    INFO(name);
    CHECK(get(name)->class_name() == cls);
  }
  // Early Keras 3 releases saved Orthogonal under its old class name.
  CHECK(deserialize(Json::parse(R"({"class_name": "OrthogonalInitializer", "config": {"gain": 1.0, "seed": null}})"))
            ->class_name() == "Orthogonal");
  REQUIRE_THROWS_WITH(get("glorot"), Catch::Contains("Unknown initializer 'glorot'") &&
                                         Catch::Contains("glorot_uniform") && Catch::Contains("HeNormal"));
}

TEST_CASE("Initializer configs have Keras' fields and round trip", "[initializers]") {
  CHECK(serialize(GlorotUniform()).dump() == R"({"module":"keras.initializers","class_name":"GlorotUniform",)"
                                             R"("config":{"seed":null},"registered_name":null})");
  CHECK(serialize(Zeros()).dump() ==
        R"({"module":"keras.initializers","class_name":"Zeros","config":{},"registered_name":null})");
  CHECK(keys(RandomUniform().get_config()) == std::vector<std::string>{"seed", "minval", "maxval"});
  CHECK(keys(RandomNormal().get_config()) == std::vector<std::string>{"seed", "mean", "stddev"});
  CHECK(keys(VarianceScaling().get_config()) == std::vector<std::string>{"seed", "scale", "mode", "distribution"});
  CHECK(keys(Orthogonal().get_config()) == std::vector<std::string>{"seed", "gain"});
  CHECK(Constant(0.3).get_config() == Json{{"value", 0.3}});
  CHECK(Identity(2.0).get_config() == Json{{"gain", 2.0}});

  const std::vector<std::shared_ptr<Initializer>> all = {
      std::make_shared<Zeros>(),          std::make_shared<Ones>(),          std::make_shared<Constant>(-1.5),
      std::make_shared<RandomUniform>(-1, 2, 3), std::make_shared<RandomNormal>(0.5, 2, 4),
      std::make_shared<TruncatedNormal>(0, 1, 5), std::make_shared<VarianceScaling>(2, "fan_out", "uniform", 6),
      std::make_shared<GlorotUniform>(7), std::make_shared<GlorotNormal>(8), std::make_shared<HeUniform>(9),
      std::make_shared<HeNormal>(10),     std::make_shared<LecunUniform>(11), std::make_shared<LecunNormal>(12),
      std::make_shared<Orthogonal>(1.5, 13), std::make_shared<Identity>(0.5)};
  for (const auto& init : all) {
    INFO(init->class_name());
    Json s = serialize(*init);
    std::shared_ptr<Initializer> copy = deserialize(Json::parse(s.dump()));
    CHECK(copy->class_name() == init->class_name());
    CHECK(serialize(*copy).dump() == s.dump());
    // Seeded: the copy generates the same values.
    CHECK((*copy)(Shape{6, 4}).to_vector<float>() == (*init)(Shape{6, 4}).to_vector<float>());
  }
  // A name string is a valid config too.
  CHECK(deserialize(Json("he_uniform"))->class_name() == "HeUniform");
}

TEST_CASE("Keras 2 VarianceScaling configs load", "[initializers]") {
  // Keras 2.0 - 2.2 wrote he_normal and friends as distribution "normal" (Keras 3 reads it as
  // truncated_normal).
  auto he = deserialize(Json::parse(R"({"class_name": "VarianceScaling",
      "config": {"scale": 2.0, "mode": "fan_in", "distribution": "normal", "seed": 3}})"));
  CHECK(he->get_config()["distribution"] == "truncated_normal");
  check_normal((*he)(kBig), std::sqrt(2.0 / kFanIn), 2.0 * std::sqrt(2.0 / kFanIn) / 0.87962566103423978);
  auto glorot = deserialize(Json::parse(R"({"class_name": "VarianceScaling",
      "config": {"distribution": "uniform", "scale": 1.0, "seed": null, "mode": "fan_avg"}})"));
  check_uniform((*glorot)(kBig), std::sqrt(6.0 / (kFanIn + kFanOut)));
}

TEST_CASE("Initializers reject bad arguments and configs with clear errors", "[initializers][errors]") {
  REQUIRE_THROWS_WITH(VarianceScaling(1.0, "fan_sum"),
                      Catch::Contains("mode") && Catch::Contains("'fan_sum'") && Catch::Contains("fan_avg"));
  REQUIRE_THROWS_WITH(VarianceScaling(1.0, "fan_in", "gaussian"),
                      Catch::Contains("distribution") && Catch::Contains("'gaussian'") && Catch::Contains("uniform"));
  REQUIRE_THROWS_WITH(VarianceScaling(0.0), Catch::Contains("scale"));
  REQUIRE_THROWS_AS(VarianceScaling(-1.0), ValueError);
  REQUIRE_THROWS_WITH(deserialize(Json{{"class_name", "Nope"}}), Catch::Contains("Unknown initializer 'Nope'"));
  REQUIRE_THROWS_WITH(deserialize(Json(3)), Catch::Contains("Invalid initializer config"));
  REQUIRE_THROWS_WITH(deserialize(Json::parse(R"({"class_name": "RandomUniform", "config": {"minval": "low"}})")),
                      Catch::Contains("RandomUniform") && Catch::Contains("'minval'"));
  REQUIRE_THROWS_WITH(deserialize(Json::parse(R"({"class_name": "GlorotUniform", "config": {"seed": "s"}})")),
                      Catch::Contains("GlorotUniform") && Catch::Contains("'seed'"));
  REQUIRE_THROWS_WITH(deserialize(Json::parse(R"({"class_name": "VarianceScaling", "config": {"mode": 1}})")),
                      Catch::Contains("VarianceScaling") && Catch::Contains("'mode'"));
}
