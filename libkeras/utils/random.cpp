#include "libkeras/utils/random.h"

#include <cmath>
#include <mutex>
#include <random>

namespace keras {

namespace {

struct GlobalSeed {
  std::mutex mutex;
  random::Generator generator{std::random_device{}() * 0x9E3779B97F4A7C15ULL ^ std::random_device{}()};
};

GlobalSeed& global_seed() {
  static GlobalSeed instance;
  return instance;
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
