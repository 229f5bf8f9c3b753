#include "optimizers/optimizer.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>

#include "libkeras/autograd/tape.h"
#include "libkeras/backend/backend.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"

namespace keras::optimizers {

namespace {

Json optional_json(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }
Json optional_json(const std::optional<int>& v) { return v ? Json(*v) : Json(nullptr); }

// "1e+300", "nan", "-1.0" as Python prints them: std::to_string would print 1e300 as 300 digits.
std::string shortest(double v) { return schedules::detail::number_text(v, false); }

void check_learning_rate(const std::string& optimizer, double learning_rate) {
  if (!(learning_rate > 0.0) && learning_rate != 0.0) {
    throw ValueError("Optimizer " + optimizer + ": learning_rate must be non-negative, received " +
                     shortest(learning_rate));
  }
}

}  // namespace

LearningRate::LearningRate(std::shared_ptr<const schedules::LearningRateSchedule> schedule)
    : schedule_(std::move(schedule)) {
  if (!schedule_) throw ValueError("learning_rate: the schedule must not be null");
}

Optimizer::Optimizer(const std::string& default_name, const LearningRate& learning_rate, const CommonOptions& common)
    : name_(common.name.empty() ? default_name : common.name),
      learning_rate_(static_cast<float>(learning_rate.value())), schedule_(learning_rate.schedule()),
      common_(common), accumulation_steps_(common.gradient_accumulation_steps.value_or(0)) {
  int clip_options = (common.clipnorm ? 1 : 0) + (common.clipvalue ? 1 : 0) + (common.global_clipnorm ? 1 : 0);
  if (clip_options > 1) {
    throw ValueError("Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. Received: clipnorm=" +
                     optional_json(common.clipnorm).dump() + ", clipvalue=" + optional_json(common.clipvalue).dump() +
                     ", global_clipnorm=" + optional_json(common.global_clipnorm).dump());
  }
  if (!schedule_) check_learning_rate(name_, learning_rate.value());
  // Keras tests these with Python truthiness, so 0 switches the feature off instead of failing.
  if (accumulation_steps_ != 0 && accumulation_steps_ < 2) {
    throw ValueError("`gradient_accumulation_steps` must be an integer >= 2. Received: gradient_accumulation_steps=" +
                     std::to_string(accumulation_steps_));
  }
  if (common.use_ema) {
    if (!(common.ema_momentum >= 0.0 && common.ema_momentum <= 1.0)) {
      throw ValueError("`ema_momentum` must be in the range [0, 1]. Received: ema_momentum=" +
                       shortest(common.ema_momentum));
    }
    if (common.ema_overwrite_frequency.value_or(0) < 0) {
      throw ValueError("`ema_overwrite_frequency` must be an integer >= 1 or None. Received: "
                       "ema_overwrite_frequency=" + std::to_string(*common.ema_overwrite_frequency));
    }
  }
}

std::int64_t Optimizer::iterations() const {
  return accumulation_steps_ ? iterations_ / accumulation_steps_ : iterations_;
}

float Optimizer::learning_rate() const { return schedule_ ? (*schedule_)(iterations_) : learning_rate_; }

void Optimizer::set_learning_rate(const LearningRate& learning_rate) {
  if (learning_rate.schedule()) {
    schedule_ = learning_rate.schedule();
    return;
  }
  if (schedule_) {
    throw ValueError("This optimizer was created with a `LearningRateSchedule` object as its `learning_rate` "
                     "constructor argument, hence its learning rate is not settable. If you need the learning rate "
                     "to be settable, you should instantiate the optimizer with a float `learning_rate` argument.");
  }
  check_learning_rate(name_, learning_rate.value());
  learning_rate_ = static_cast<float>(learning_rate.value());
}

void Optimizer::exclude_from_weight_decay(const std::vector<std::string>& var_names,
                                          const std::vector<const Variable*>& var_list) {
  if (built_) {
    throw ValueError("`exclude_from_weight_decay()` can only be configured before the optimizer is built.");
  }
  for (const std::string& pattern : var_names) {
    try {
      std::regex{pattern};
    } catch (const std::regex_error& e) {
      throw ValueError("exclude_from_weight_decay: `var_names` entry '" + pattern +
                       "' is not a valid regular expression (" + e.what() + ")");
    }
  }
  weight_decay_excluded_ = var_list;
  weight_decay_excluded_names_ = var_names;
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
  // Keras evaluates the schedule once per call, at the count before this call.
  const float lr = learning_rate();
  if (!accumulation_steps_) {
    apply_update(grads, variables, lr);
  } else if ((iterations_ + 1) % accumulation_steps_ != 0) {
    for (std::size_t i = 0; i < grads.size(); ++i) {
      if (grads[i].defined()) accumulators_[i].assign(accumulators_[i] + grads[i]);
    }
  } else {
    std::vector<Tensor> mean = grads;
    const float steps = static_cast<float>(accumulation_steps_);
    for (std::size_t i = 0; i < mean.size(); ++i) {
      if (mean[i].defined()) mean[i] = (mean[i] + accumulators_[i]) / steps;
    }
    apply_update(mean, variables, lr);
    for (Tensor& acc : accumulators_) acc.assign(Tensor::zeros(acc.shape(), acc.dtype(), acc.device()));
  }
  // As Keras' _backend_apply_gradients: the average follows every call, accumulating or not.
  if (common_.use_ema) {
    update_moving_average(variables);
    const std::int64_t every = common_.ema_overwrite_frequency.value_or(0);
    if (every > 0 && (iterations() + 1) % every == 0) {
      for (std::size_t i = 0; i < variables.size(); ++i) variables[i]->assign(averages_[i]);
    }
  }
  for (Variable* v : variables) {
    if (v->constraint) v->assign((*v->constraint)(v->value()));
  }
  ++iterations_;
}

void Optimizer::apply_update(const std::vector<Tensor>& grads, const std::vector<Variable*>& variables, float lr) {
  std::vector<Tensor> clipped = clip(grads);
  if (common_.weight_decay) {
    // Decoupled decay before the update, as Keras' _apply_weight_decay: w - w * wd * lr.
    const float decay = static_cast<float>(*common_.weight_decay);
    for (std::size_t i = 0; i < variables.size(); ++i) {
      if (!clipped[i].defined() || !use_weight_decay_[i]) continue;
      Tensor& w = variables[i]->value();
      w.assign(w - w * decay * lr);
    }
  }
  begin_step();
  for (std::size_t i = 0; i < variables.size(); ++i) {
    if (clipped[i].defined()) update_step(clipped[i], *variables[i], i, lr);
  }
}

void Optimizer::update_moving_average(const std::vector<Variable*>& variables) {
  // The first update copies the weights: Keras zeroes the momentum while iterations == 0.
  const float momentum = iterations() != 0 ? static_cast<float>(common_.ema_momentum) : 0.0f;
  for (std::size_t i = 0; i < variables.size(); ++i) {
    Tensor& average = averages_[i];
    average.assign(average * momentum + variables[i]->value() * (1.0f - momentum));
  }
}

void Optimizer::finalize_variable_values(const std::vector<Variable*>& var_list) {
  if (!common_.use_ema || !built_) return;
  if (var_list.size() != averages_.size()) {
    throw ValueError("The length of model variables (" + std::to_string(var_list.size()) +
                     ") to override does not match the length of model variables stored in the optimizer (" +
                     std::to_string(averages_.size()) + "). Please check if the optimizer was called on your model.");
  }
  autograd::NoGradGuard no_grad;
  for (std::size_t i = 0; i < var_list.size(); ++i) var_list[i]->assign(averages_[i]);
}

Json Optimizer::get_config() const {
  return {{"name", name_},
          {"learning_rate", schedule_ ? schedules::serialize(*schedule_) : Json(static_cast<double>(learning_rate_))},
          {"weight_decay", optional_json(common_.weight_decay)},
          {"clipnorm", optional_json(common_.clipnorm)},
          {"global_clipnorm", optional_json(common_.global_clipnorm)},
          {"clipvalue", optional_json(common_.clipvalue)},
          {"use_ema", common_.use_ema},
          {"ema_momentum", common_.ema_momentum},
          {"ema_overwrite_frequency", optional_json(common_.ema_overwrite_frequency)},
          {"loss_scale_factor", nullptr},
          {"gradient_accumulation_steps", optional_json(common_.gradient_accumulation_steps)}};
}

void Optimizer::build_for(const std::vector<Variable*>& variables) {
  autograd::NoGradGuard no_grad;
  if (built_) {
    if (std::vector<const Variable*>(variables.begin(), variables.end()) != built_for_) {
      throw ValueError("Optimizer " + name_ + " was built for a different list of variables; create a new "
                       "optimizer (or recompile) after changing which weights are trainable");
    }
    return;
  }
  // Keras' BaseOptimizer.build runs first in every subclass' build: its slots lead.
  if (common_.use_ema) averages_ = add_slots({"average"}, variables)[0];
  if (accumulation_steps_) accumulators_ = add_slots({"gradient_accumulator"}, variables)[0];
  build(variables);
  std::string joined;
  for (const std::string& n : weight_decay_excluded_names_) joined += (joined.empty() ? "" : "|") + n;
  const std::regex pattern(joined);
  for (const Variable* v : variables) {
    const bool listed = std::find(weight_decay_excluded_.begin(), weight_decay_excluded_.end(), v) !=
                        weight_decay_excluded_.end();
    const bool named = !weight_decay_excluded_names_.empty() && std::regex_search(v->name(), pattern);
    use_weight_decay_.push_back(!listed && !named);
  }
  built_for_.assign(variables.begin(), variables.end());
  built_ = true;
}

}  // namespace keras::optimizers
