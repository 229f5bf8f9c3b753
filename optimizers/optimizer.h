#pragma once
// keras.optimizers.Optimizer: the learning rate (constant or scheduled), gradient clipping,
// weight decay, gradient accumulation, the weights' moving average (EMA), the iteration counter
// and the per-variable slot variables; subclasses implement build() and update_step() with
// Keras 3's exact formulas (as fused backend kernels).

#include <concepts>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libkeras/model/variable.h"
#include "libkeras/serialization/json.h"
#include "optimizers/schedules/learning_rate_schedule.h"

namespace keras::optimizers {

/// Arguments every Keras optimizer accepts (besides learning_rate), with Keras' defaults.
struct CommonOptions {
  std::optional<double> weight_decay;
  std::optional<double> clipnorm;
  std::optional<double> clipvalue;
  std::optional<double> global_clipnorm;
  bool use_ema = false;
  double ema_momentum = 0.99;
  std::optional<int> ema_overwrite_frequency;
  std::optional<int> gradient_accumulation_steps;
  std::string name;
};

/// The common fields after weight_decay, in Keras' argument order (AdamW, whose weight_decay
/// is not optional, pastes only these).
#define KERAS_OPTIMIZER_FIELDS_AFTER_WEIGHT_DECAY                                                         \
  std::optional<double> clipnorm = {};                                                                    \
  std::optional<double> clipvalue = {};                                                                   \
  std::optional<double> global_clipnorm = {};                                                             \
  /** Keep an exponential moving average of the weights (finalize_variable_values() swaps it in). */      \
  bool use_ema = false;                                                                                   \
  double ema_momentum = 0.99;                                                                             \
  /** With use_ema: overwrite the weights with their average every this many updates. */                 \
  std::optional<int> ema_overwrite_frequency = {};                                                        \
  /** Apply the mean gradient of this many apply_gradients calls once per that many calls (>= 2). */     \
  std::optional<int> gradient_accumulation_steps = {};                                                    \
  std::string name = "";

/// Pastes CommonOptions' fields at the end of an optimizer's Options, so call sites stay flat:
/// Adam({.learning_rate = 3e-4, .clipnorm = 1.0}).
#define KERAS_OPTIMIZER_COMMON_FIELDS                                                                  \
  std::optional<double> weight_decay = {};                                                             \
  KERAS_OPTIMIZER_FIELDS_AFTER_WEIGHT_DECAY                                                            \
  optimizers::CommonOptions common() const {                                                           \
    return {weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,                 \
            ema_overwrite_frequency, gradient_accumulation_steps, name};                               \
  }

/// What an optimizer's learning_rate accepts: a float (kept as Keras' float32 learning_rate
/// variable, settable) or a schedule evaluated at every step:
/// SGD({.learning_rate = 0.1}), Adam({.learning_rate = schedules::ExponentialDecay(1e-3, 1000, 0.9)}).
class LearningRate {
 public:
  LearningRate(double value) : value_(value) {}
  template <class S>
    requires std::derived_from<S, schedules::LearningRateSchedule>
  LearningRate(S schedule) : schedule_(std::make_shared<S>(std::move(schedule))) {}
  /// ValueError when `schedule` is null.
  LearningRate(std::shared_ptr<const schedules::LearningRateSchedule> schedule);

  /// Null for a constant rate.
  const std::shared_ptr<const schedules::LearningRateSchedule>& schedule() const { return schedule_; }
  /// The constant rate; 0 with a schedule.
  double value() const { return value_; }

 private:
  double value_ = 0.0;
  std::shared_ptr<const schedules::LearningRateSchedule> schedule_;
};

class Optimizer {
 public:
  /// ValueError for a negative rate, several clip options, ema_momentum outside [0, 1],
  /// ema_overwrite_frequency < 1 or gradient_accumulation_steps < 2 (0 means off for both, as
  /// in Keras).
  Optimizer(const std::string& default_name, const LearningRate& learning_rate, const CommonOptions& common);
  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;
  Optimizer(Optimizer&&) = default;
  Optimizer& operator=(Optimizer&&) = default;

  virtual std::string class_name() const = 0;
  const std::string& name() const { return name_; }

  /// One apply call: accumulate (gradient_accumulation_steps), clip, decay weights, update
  /// every variable, update the EMA, apply constraints, count the call. Undefined gradients are
  /// skipped. The variable list must stay the same between calls.
  void apply_gradients(const std::vector<Tensor>& grads, const std::vector<Variable*>& variables);

  /// Keras' optimizer.iterations: updates applied, i.e. apply calls // gradient_accumulation_steps.
  std::int64_t iterations() const;
  /// Every apply_gradients call so far (Keras' optimizer._iterations): what schedules are
  /// evaluated at and what the saved state holds as "iteration".
  std::int64_t apply_count() const { return iterations_; }
  /// The rate of the next update: the float32 variable, or the schedule at apply_count().
  float learning_rate() const;
  /// Null when the rate is a constant.
  const std::shared_ptr<const schedules::LearningRateSchedule>& learning_rate_schedule() const { return schedule_; }
  /// Keras' learning_rate setter: a schedule replaces whatever drove the rate (and drops the
  /// learning_rate variable from variables()); a float into a schedule-driven optimizer throws
  /// ValueError (Keras: TypeError), as does a negative one.
  void set_learning_rate(const LearningRate& learning_rate);
  bool built() const { return built_; }

