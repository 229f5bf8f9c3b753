// boston_housing.load_data on a boston_housing.npz of float64 x (n, 13) and y (n,). The expected
// rows were printed by Keras 3's boston_housing.load_data steps (keras/src/datasets/boston_housing.py)
// run with numpy 1.24: RandomState(seed).shuffle(np.arange(n)), split at int(n * (1 - test_split)).

#include <catch2/catch.hpp>

#include "datasets/datasets.h"
#include "libkeras/serialization/npy.h"
#include "libkeras/utils/error.h"
#include "test/datasets/keras_home.h"
#include "test/datasets/pickle_bytes.h"

using namespace keras;
using namespace keras::testing;

namespace {

// Row i of x is i * 13 + k + 0.5 (k = 0..12); y[i] = 1.25 * i.
void write_boston(const std::string& path) {
  std::vector<double> x, y;
  for (int i = 0; i < 9; ++i) {
    for (int k = 0; k < 13; ++k) x.push_back(i * 13 + k + 0.5);
    y.push_back(1.25 * i);
  }
  io::save_npz(path, {{"x", Tensor::from_vector(x, Shape{9, 13})}, {"y", Tensor::from_vector(y, Shape{9})}});
}

std::vector<double> first_column(const Tensor& x) {
  std::vector<double> v = x.to_vector<double>(), out;
  for (std::size_t i = 0; i < v.size(); i += 13) out.push_back(v[i]);
  return out;
}

}  // namespace

TEST_CASE("boston_housing::load_data shuffles with RandomState(113) and splits 80/20", "[datasets][boston_housing]") {
  KerasHome home;
  write_boston(home / "boston_housing.npz");
  auto d = datasets::boston_housing::load_data();
  // Rows [0, 1, 3, 8, 7, 6, 2] train, [4, 5] test.
  CHECK(d.x_train.shape() == Shape{7, 13});
  CHECK(d.x_train.dtype() == float64);
  CHECK(d.y_train.shape() == Shape{7});
  CHECK(d.y_train.to_vector<double>() == std::vector<double>{0.0, 1.25, 3.75, 10.0, 8.75, 7.5, 2.5});
  CHECK(first_column(d.x_train) == std::vector<double>{0.5, 13.5, 39.5, 104.5, 91.5, 78.5, 26.5});
  CHECK(d.x_test.shape() == Shape{2, 13});
  CHECK(first_column(d.x_test) == std::vector<double>{52.5, 65.5});
  CHECK(d.x_test.to_vector<double>()[12] == 64.5);

  // test_split=0.34, seed=5: int(9 * 0.66) = 5 rows [2, 4, 8, 7, 1] train, [0, 5, 6, 3] test.
  auto e = datasets::boston_housing::load_data("boston_housing.npz", 0.34, 5);
  CHECK(e.y_train.to_vector<double>() == std::vector<double>{2.5, 5.0, 10.0, 8.75, 1.25});
  CHECK(first_column(e.x_test) == std::vector<double>{0.5, 65.5, 78.5, 39.5});
}

TEST_CASE("boston_housing rejects bad arguments and files", "[datasets][boston_housing][errors]") {
  KerasHome home;
  CHECK_THROWS_WITH(datasets::boston_housing::load_data(),
                    Catch::Contains("Boston Housing data not found") && Catch::Contains(home / "boston_housing.npz"));
  write_boston(home / "boston_housing.npz");
  CHECK_THROWS_WITH(datasets::boston_housing::load_data("boston_housing.npz", 1.0),
                    Catch::Contains("Invalid `test_split` argument") && Catch::Contains("exclusive of 1"));
  io::save_npz(home / "mismatch.npz",
               {{"x", Tensor::zeros(Shape{3, 13}, float64)}, {"y", Tensor::zeros(Shape{2}, float64)}});
  CHECK_THROWS_WITH(datasets::boston_housing::load_data("mismatch.npz"), Catch::Contains("same number of samples"));
  write_npz(home / "objects.npz", {{"x", object_array_npy({{1}})}, {"y", object_array_npy({{1}})}});
  CHECK_THROWS_WITH(datasets::boston_housing::load_data("objects.npz"), Catch::Contains("is an object array"));
}
