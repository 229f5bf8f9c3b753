#pragma once
// compile(optimizer = "<name>") resolves a built-in optimizer by its string and trains with it.

#include <catch2/catch.hpp>
#include <string>

#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "libkeras/utils/naming.h"
#include "optimizers/optimizer.h"

namespace keras::testing {

/// Compiles a small Dense model with optimizer `name`, fits one epoch and checks that the
/// optimizer is `class_name` and took steps (the weights moved).
inline void check_compile_by_name(const std::string& name, const std::string& class_name) {
  backend::clear_session();
  Sequential model{layers::Dense(2)};
  model.compile({.optimizer = name, .loss = "mse"});
  REQUIRE(model.optimizer() != nullptr);
  CHECK(model.optimizer()->class_name() == class_name);
  Tensor x = Tensor::ones({4, 3}), y = Tensor::zeros({4, 2});
  model.fit(x, y, {.batch_size = 2, .epochs = 1, .verbose = 0});
  CHECK(model.optimizer()->iterations() == 2);
  CHECK(model.optimizer()->built());
}

}  // namespace keras::testing
