#include "optimizers/optimizer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>

#include "libkeras/autograd/tape.h"
#include "libkeras/backend/backend.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/naming.h"

namespace keras::optimizers {

namespace {

Json optional_json(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

}  // namespace

Optimizer::Optimizer(const std::string& default_name, double learning_rate, const CommonOptions& common)
    : name_(common.name.empty() ? default_name : common.name), learning_rate_(static_cast<float>(learning_rate)),
      common_(common) {
  int clip_options = (common.clipnorm ? 1 : 0) + (common.clipvalue ? 1 : 0) + (common.global_clipnorm ? 1 : 0);
  if (clip_options > 1) {
    throw ValueError("Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. Received: clipnorm=" +
                     optional_json(common.clipnorm).dump() + ", clipvalue=" + optional_json(common.clipvalue).dump() +
                     ", global_clipnorm=" + optional_json(common.global_clipnorm).dump());
  }
  if (!(learning_rate > 0.0) && learning_rate != 0.0) {
    throw ValueError("Optimizer " + name_ + ": learning_rate must be non-negative, received " +
                     std::to_string(learning_rate));
  }
}

std::vector<std::vector<Tensor>> Optimizer::add_slots(const std::vector<std::string>& names,
                                                     const std::vector<Variable*>& variables) {
  std::vector<std::vector<Tensor>> group(names.size());
  for (auto& slots : group) {
    for (const Variable* v : variables) slots.push_back(Tensor::zeros(v->shape(), float32, v->value().device()));
  }
  slot_groups_.push_back(group);
  slot_names_.push_back(names);
  scalar_group_.push_back(false);
  return group;
}

Tensor Optimizer::add_scalar(const std::string& name, double initial_value) {
  // A one-slot group with a single "variable": variables() emits it once, in creation order.
  Tensor value = Tensor::full(Shape{}, initial_value, float32);
  slot_groups_.push_back({{value}});
  slot_names_.push_back({name});
  scalar_group_.push_back(true);
  return value;
}

std::vector<Tensor> Optimizer::clip(const std::vector<Tensor>& grads) const {
  std::vector<Tensor> out = grads;
  if (common_.clipvalue) {
    float c = static_cast<float>(*common_.clipvalue);
    for (Tensor& g : out) {
      if (g.defined()) g = ops::clip(g, -c, c);
    }
  } else if (common_.clipnorm) {
    // keras clip_by_norm: g * clipnorm / max(||g||, clipnorm).
    double c = *common_.clipnorm;
    for (Tensor& g : out) {
      if (!g.defined()) continue;
      double norm = std::sqrt(backend_for(g.device()).sum_squares(g));
      if (norm > c) g = g * static_cast<float>(c / norm);
    }
  } else if (common_.global_clipnorm) {
    double c = *common_.global_clipnorm, total = 0.0;
    for (const Tensor& g : out) {
      if (g.defined()) total += backend_for(g.device()).sum_squares(g);
    }
    double norm = std::sqrt(total);
    // scale = c * min(1/norm, 1/c); a non-finite norm propagates as NaN, as in Keras.
    double scale = std::isfinite(norm) ? c * std::min(1.0 / norm, 1.0 / c) : std::nan("");
    if (scale != 1.0) {
      for (Tensor& g : out) {
        if (g.defined()) g = g * static_cast<float>(scale);
      }
    }
  }
  return out;
}

void Optimizer::apply_gradients(const std::vector<Tensor>& grads, const std::vector<Variable*>& variables) {
  if (grads.size() != variables.size()) {
    throw ValueError("Optimizer " + name_ + ": received " + std::to_string(grads.size()) + " gradients for " +
                     std::to_string(variables.size()) + " variables");
  }
  autograd::NoGradGuard no_grad;
  build_for(variables);
  for (std::size_t i = 0; i < grads.size(); ++i) {
    if (grads[i].defined() && grads[i].shape() != variables[i]->shape()) {
      throw ShapeError("Optimizer " + name_ + ": gradient of shape " + grads[i].shape().to_string() +
                       " does not match variable '" + variables[i]->path() + "' of shape " +
                       variables[i]->shape().to_string());
    }
  }
  std::vector<Tensor> clipped = clip(grads);
  if (common_.weight_decay) {
    float decay = static_cast<float>(*common_.weight_decay) * learning_rate_;
    for (std::size_t i = 0; i < variables.size(); ++i) {
      if (!clipped[i].defined()) continue;
      Tensor& w = variables[i]->value();
      w.assign(w - w * decay);
    }
  }
  begin_step();
  for (std::size_t i = 0; i < variables.size(); ++i) {
    if (clipped[i].defined()) update_step(clipped[i], *variables[i], i, learning_rate_);
  }
  // Keras applies each variable's constraint right after the update.
  for (Variable* v : variables) {
    if (v->constraint) v->assign((*v->constraint)(v->value()));
  }
  ++iterations_;
}

Json Optimizer::get_config() const {
  return {{"name", name_},
          {"learning_rate", static_cast<double>(learning_rate_)},
          {"weight_decay", optional_json(common_.weight_decay)},
          {"clipnorm", optional_json(common_.clipnorm)},
          {"global_clipnorm", optional_json(common_.global_clipnorm)},
          {"clipvalue", optional_json(common_.clipvalue)},
          {"use_ema", false},
          {"ema_momentum", 0.99},
          {"ema_overwrite_frequency", nullptr},
          {"loss_scale_factor", nullptr},
          {"gradient_accumulation_steps", nullptr}};
}

std::vector<Tensor> Optimizer::variables() const {
  std::vector<Tensor> out;
  if (!built_) return out;
  out.push_back(Tensor::full(Shape{}, static_cast<double>(iterations_), int64));
  out.push_back(Tensor::full(Shape{}, learning_rate_, float32));
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

void Optimizer::build_for(const std::vector<Variable*>& variables) {
  autograd::NoGradGuard no_grad;
  if (!built_) {
    build(variables);
    built_for_.assign(variables.begin(), variables.end());
    built_ = true;
  } else if (std::vector<const Variable*>(variables.begin(), variables.end()) != built_for_) {
    throw ValueError("Optimizer " + name_ + " was built for a different list of variables; create a new optimizer "
                     "(or recompile) after changing which weights are trainable");
  }
}

std::vector<std::string> Optimizer::variable_names() const {
  std::vector<std::string> out;
  if (!built_) return out;
  out = {"iteration", "learning_rate"};
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

namespace {

// "1e+300", "nan", "-1": std::to_string would print 1e300 as 300 digits.
std::string shortest(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.9g", v);
  return buffer;
}

}  // namespace

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
  // Both scalars come from a file: casting a float such as 1e300 or NaN to int64 is undefined,
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
  const double rate = values[1].to(kCpu).astype(float64).item();
  if (!std::isfinite(rate) || rate < 0.0 || rate > std::numeric_limits<float>::max()) {
    throw ValueError(source + ": optimizer '" + name_ + "' learning_rate " + shortest(rate) +
                     " is not a finite non-negative number");
  }
  iterations_ = steps;
  learning_rate_ = static_cast<float>(rate);
  // Slot handles share storage with the subclasses' own, so assigning in place updates both.
  for (std::size_t i = 2; i < values.size(); ++i) current[i].assign(values[i].astype(current[i].dtype()));
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
