// CSVLogger's exact file content, TerminateOnNaN, and the Python formatting helpers behind them.

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <sstream>

#include "callbacks/csv_logger.h"
#include "callbacks/py_format.h"
#include "callbacks/terminate_on_nan.h"
#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "optimizers/sgd.h"
#include "test/support/check.h"
#include "test/support/files.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

// Loss 1.0 on every batch: a zero kernel predicting 0 for targets 1, and nothing learns.
std::shared_ptr<Sequential> model_with_loss_one() {
  auto model = std::make_shared<Sequential>(std::initializer_list<SequentialItem>{
      Input({1}), Dense(1, Dense::Options{.use_bias = false, .kernel_initializer = "zeros"})});
  model->compile({.optimizer = optimizers::SGD({.learning_rate = 0.0}), .loss = "mse", .metrics = {"mae"}});
  return model;
}

std::string read_text(const std::string& path) {
  std::vector<char> bytes = read_bytes(path);
  return {bytes.begin(), bytes.end()};
}

}  // namespace

TEST_CASE("py_repr matches Python's repr(float)", "[callbacks][py_format]") {
  CHECK(callbacks::py_repr(1.0) == "1.0");
  CHECK(callbacks::py_repr(0.1) == "0.1");
  CHECK(callbacks::py_repr(-2.5) == "-2.5");
  CHECK(callbacks::py_repr(0.0001) == "0.0001");
  CHECK(callbacks::py_repr(0.00001) == "1e-05");
  CHECK(callbacks::py_repr(1.5e-7) == "1.5e-07");
  CHECK(callbacks::py_repr(123456.0) == "123456.0");
  CHECK(callbacks::py_repr(1e16) == "1e+16");
  CHECK(callbacks::py_repr(1234567890123456.0) == "1234567890123456.0");
  CHECK(callbacks::py_repr(static_cast<double>(0.6931472f)) == "0.6931471824645996");
  CHECK(callbacks::py_repr(std::numeric_limits<double>::quiet_NaN()) == "nan");
  CHECK(callbacks::py_repr(-std::numeric_limits<double>::infinity()) == "-inf");
}

TEST_CASE("py_format handles the str.format fields Keras file paths use", "[callbacks][py_format]") {
  std::map<std::string, callbacks::FormatValue> v{{"epoch", 3LL}, {"val_loss", 0.123456}, {"loss", 12.5}};
  CHECK(callbacks::py_format("m-{epoch:02d}-{val_loss:.2f}.keras", v) == "m-03-0.12.keras");
  CHECK(callbacks::py_format("{epoch}_{loss}_{loss:.4f}", v) == "3_12.5_12.5000");
  CHECK(callbacks::py_format("{epoch:4d}|{val_loss:e}|{val_loss:.3e}|{loss:g}", v) == "   3|1.234560e-01|1.235e-01|12.5");
  CHECK(callbacks::py_format("{{epoch}}-{epoch:03}", v) == "{epoch}-003");
  CHECK_THROWS_AS(callbacks::py_format("{acc}", v), callbacks::FormatKeyError);
  CHECK_THROWS_WITH(callbacks::py_format("{acc}", v), "'acc'");
  CHECK_THROWS_WITH(callbacks::py_format("{loss:d}", v), "Unknown format code 'd' for object of type 'float'");
  CHECK_THROWS_AS(callbacks::py_format("{epoch", v), ValueError);
}

