#include "datasets/random_state.h"

#include <numeric>
#include <string>
#include <utility>

#include "libkeras/utils/error.h"

namespace keras::datasets {

namespace {

std::uint32_t checked_seed(std::int64_t seed) {
  if (seed < 0 || seed > 0xFFFFFFFFLL) {
    throw ValueError("Seed must be between 0 and 2**32 - 1. Received: seed=" + std::to_string(seed));
  }
  return static_cast<std::uint32_t>(seed);
}

}  // namespace

RandomState::RandomState(std::int64_t seed) : engine_(checked_seed(seed)) {}

std::uint64_t RandomState::random_interval(std::uint64_t max) {
  if (max == 0) return 0;
  std::uint64_t mask = max;
  for (int shift = 1; shift <= 32; shift *= 2) mask |= mask >> shift;
  std::uint64_t value;
  if (max <= 0xFFFFFFFFULL) {
    do {
      value = engine_() & mask;
    } while (value > max);
  } else {
    // numpy's 64-bit draw: the first 32-bit output is the high half.
    do {
      const std::uint64_t high = engine_();
      value = ((high << 32) | engine_()) & mask;
    } while (value > max);
  }
  return value;
}

void RandomState::shuffle(std::vector<std::int64_t>& x) {
  for (std::size_t i = x.size(); i-- > 1;) {
    std::swap(x[i], x[random_interval(i)]);
  }
}

std::vector<std::int64_t> shuffled_indices(std::int64_t n, RandomState& rng) {
  std::vector<std::int64_t> indices(static_cast<std::size_t>(n));
  std::iota(indices.begin(), indices.end(), std::int64_t{0});
  rng.shuffle(indices);
  return indices;
}

}  // namespace keras::datasets
