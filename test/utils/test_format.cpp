#include <catch2/catch.hpp>
#include <cmath>

#include "libkeras/utils/format.h"
#include "libkeras/utils/naming.h"

using namespace keras;

TEST_CASE("Numbers format as Python formats them", "[utils][format]") {
  CHECK(format::fixed(0.28994, 4) == "0.2899");
  CHECK(format::fixed(2.5, 0) == "2");  // round half to even, like Python
  CHECK(format::fixed(3.5, 0) == "4");
  CHECK(format::fixed(NAN, 4) == "nan");
  CHECK(format::fixed(-INFINITY, 4) == "-inf");
  CHECK(format::scientific(1.234e-4, 4) == "1.2340e-04");
  CHECK(format::metric_value(0.97) == "0.9700");
  CHECK(format::metric_value(0.001) == "1.0000e-03");
  CHECK(format::metric_value(-0.5) == "-0.5000");
  CHECK(format::thousands(0) == "0");
  CHECK(format::thousands(34826) == "34,826");
  CHECK(format::thousands(1234567) == "1,234,567");
  CHECK(format::thousands(-1000) == "-1,000");
  CHECK(format::memory_size(0) == "0.00 B");
  CHECK(format::memory_size(139304) == "136.04 KB");
  CHECK(format::memory_size(3.0 * 1024 * 1024) == "3.00 MB");
}

TEST_CASE("Keras snake_case names and unique default names", "[utils][naming]") {
  CHECK(utils::to_snake_case("Conv2D") == "conv2d");
  CHECK(utils::to_snake_case("MaxPooling2D") == "max_pooling2d");
  CHECK(utils::to_snake_case("BatchNormalization") == "batch_normalization");
  CHECK(utils::to_snake_case("InputLayer") == "input_layer");
  CHECK(utils::to_snake_case("LSTM") == "lstm");
  backend::clear_session();
  CHECK(utils::uniquify("dense") == "dense");
  CHECK(utils::uniquify("dense") == "dense_1");
  CHECK(utils::uniquify("conv2d") == "conv2d");
  CHECK(utils::uniquify("dense") == "dense_2");
  backend::clear_session();
  CHECK(utils::uniquify("dense") == "dense");
}
