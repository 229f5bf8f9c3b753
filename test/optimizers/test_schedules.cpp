// keras.optimizers.schedules against double-precision references of the formulas in Keras 3's
// keras/src/optimizers/schedules/learning_rate_schedule.py, evaluated over whole step ranges
// (staircase, cycle, warmup and restart edges included); serialization in Keras 3's and
// Keras 2's forms; bad arguments and configs.

#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>
#include <numbers>

#include "libkeras/utils/error.h"
#include "optimizers/schedules/schedules.h"

using namespace keras;
using namespace keras::optimizers::schedules;
using Catch::Matchers::Contains;

namespace {

constexpr double kPi = std::numbers::pi;

// The schedule computes in float32 like Keras; a few roundings separate it from the reference.
void check_schedule(const LearningRateSchedule& schedule, const std::function<double(double)>& reference,
                    std::int64_t last_step) {
  for (std::int64_t step = 0; step <= last_step; ++step) {
    INFO(schedule.class_name() << " at step " << step);
    CHECK(schedule(step) == Approx(reference(static_cast<double>(step))).epsilon(3e-6).margin(1e-9));
  }
}

void check_round_trip(const LearningRateSchedule& schedule, std::int64_t last_step) {
  const Json json = serialize(schedule);
  const auto copy = deserialize(Json::parse(json.dump()));
  CHECK(copy->class_name() == schedule.class_name());
  CHECK(serialize(*copy).dump() == json.dump());
  for (std::int64_t step = 0; step <= last_step; ++step) CHECK((*copy)(step) == schedule(step));
}

}  // namespace

TEST_CASE("ExponentialDecay: initial * rate ^ (step / decay_steps), floored when staircase", "[schedules]") {
  ExponentialDecay smooth(0.1, 10, 0.5);
  check_schedule(smooth, [](double s) { return 0.1 * std::pow(0.5, s / 10); }, 45);
  ExponentialDecay stairs(0.1, 10, 0.5, {.staircase = true});
  check_schedule(stairs, [](double s) { return 0.1 * std::pow(0.5, std::floor(s / 10)); }, 45);
  // The edges of a stair: 9 still decays by 0.5^0, 10 by 0.5^1.
  CHECK(stairs(9) == 0.1f);
  CHECK(stairs(10) == 0.05f);
  check_round_trip(stairs, 30);
}

TEST_CASE("PiecewiseConstantDecay: values[i] up to and including boundaries[i]", "[schedules]") {
  PiecewiseConstantDecay schedule({3, 7}, {1.0, 0.5, 0.1});
  const std::vector<float> expected = {1, 1, 1, 1, 0.5f, 0.5f, 0.5f, 0.5f, 0.1f, 0.1f, 0.1f};
  for (std::size_t step = 0; step < expected.size(); ++step) {
    INFO("step " << step);
    CHECK(schedule(static_cast<std::int64_t>(step)) == expected[step]);
  }
  // Keras casts boundaries to the integer step type: 2.9 acts as 2, so step 3 is already past it.
  PiecewiseConstantDecay truncated({2.9, 7.5}, {1.0, 0.5, 0.1});
  CHECK(truncated(2) == 1.0f);
  CHECK(truncated(3) == 0.5f);
  CHECK(truncated(7) == 0.5f);
  CHECK(truncated(8) == 0.1f);
  CHECK(serialize(truncated)["config"].dump() == R"({"boundaries":[2.9,7.5],"values":[1.0,0.5,0.1],"name":"PiecewiseConstant"})");
  check_round_trip(schedule, 10);
}

TEST_CASE("PolynomialDecay: clamped at decay_steps, or cycling over multiples of it", "[schedules]") {
  PolynomialDecay sqrt_decay(0.1, 10, {.end_learning_rate = 0.01, .power = 0.5});
  check_schedule(sqrt_decay, [](double s) { return 0.09 * std::sqrt(1 - std::min(s, 10.0) / 10) + 0.01; }, 25);
  CHECK(sqrt_decay(10) == Approx(0.01).epsilon(1e-6));
  CHECK(sqrt_decay(1000) == Approx(0.01).epsilon(1e-6));

  PolynomialDecay cycling(0.1, 10, {.end_learning_rate = 0.01, .power = 2.0, .cycle = true});
  const auto cycle_reference = [](double s) {
    const double d = 10 * (s == 0 ? 1.0 : std::ceil(s / 10));
    return 0.09 * std::pow(1 - s / d, 2.0) + 0.01;
  };
  check_schedule(cycling, cycle_reference, 45);
  // Step 10 ends the first cycle at the end rate; step 11 restarts on a 20-step horizon.
  CHECK(cycling(10) == Approx(0.01).epsilon(1e-6));
  CHECK(cycling(11) == Approx(0.09 * 0.45 * 0.45 + 0.01).epsilon(1e-6));

  PolynomialDecay defaults(1.0, 4);
  CHECK(serialize(defaults)["config"].dump() ==
        R"({"initial_learning_rate":1.0,"decay_steps":4,"end_learning_rate":0.0001,"power":1.0,"cycle":false,"name":"PolynomialDecay"})");
  check_schedule(defaults, [](double s) { return (1 - 0.0001) * (1 - std::min(s, 4.0) / 4) + 0.0001; }, 6);
  check_round_trip(cycling, 30);
}

