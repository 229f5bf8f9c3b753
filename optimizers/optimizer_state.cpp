// Optimizer state as Keras stores it (variables(), their names, restoring them) and the
// optimizer's serialized form.

#include "optimizers/optimizer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "libkeras/utils/error.h"

namespace keras::optimizers {

namespace {

// "1e+300", "nan", "-1.0" as Python prints them: std::to_string would print 1e300 as 300 digits.
std::string shortest(double v) { return schedules::detail::number_text(v, false); }

}  // namespace

std::vector<Tensor> Optimizer::variables() const {
  std::vector<Tensor> out;
  if (!built_) return out;
  out.push_back(Tensor::full(Shape{}, static_cast<double>(iterations_), int64));
  // Keras creates no learning_rate variable for a schedule.
  if (!schedule_) out.push_back(Tensor::full(Shape{}, learning_rate_, float32));
  // Keras' add_optimizer_variables interleaves the slots of one call per model variable;
  // separate calls (e.g. Adam's velocity_hat) follow as their own groups.
  for (const auto& group : slot_groups_) {
    std::size_t count = group.empty() ? 0 : group[0].size();
    for (std::size_t i = 0; i < count; ++i) {
      for (const auto& slots : group) out.push_back(slots[i]);
    }
  }
  return out;
}

std::vector<std::string> Optimizer::variable_names() const {
  std::vector<std::string> out;
  if (!built_) return out;
  out = {"iteration"};
  if (!schedule_) out.push_back("learning_rate");
  for (std::size_t g = 0; g < slot_groups_.size(); ++g) {
    if (scalar_group_[g]) {
      out.push_back(slot_names_[g][0]);
      continue;
    }
    std::size_t count = slot_groups_[g].empty() ? 0 : slot_groups_[g][0].size();
    for (std::size_t i = 0; i < count; ++i) {
      std::string path = i < built_for_.size() ? built_for_[i]->path() : "variable_" + std::to_string(i);
      std::replace(path.begin(), path.end(), '/', '_');
      for (const std::string& slot : slot_names_[g]) out.push_back(path + "_" + slot);
    }
  }
  return out;
}

void Optimizer::assign_variables(const std::vector<Tensor>& values, const std::string& source) {
  std::vector<Tensor> current = variables();
  if (values.size() != current.size()) {
    throw ValueError(source + ": optimizer '" + name_ + "' has " + std::to_string(current.size()) +
                     " variables, but the saved state has " + std::to_string(values.size()));
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i].shape() != current[i].shape()) {
      throw ShapeError(source + ": optimizer '" + name_ + "' variable " + std::to_string(i) + " has shape " +
                       current[i].shape().to_string() + ", but the saved value has shape " +
                       values[i].shape().to_string());
    }
  }
  // The scalars come from a file: casting a float such as 1e300 or NaN to int64 is undefined,
  // and a NaN or negative rate would silently wreck training. Checked before anything changes.
  const Tensor iterations = values[0].to(kCpu);
  std::int64_t steps = 0;
  if (iterations.dtype() == float32 || iterations.dtype() == float64) {
    const double v = iterations.item();
    // 2^63 is exact as a double; every double below it converts to int64 exactly when integral.
    if (!std::isfinite(v) || v < 0.0 || v != std::floor(v) || v >= 9223372036854775808.0) {
      throw ValueError(source + ": optimizer '" + name_ + "' iteration count " + shortest(v) +
                       " is not a non-negative integer");
    }
    steps = static_cast<std::int64_t>(v);
  } else {
    steps = iterations.astype(int64).data<std::int64_t>()[0];
    if (steps < 0) {
      throw ValueError(source + ": optimizer '" + name_ + "' iteration count " + std::to_string(steps) +
                       " is negative");
    }
  }
  const std::size_t first_slot = schedule_ ? 1 : 2;
  const double rate = schedule_ ? 0.0 : values[1].to(kCpu).astype(float64).item();
  if (!std::isfinite(rate) || rate < 0.0 || rate > std::numeric_limits<float>::max()) {
    throw ValueError(source + ": optimizer '" + name_ + "' learning_rate " + shortest(rate) +
                     " is not a finite non-negative number");
  }
  iterations_ = steps;
  if (!schedule_) learning_rate_ = static_cast<float>(rate);
  // Slot handles share storage with the subclasses' own, so assigning in place updates both.
  for (std::size_t i = first_slot; i < values.size(); ++i) current[i].assign(values[i].astype(current[i].dtype()));
}

std::int64_t Optimizer::count_params() const {
  std::int64_t n = 0;
  for (const Tensor& t : variables()) n += t.size();
  return n;
}

double Optimizer::memory_bytes() const {
  double bytes = 0.0;
  for (const Tensor& t : variables()) bytes += static_cast<double>(t.nbytes());
  return bytes;
}

Json serialize(const Optimizer& optimizer) {
  return {{"module", "keras.optimizers"},
          {"class_name", optimizer.class_name()},
          {"config", optimizer.get_config()},
          {"registered_name", nullptr}};
}

}  // namespace keras::optimizers
