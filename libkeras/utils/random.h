#pragma once
// Seeding. keras::utils::set_random_seed(s) makes initial weights, dropout masks and data
// shuffling reproducible; without it every run draws a fresh seed, as in Keras.

#include <cstdint>
#include <optional>

#include "libkeras/tensor/tensor.h"

namespace keras::utils {

/// Seeds libkeras' global generator (Keras: keras.utils.set_random_seed). After it, a run is
/// deterministic on CPU: initial weights, dropout and shuffling; so is a run resumed from a
/// saved model when the same seed is set before loading it (see SeedGenerator).
void set_random_seed(std::uint64_t seed);

}  // namespace keras::utils

namespace keras::random {

/// The next seed from the global generator: each call gives a new, reproducible value.
std::uint64_t next_seed();
/// The seed given to set_random_seed, if any.
std::optional<std::uint64_t> user_seed();
/// A well-mixed seed from two values (SplitMix64 of their combination).
std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b);

/// The training step fit() is running (the optimizer's iteration count before the update), or
/// -1 outside fit(). Random layers key their draws on it.
std::int64_t training_step();
void set_training_step(std::int64_t step);

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

/// The seeds of one random layer (Keras' SeedGenerator). Its base seed is the layer's `seed`, or
/// the next draw from the global seed (of a stream kept for random layers). During fit() its draws depend only on
/// that base and the training step, never on how many draws came before. So a run that calls
/// set_random_seed(s), loads a model saved after N steps and trains on draws exactly what the
/// uninterrupted run drew (loading creates the layers in the order they were first built, so
/// they get the same bases), with no generator state in the file; Keras saves none either.
/// Outside fit() it is a plain stream from its base seed.
class SeedGenerator {
 public:
  /// `seed`: the layer's `seed` argument.
  explicit SeedGenerator(std::optional<std::uint64_t> seed);
  std::uint64_t next_u64();

 private:
  std::uint64_t base_;
  std::int64_t step_ = -1;
  Generator generator_;
};

Tensor uniform(const Shape& shape, double minval, double maxval, std::uint64_t seed);
Tensor normal(const Shape& shape, double mean, double stddev, std::uint64_t seed);
/// Normal values re-drawn until within two standard deviations of the mean.
Tensor truncated_normal(const Shape& shape, double mean, double stddev, std::uint64_t seed);

}  // namespace keras::random