TEST_CASE("InverseTimeDecay: initial / (1 + rate * step / decay_steps)", "[schedules]") {
  InverseTimeDecay smooth(0.1, 5, 0.5);
  check_schedule(smooth, [](double s) { return 0.1 / (1 + 0.5 * s / 5); }, 30);
  InverseTimeDecay stairs(0.1, 5, 0.5, {.staircase = true});
  check_schedule(stairs, [](double s) { return 0.1 / (1 + 0.5 * std::floor(s / 5)); }, 30);
  CHECK(stairs(4) == 0.1f);
  CHECK(stairs(5) == Approx(0.1 / 1.5).epsilon(1e-7));
  check_round_trip(smooth, 12);
}

TEST_CASE("CosineDecay: half a cosine down to alpha, after an optional linear warmup", "[schedules]") {
  CosineDecay plain(0.1, 10, {.alpha = 0.2});
  check_schedule(plain, [](double s) { return 0.1 * (0.8 * 0.5 * (1 + std::cos(kPi * std::min(s, 10.0) / 10)) + 0.2); },
                 20);
  CHECK(plain(10) == Approx(0.02).epsilon(1e-6));

  CosineDecay warm(0.01, 10, {.warmup_target = 1.0, .warmup_steps = 4});
  const auto warm_reference = [](double s) {
    if (s < 4) return 0.01 + (1.0 - 0.01) * s / 4;
    const double t = std::min(s, 14.0) - 4;
    return 1.0 * 0.5 * (1 + std::cos(kPi * t / 10));
  };
  check_schedule(warm, warm_reference, 20);
  CHECK(warm(0) == 0.01f);
  CHECK(warm(4) == 1.0f);  // the warmup's last step is the decay's first
  CHECK(warm(14) == Approx(0.0).margin(1e-7));
  CHECK(serialize(warm)["config"].dump() ==
        R"({"initial_learning_rate":0.01,"decay_steps":10,"alpha":0.0,"name":"CosineDecay","warmup_target":1.0,"warmup_steps":4})");

  // A warmup target without warmup steps decays from the target at once.
  CosineDecay no_steps(0.5, 8, {.warmup_target = 2.0});
  check_schedule(no_steps, [](double s) { return 2.0 * 0.5 * (1 + std::cos(kPi * std::min(s, 8.0) / 8)); }, 10);
  check_round_trip(warm, 16);
  check_round_trip(plain, 12);
}

TEST_CASE("CosineDecayRestarts: periods growing by t_mul, restarting at m_mul^i", "[schedules]") {
  // Reference by walking the periods one by one (Keras finds the period with a logarithm).
  const auto restarts_reference = [](double first, double t_mul, double m_mul, double alpha) {
    return [=](double s) {
      double completed = s / first, start = 0, length = 1;
      int period = 0;
      while (start + length <= completed) {
        start += length;
        length *= t_mul;
        ++period;
      }
      const double fraction = (completed - start) / length;
      return 1.0 * ((1 - alpha) * 0.5 * std::pow(m_mul, period) * (1 + std::cos(kPi * fraction)) + alpha);
    };
  };
  CosineDecayRestarts geometric(1.0, 4, {.m_mul = 0.5, .alpha = 0.1});
  check_schedule(geometric, restarts_reference(4, 2, 0.5, 0.1), 70);
  // Periods [0, 4), [4, 12), [12, 28), [28, 60): each restart is at its period's peak.
  CHECK(geometric(4) == Approx(0.9 * 0.5 + 0.1).epsilon(1e-6));
  CHECK(geometric(12) == Approx(0.9 * 0.25 + 0.1).epsilon(1e-6));
  CHECK(geometric(28) == Approx(0.9 * 0.125 + 0.1).epsilon(1e-6));

  CosineDecayRestarts equal(0.3, 5, {.t_mul = 1.0, .m_mul = 0.8});
  const auto equal_reference = [&](double s) { return 0.3 * restarts_reference(5, 1, 0.8, 0)(s); };
  check_schedule(equal, equal_reference, 30);

  CosineDecayRestarts slow(0.2, 3, {.t_mul = 1.5, .m_mul = 0.9, .alpha = 0.05});
  const auto slow_reference = [&](double s) { return 0.2 * restarts_reference(3, 1.5, 0.9, 0.05)(s); };
  check_schedule(slow, slow_reference, 60);
  CHECK(serialize(CosineDecayRestarts(0.1, 100))["config"].dump() ==
        R"({"initial_learning_rate":0.1,"first_decay_steps":100,"t_mul":2.0,"m_mul":1.0,"alpha":0.0,"name":"SGDRDecay"})");
  check_round_trip(slow, 30);
}

