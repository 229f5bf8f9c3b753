// keras.datasets.boston_housing (keras/src/datasets/boston_housing.py).

#include "datasets/cache.h"
#include "datasets/datasets.h"
#include "datasets/npz_utils.h"
#include "datasets/random_state.h"
#include "libkeras/utils/error.h"

namespace keras::datasets {

LoadedData boston_housing::load_data(const std::string& path, double test_split, std::int64_t seed) {
  if (!(test_split >= 0 && test_split < 1)) {
    throw ValueError("Invalid `test_split` argument: " + std::to_string(test_split) +
                     ". It must be between 0 and 1 (exclusive of 1).");
  }
  const std::string file = find_keras_file(path, "Boston Housing", "boston_housing.npz");
  const DatasetNpz f(file);
  const Tensor x = f.array("x"), y = f.array("y");
  if (x.rank() < 1 || y.rank() < 1 || x.dim(0) != y.dim(0)) {
    throw IoError("'" + file + "': x " + x.shape().to_string() + " and y " + y.shape().to_string() +
                  " do not hold the same number of samples");
  }
  RandomState rng(seed);
  const std::vector<std::int64_t> order = shuffled_indices(x.dim(0), rng);
  const auto split = static_cast<std::ptrdiff_t>(static_cast<double>(x.dim(0)) * (1 - test_split));
  const std::vector<std::int64_t> train(order.begin(), order.begin() + split), test(order.begin() + split, order.end());
  return {take_rows(x, train), take_rows(y, train), take_rows(x, test), take_rows(y, test)};
}

}  // namespace keras::datasets