  /// Keras' exclude_from_weight_decay, before the first step: variables whose name() contains a
  /// match of any regular expression in `var_names` (e.g. {"bias", "gamma"}), and those in
  /// `var_list`, are not decayed. Each call replaces the previous exclusions. ValueError once
  /// built or for a bad expression.
  void exclude_from_weight_decay(const std::vector<std::string>& var_names,
                                 const std::vector<const Variable*>& var_list = {});
  /// With use_ema, overwrites `var_list` (the list the optimizer was built for) with its moving
  /// average; fit() calls it after the last epoch. A no-op without EMA or before the first step.
  void finalize_variable_values(const std::vector<Variable*>& var_list);

  /// Keras config: {"name", "learning_rate" (a number or a serialized schedule), "weight_decay",
  /// "clipnorm", ..., "gradient_accumulation_steps", ...subclass fields}.
  virtual Json get_config() const;
  /// State in Keras order: iteration, learning_rate (absent with a schedule, which Keras keeps
  /// as no variable), the EMA "average" slots, the "gradient_accumulator" slots, then the
  /// subclass' slot variables (each slot group interleaved per model variable).
  std::vector<Tensor> variables() const;
  /// Keras 3's names of variables(): "iteration", "learning_rate", then "<variable path with
  /// '/' as '_'>_<slot>" (e.g. "dense_kernel_momentum"); add_scalar() state by its own name.
  std::vector<std::string> variable_names() const;
  /// Creates the state for `variables` without taking a step (Keras' optimizer.build), so that
  /// saved state can be restored before training resumes. No-op when already built for them.
  void build_for(const std::vector<Variable*>& variables);
  /// Assigns a whole state in variables() order; the count and every shape must match
  /// (ValueError / ShapeError naming `source`); nothing is assigned when one does not.
  void assign_variables(const std::vector<Tensor>& values, const std::string& source);
  /// Element counts and bytes of variables(), for summary().
  std::int64_t count_params() const;
  double memory_bytes() const;

 protected:
  /// Creates slot groups with add_slots(); called once with the first variable list.
  virtual void build(const std::vector<Variable*>& variables) = 0;
  /// Runs once per applied update, after clipping and weight decay and before the
  /// update_step() calls, with iterations() not yet incremented (Keras' _backend_update_step
  /// override point; Nadam advances its u_product here).
  virtual void begin_step() {}
  /// Applies one clipped gradient to variable `index` of the list given to build().
  virtual void update_step(const Tensor& grad, Variable& variable, std::size_t index, float learning_rate) = 0;
  /// Zero-initialised slots named `names` for every variable (Keras add_optimizer_variables):
  /// result[k][i] is slot names[k] of variable i. Handles share memory with the stored state.
  std::vector<std::vector<Tensor>> add_slots(const std::vector<std::string>& names,
                                             const std::vector<Variable*>& variables);
  /// A float32 scalar of optimizer state tied to no model variable (Keras' plain
  /// backend.Variable attributes, e.g. Nadam's u_product). Keras tracks it when it is created,
  /// so variables() lists it at that point, after the slots added before it.
  Tensor add_scalar(const std::string& name, double initial_value);

 private:
  std::vector<Tensor> clip(const std::vector<Tensor>& grads) const;
  void apply_update(const std::vector<Tensor>& grads, const std::vector<Variable*>& variables, float learning_rate);
  void update_moving_average(const std::vector<Variable*>& variables);

  std::string name_;
  float learning_rate_;  // the learning_rate variable; unused with a schedule
  std::shared_ptr<const schedules::LearningRateSchedule> schedule_;
  CommonOptions common_;
  std::int64_t accumulation_steps_ = 0;  // 0: off
  std::int64_t iterations_ = 0;
  bool built_ = false;
  std::vector<const Variable*> built_for_;
  std::vector<const Variable*> weight_decay_excluded_;
  std::vector<std::string> weight_decay_excluded_names_;
  std::vector<bool> use_weight_decay_;  // per built variable
  std::vector<Tensor> averages_, accumulators_;
  // One entry per add_slots() call: slots[k][i] = slot k of variable i.
  std::vector<std::vector<std::vector<Tensor>>> slot_groups_;
  std::vector<std::vector<std::string>> slot_names_;  // per add_slots() call
  std::vector<bool> scalar_group_;                    // per group: made by add_scalar()
};

/// keras.optimizers.get: a new optimizer with default arguments from a name ("adam", "SGD",
/// ...; case-insensitive).
std::shared_ptr<Optimizer> get(const std::string& name);
/// From {"class_name": ..., "config": {...}} or a name.
std::shared_ptr<Optimizer> deserialize(const Json& config);
Json serialize(const Optimizer& optimizer);
std::vector<std::string> names();

}  // namespace keras::optimizers

namespace keras {

/// What compile(optimizer=...) accepts: a name or an optimizer object.
class OptimizerArg {
 public:
  OptimizerArg(const char* name) : ptr_(optimizers::get(name)) {}
  OptimizerArg(const std::string& name) : ptr_(optimizers::get(name)) {}
  OptimizerArg(std::shared_ptr<optimizers::Optimizer> ptr) : ptr_(std::move(ptr)) {}
  template <class O>
    requires std::derived_from<O, optimizers::Optimizer>
  OptimizerArg(O optimizer) : ptr_(std::make_shared<O>(std::move(optimizer))) {}

  const std::shared_ptr<optimizers::Optimizer>& get() const { return ptr_; }

 private:
  std::shared_ptr<optimizers::Optimizer> ptr_;
};

}  // namespace keras
