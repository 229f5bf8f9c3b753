#pragma once
// keras.optimizers.Optimizer: gradient clipping, weight decay, the iteration counter and the
// per-variable slot variables; subclasses implement build() and update_step() with Keras 3's
// exact formulas (as fused backend kernels).

#include <concepts>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libkeras/model/variable.h"
#include "libkeras/serialization/json.h"

namespace keras::optimizers {

/// Arguments every Keras optimizer accepts (besides learning_rate).
struct CommonOptions {
  std::optional<double> weight_decay;
  std::optional<double> clipnorm;
  std::optional<double> clipvalue;
  std::optional<double> global_clipnorm;
  std::string name;
};

/// Pastes CommonOptions' fields at the end of an optimizer's Options, so call sites stay flat:
/// Adam({.learning_rate = 3e-4, .clipnorm = 1.0}).
#define KERAS_OPTIMIZER_COMMON_FIELDS           \
  std::optional<double> weight_decay = {};      \
  std::optional<double> clipnorm = {};          \
  std::optional<double> clipvalue = {};         \
  std::optional<double> global_clipnorm = {};   \
  std::string name = "";                        \
  optimizers::CommonOptions common() const {    \
    return {weight_decay, clipnorm, clipvalue, global_clipnorm, name}; \
  }

class Optimizer {
 public:
  Optimizer(const std::string& default_name, double learning_rate, const CommonOptions& common);
  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;
  Optimizer(Optimizer&&) = default;
  Optimizer& operator=(Optimizer&&) = default;

  virtual std::string class_name() const = 0;
  const std::string& name() const { return name_; }

  /// One optimisation step: clip, decay weights, update every variable, iterations += 1.
  /// Undefined gradients are skipped. The variable list must stay the same between calls.
  void apply_gradients(const std::vector<Tensor>& grads, const std::vector<Variable*>& variables);

  std::int64_t iterations() const { return iterations_; }
  /// Stored as float32, as Keras' learning_rate variable.
  float learning_rate() const { return learning_rate_; }
  void set_learning_rate(double lr) { learning_rate_ = static_cast<float>(lr); }
  bool built() const { return built_; }

  /// Keras config: {"name", "learning_rate", "weight_decay", "clipnorm", ...subclass fields}.
  virtual Json get_config() const;
  /// State in Keras order: iterations, learning_rate, then slot variables (each slot group
  /// interleaved per model variable).
  std::vector<Tensor> variables() const;
  /// Keras 3's names of variables(): "iteration", "learning_rate", then "<variable path with
  /// '/' as '_'>_<slot>" (e.g. "dense_kernel_momentum"); add_scalar() state by its own name.
  std::vector<std::string> variable_names() const;
  /// Creates the state for `variables` without taking a step (Keras' optimizer.build), so that
  /// saved state can be restored before training resumes. No-op when already built for them.
  void build_for(const std::vector<Variable*>& variables);
  /// Assigns a whole state in variables() order (iterations, learning_rate, slots); the count
  /// and every shape must match (ValueError / ShapeError naming `source`); nothing is assigned
  /// when one does not.
  void assign_variables(const std::vector<Tensor>& values, const std::string& source);
  /// Element counts and bytes of variables(), for summary().
  std::int64_t count_params() const;
  double memory_bytes() const;

 protected:
  /// Creates slot groups with add_slots(); called once with the first variable list.
  virtual void build(const std::vector<Variable*>& variables) = 0;
  /// Runs once per apply_gradients, after clipping and weight decay and before the
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

  std::string name_;
  float learning_rate_;
  CommonOptions common_;
  std::int64_t iterations_ = 0;
  bool built_ = false;
  std::vector<const Variable*> built_for_;
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
