#include "libkeras/utils/random.h"

#include <atomic>
#include <cmath>
#include <mutex>
#include <random>

namespace keras {

namespace {

// Random layers draw their base seeds from a stream of their own, apart from the initializers'
// stream: the order of the two kinds of draws differs between building a model in code and
// loading it from a config, while each stream's own order is the layers' order in both.
constexpr std::uint64_t kLayerStream = 0x4C41594552ULL;  // "LAYER"

struct GlobalSeed {
  std::mutex mutex;
  random::Generator generator{std::random_device{}() * 0x9E3779B97F4A7C15ULL ^ std::random_device{}()};
  random::Generator layer_generator{std::random_device{}() * 0x9E3779B97F4A7C15ULL ^ std::random_device{}()};
  std::optional<std::uint64_t> user_seed;
};

std::atomic<std::int64_t> current_training_step{-1};

GlobalSeed& global_seed() {
  static GlobalSeed instance;
  return instance;
}

std::uint64_t next_layer_seed() {
  std::lock_guard<std::mutex> lock(global_seed().mutex);
  return global_seed().layer_generator.next_u64();
}

template <class Draw>
Tensor fill_host(const Shape& shape, Draw draw) {
  Tensor t(shape, float32);
  float* p = t.data<float>();
  for (std::int64_t i = 0; i < t.size(); ++i) p[i] = static_cast<float>(draw());
  return t;
}

}  // namespace

void utils::set_random_seed(std::uint64_t seed) {
  std::lock_guard<std::mutex> lock(global_seed().mutex);
  global_seed().generator = random::Generator(seed);
  global_seed().layer_generator = random::Generator(random::mix_seed(seed, kLayerStream));
  global_seed().user_seed = seed;
}

std::optional<std::uint64_t> random::user_seed() {
  std::lock_guard<std::mutex> lock(global_seed().mutex);
  return global_seed().user_seed;
}

std::uint64_t random::mix_seed(std::uint64_t a, std::uint64_t b) {
  return Generator(a ^ (b * 0xD1B54A32D192ED03ULL + 0x8CB92BA72F3D8DD7ULL)).next_u64();
}

std::int64_t random::training_step() { return current_training_step.load(); }
void random::set_training_step(std::int64_t step) { current_training_step.store(step); }

random::SeedGenerator::SeedGenerator(std::optional<std::uint64_t> seed)
    : base_(seed ? *seed : next_layer_seed()), generator_(base_) {}

std::uint64_t random::SeedGenerator::next_u64() {
  const std::int64_t step = training_step();
  if (step >= 0 && step != step_) {
    generator_ = Generator(mix_seed(base_, static_cast<std::uint64_t>(step)));
    step_ = step;
  }
  return generator_.next_u64();
}

std::uint64_t random::next_seed() {
  std::lock_guard<std::mutex> lock(global_seed().mutex);
  return global_seed().generator.next_u64();
}

std::uint64_t random::Generator::next_u64() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double random::Generator::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

double random::Generator::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u1 = 0.0;
  while (u1 <= 0.0) u1 = uniform();
  double u2 = uniform();
  double r = std::sqrt(-2.0 * std::log(u1)), theta = 2.0 * M_PI * u2;
  spare_ = r * std::sin(theta);
  has_spare_ = true;
  return r * std::cos(theta);
}

Tensor random::uniform(const Shape& shape, double minval, double maxval, std::uint64_t seed) {
  Generator g(seed);
  return fill_host(shape, [&] { return minval + (maxval - minval) * g.uniform(); });
}

Tensor random::normal(const Shape& shape, double mean, double stddev, std::uint64_t seed) {
  Generator g(seed);
  return fill_host(shape, [&] { return mean + stddev * g.normal(); });
}

Tensor random::truncated_normal(const Shape& shape, double mean, double stddev, std::uint64_t seed) {
  Generator g(seed);
  return fill_host(shape, [&] {
    double v;
    do {
      v = g.normal();
    } while (std::fabs(v) > 2.0);
    return mean + stddev * v;
  });
}

}  // namespace keras
