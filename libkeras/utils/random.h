#pragma once
// Seeding. keras::utils::set_random_seed(s) makes initial weights, dropout masks and data
// shuffling reproducible; without it every run draws a fresh seed, as in Keras.

#include <cstdint>

#include "libkeras/tensor/tensor.h"

namespace keras::utils {

/// Seeds libkeras' global generator (Keras: keras.utils.set_random_seed).
void set_random_seed(std::uint64_t seed);

}  // namespace keras::utils

namespace keras::random {

/// The next seed from the global generator: each call gives a new, reproducible value.
std::uint64_t next_seed();

/// A small, portable generator (SplitMix64 + Box-Muller): the same values on every platform.
class Generator {
 public:
  explicit Generator(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next_u64();
  /// Uniform in [0, 1).
  double uniform();
  /// Standard normal.
  double normal();

 private:
  std::uint64_t state_;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

Tensor uniform(const Shape& shape, double minval, double maxval, std::uint64_t seed);
Tensor normal(const Shape& shape, double mean, double stddev, std::uint64_t seed);
/// Normal values re-drawn until within two standard deviations of the mean.
Tensor truncated_normal(const Shape& shape, double mean, double stddev, std::uint64_t seed);

}  // namespace keras::random
