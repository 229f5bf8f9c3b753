#pragma once
// Checks shared by the conv-family layer tests: config keys in Keras' order, and weight /
// activity penalties (regularizers) as losses() reports them.

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "libkeras/model/layer.h"
#include "test/support/layer_harness.h"

namespace keras::testing {

/// The config's keys in order.
inline std::vector<std::string> config_keys(const Json& config) {
  std::vector<std::string> keys;
  for (const auto& item : config.items()) keys.push_back(item.key());
  return keys;
}

/// The base Layer keys every config starts with.
inline std::vector<std::string> with_base_keys(const std::vector<std::string>& keys) {
  std::vector<std::string> all{"name", "trainable", "dtype"};
  all.insert(all.end(), keys.begin(), keys.end());
  return all;
}

/// A weight penalty: factor * sum(|w|) (l1) or factor * sum(w^2).
struct Penalty {
  std::string weight;
  bool l1;
  double factor;
};

/// Calls `layer` on x and checks losses(): one term per penalty plus the activity term
/// activity_l2 * sum(y^2) / batch_size (Keras 3 divides activity penalties by the batch size).
inline void check_penalties(Layer& layer, const Tensor& x, const std::vector<Penalty>& penalties, double activity_l2) {
  layer.clear_losses();
  std::vector<double> y = forward(layer, x).to_vector<double>();
  double expected = 0.0;
  for (double v : y) expected += activity_l2 * v * v / static_cast<double>(x.shape()[0]);
  for (const Penalty& p : penalties) {
    const Variable* var = nullptr;
    for (const Variable* v : layer.weights()) {
      if (v->name() == p.weight) var = v;
    }
    REQUIRE(var != nullptr);
    CHECK(var->regularizer != nullptr);
    for (double w : var->value().to_vector<double>()) expected += p.factor * (p.l1 ? std::fabs(w) : w * w);
  }
  std::vector<Tensor> losses = layer.losses();
  CHECK(losses.size() == penalties.size() + 1);
  double total = 0.0;
  for (const Tensor& l : losses) total += l.item();
  CHECK(total == Approx(expected).epsilon(1e-5));
}

}  // namespace keras::testing