TEST_CASE("Schedules serialize as Keras 3 writes them and read Keras 2's form", "[schedules][serialization]") {
  CHECK(serialize(ExponentialDecay(0.1, 1000, 0.96, {.staircase = true})).dump() ==
        R"({"module":"keras.optimizers.schedules","class_name":"ExponentialDecay","config":)"
        R"({"initial_learning_rate":0.1,"decay_steps":1000,"decay_rate":0.96,"staircase":true,)"
        R"("name":"ExponentialDecay"},"registered_name":null})");
  // tf.keras 2 writes {"class_name", "config"} only.
  const auto keras2 = deserialize(Json::parse(
      R"({"class_name": "InverseTimeDecay", "config": {"initial_learning_rate": 0.5, "decay_steps": 2.0,
          "decay_rate": 1.0, "staircase": false, "name": "decay"}})"));
  CHECK(keras2->class_name() == "InverseTimeDecay");
  CHECK((*keras2)(2) == 0.25f);
  CHECK(keras2->get_config()["name"] == "decay");
  CHECK(names() == std::vector<std::string>{"CosineDecay", "CosineDecayRestarts", "ExponentialDecay",
                                            "InverseTimeDecay", "PiecewiseConstantDecay", "PolynomialDecay"});
}

TEST_CASE("Bad schedule arguments and configs raise clear errors", "[schedules][errors]") {
  CHECK_THROWS_WITH(ExponentialDecay(0.1, 0, 0.5), Contains("Argument `decay_steps` must be > 0. Received: decay_steps=0"));
  CHECK_THROWS_WITH(PolynomialDecay(0.1, -5), Contains("decay_steps=-5"));
  CHECK_THROWS_WITH(InverseTimeDecay(0.1, NAN, 0.5), Contains("decay_steps=nan"));
  CHECK_THROWS_WITH(CosineDecay(0.1, 0), Contains("`decay_steps` must be > 0"));
  CHECK_THROWS_WITH(CosineDecay(0.1, 10, {.warmup_target = 1.0, .warmup_steps = -1}),
                    Contains("`warmup_steps` must be >= 0"));
  CHECK_THROWS_WITH(CosineDecayRestarts(0.1, 0), Contains("`first_decay_steps` must be > 0"));
  CHECK_THROWS_WITH(CosineDecayRestarts(0.1, 10, {.t_mul = 0}), Contains("`t_mul` must be > 0"));
  CHECK_THROWS_WITH(PiecewiseConstantDecay({1, 2}, {1.0, 0.5}),
                    Contains("The length of boundaries should be 1 less than the length of values. Received: "
                             "boundaries=[1, 2] of length 2, and values=[1.0, 0.5] of length 2."));
  CHECK_THROWS_WITH(PiecewiseConstantDecay({}, {1.0}), Contains("`boundaries` must not be empty"));
  CHECK_THROWS_WITH(PiecewiseConstantDecay({INFINITY}, {1.0, 0.5}), Contains("int64 range. Received: boundaries=[inf]"));

  CHECK_THROWS_WITH(deserialize(Json::parse(R"({"class_name": "ExponentalDecay", "config": {}})")),
                    Contains("Unknown learning rate schedule 'ExponentalDecay'. Did you mean 'ExponentialDecay'?"));
  CHECK_THROWS_WITH(deserialize(Json::parse(R"({"class_name": "ExponentialDecay", "config":
                        {"initial_learning_rate": 0.1, "decay_rate": 0.5}})")),
                    Contains("field 'decay_steps' is required"));
  CHECK_THROWS_WITH(deserialize(Json::parse(R"({"class_name": "PolynomialDecay", "config":
                        {"initial_learning_rate": 0.1, "decay_steps": 10, "power": "2"}})")),
                    Contains("field 'power' must be a number"));
  CHECK_THROWS_WITH(deserialize(Json::parse(R"({"class_name": "PiecewiseConstantDecay", "config":
                        {"boundaries": [1, "2"], "values": [1, 2, 3]}})")),
                    Contains("field 'boundaries' must be a list of numbers"));
  CHECK_THROWS_WITH(deserialize(Json::parse(R"("ExponentialDecay")")), Contains("expected an object with 'class_name'"));
  CHECK_THROWS_AS(deserialize(Json::parse(R"({"class_name": "CosineDecay", "config": [1]})")), ValueError);
}
