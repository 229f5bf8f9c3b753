#pragma once
// numpy's legacy np.random.RandomState, as far as Keras' dataset loaders use it: seeding from an
// int and shuffle(). The loaders shuffle with RandomState(seed), so matching it bit for bit is
// what makes our splits and orders the ones Keras returns.

#include <cstdint>
#include <random>
#include <vector>

namespace keras::datasets {

class RandomState {
 public:
  /// np.random.RandomState(seed); ValueError unless 0 <= seed < 2**32, as numpy.
  explicit RandomState(std::int64_t seed);

  /// rng.shuffle(x) for a 1-D array: Fisher-Yates from the last element, each swap partner drawn
  /// by numpy's random_interval (rejection sampling under a bit mask).
  void shuffle(std::vector<std::int64_t>& x);
  /// A uniform integer in [0, max], drawn exactly as numpy's random_interval.
  std::uint64_t random_interval(std::uint64_t max);

 private:
  // numpy's MT19937 seeds with init_genrand, the same recurrence as the standard engine.
  std::mt19937 engine_;
};

/// np.arange(n) shuffled by RandomState(seed): the index order Keras' loaders apply.
std::vector<std::int64_t> shuffled_indices(std::int64_t n, RandomState& rng);

}  // namespace keras::datasets