TEST_CASE("CSVLogger writes a header of sorted keys and one 0-based row per epoch", "[callbacks][csv]") {
  TempDir dir;
  auto model = model_with_loss_one();
  Tensor ones = Tensor::ones({4, 1});
  auto csv = std::make_shared<callbacks::CSVLogger>(dir / "log.csv");
  model->fit(ones, ones, {.batch_size = 3, .epochs = 2, .verbose = 0, .callbacks = {csv}, .validation_split = 0.25});
  // Python's csv module (excel dialect) ends lines with \r\n.
  const std::string expected =
      "epoch,loss,mae,val_loss,val_mae\r\n"
      "0,1.0,1.0,1.0,1.0\r\n"
      "1,1.0,1.0,1.0,1.0\r\n";
  CHECK(read_text(dir / "log.csv") == expected);

  SECTION("append=True adds rows under the existing header") {
    auto again = std::make_shared<callbacks::CSVLogger>(dir / "log.csv", ",", true);
    model->fit(ones, ones, {.batch_size = 3, .epochs = 1, .verbose = 0, .callbacks = {again}, .validation_split = 0.25});
    CHECK(read_text(dir / "log.csv") == expected + "0,1.0,1.0,1.0,1.0\r\n");
  }
  SECTION("append=True on a missing file writes the header; append=False truncates") {
    auto fresh = std::make_shared<callbacks::CSVLogger>(dir / "new.csv", ";", true);
    model->fit(ones, ones, {.batch_size = 3, .epochs = 1, .verbose = 0, .callbacks = {fresh}});
    // Without validation Keras still adds the val_ columns, filled with NA.
    CHECK(read_text(dir / "new.csv") == "epoch;loss;mae;val_loss;val_mae\r\n0;1.0;1.0;NA;NA\r\n");
    auto overwrite = std::make_shared<callbacks::CSVLogger>(dir / "log.csv");
    model->fit(ones, ones, {.batch_size = 3, .epochs = 1, .verbose = 0, .callbacks = {overwrite}});
    CHECK(read_text(dir / "log.csv") == "epoch,loss,mae,val_loss,val_mae\r\n0,1.0,1.0,NA,NA\r\n");
  }
}

TEST_CASE("CSVLogger with validation_freq=2 keeps the val_ columns, NA on epochs without validation",
          "[callbacks][csv]") {
  TempDir dir;
  auto model = model_with_loss_one();
  Tensor ones = Tensor::ones({4, 1});
  auto csv = std::make_shared<callbacks::CSVLogger>(dir / "log.csv");
  model->fit(ones, ones,
             {.batch_size = 3, .epochs = 2, .verbose = 0, .callbacks = {csv}, .validation_split = 0.25,
              .validation_freq = 2});
  CHECK(read_text(dir / "log.csv") == "epoch,loss,mae,val_loss,val_mae\r\n0,1.0,1.0,NA,NA\r\n1,1.0,1.0,1.0,1.0\r\n");
}

TEST_CASE("TerminateOnNaN stops fit after the first batch with a NaN loss", "[callbacks][nan]") {
  auto model = model_with_loss_one();
  Tensor x = tensor({1, 1, 1, 1, std::nanf(""), 1, 1, 1}, {8, 1});
  Tensor y = Tensor::ones({8, 1});
  std::ostringstream out;
  auto nan = std::make_shared<callbacks::TerminateOnNaN>(&out);
  callbacks::History h = model->fit(x, y, {.batch_size = 2, .epochs = 5, .verbose = 0, .callbacks = {nan}, .shuffle = false});
  CHECK(out.str() == "Batch 2: Invalid loss, terminating training\n");
  CHECK(h.epoch.size() == 1);
  CHECK(std::isnan(h.history["loss"][0]));
}

TEST_CASE("TerminateOnNaN catches a loss that overflows to inf with a huge learning rate", "[callbacks][nan]") {
  auto model = std::make_shared<Sequential>(std::initializer_list<SequentialItem>{Input({1}), Dense(1)});
  model->compile({.optimizer = optimizers::SGD({.learning_rate = 1e30}), .loss = "mse"});
  Tensor x = Tensor::ones({16, 1});
  std::ostringstream out;
  auto nan = std::make_shared<callbacks::TerminateOnNaN>(&out);
  callbacks::History h = model->fit(x, x, {.batch_size = 1, .epochs = 3, .verbose = 0, .callbacks = {nan}});
  CHECK(out.str().starts_with("Batch "));
  CHECK(out.str().ends_with(": Invalid loss, terminating training\n"));
  CHECK(h.epoch.size() == 1);
}
