#pragma once
// keras.initializers: weight initialisers with Keras' formulas, names, defaults and configs.
// Values are generated on the host with libkeras' portable generator (so a seed gives the
// same weights on every machine; they differ from TensorFlow's streams for the same seed).

#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libkeras/serialization/json.h"
#include "libkeras/tensor/tensor.h"

namespace keras::initializers {

class Initializer {
 public:
  virtual ~Initializer() = default;
  /// A new float32 host tensor of `shape`.
  virtual Tensor operator()(const Shape& shape) const = 0;
  virtual std::string class_name() const = 0;
  virtual Json get_config() const;
};

class Zeros : public Initializer {
 public:
  Tensor operator()(const Shape& shape) const override;
  std::string class_name() const override { return "Zeros"; }
};

class Ones : public Initializer {
 public:
  Tensor operator()(const Shape& shape) const override;
  std::string class_name() const override { return "Ones"; }
};

class Constant : public Initializer {
 public:
  explicit Constant(double value = 0.0) : value_(value) {}
  Tensor operator()(const Shape& shape) const override;
  std::string class_name() const override { return "Constant"; }
  Json get_config() const override;

 private:
  double value_;
};

/// Base of the seeded initialisers: an unset seed draws one from the global generator
/// (keras::utils::set_random_seed) when the initialiser is created.
class RandomInitializer : public Initializer {
 public:
  explicit RandomInitializer(std::optional<std::uint64_t> seed);
  Json get_config() const override;

 protected:
  std::uint64_t seed_;
  std::optional<std::uint64_t> user_seed_;
};

class RandomUniform : public RandomInitializer {
 public:
  explicit RandomUniform(double minval = -0.05, double maxval = 0.05, std::optional<std::uint64_t> seed = {});
  Tensor operator()(const Shape& shape) const override;
  std::string class_name() const override { return "RandomUniform"; }
  Json get_config() const override;

 private:
  double minval_, maxval_;
};

class RandomNormal : public RandomInitializer {
 public:
  explicit RandomNormal(double mean = 0.0, double stddev = 0.05, std::optional<std::uint64_t> seed = {});
  Tensor operator()(const Shape& shape) const override;
  std::string class_name() const override { return "RandomNormal"; }
  Json get_config() const override;

 private:
  double mean_, stddev_;
};

class TruncatedNormal : public RandomInitializer {
 public:
  explicit TruncatedNormal(double mean = 0.0, double stddev = 0.05, std::optional<std::uint64_t> seed = {});
  Tensor operator()(const Shape& shape) const override;
  std::string class_name() const override { return "TruncatedNormal"; }
  Json get_config() const override;

 private:
  double mean_, stddev_;
};

/// Keras VarianceScaling: scale / fan (fan_in, fan_out or their mean), sampled from a
/// truncated normal (stddev corrected by 0.8796...), an untruncated normal or a uniform.
class VarianceScaling : public RandomInitializer {
 public:
  explicit VarianceScaling(double scale = 1.0, std::string mode = "fan_in",
                           std::string distribution = "truncated_normal", std::optional<std::uint64_t> seed = {});
  Tensor operator()(const Shape& shape) const override;
  std::string class_name() const override { return "VarianceScaling"; }
  Json get_config() const override;

 protected:
  double scale_;
  std::string mode_, distribution_;
};

/// The named VarianceScaling presets keep their own class names and seed-only configs.
#define KERAS_VARIANCE_SCALING_PRESET(Name)                   \
  class Name : public VarianceScaling {                       \
   public:                                                    \
    explicit Name(std::optional<std::uint64_t> seed = {});    \
    std::string class_name() const override { return #Name; } \
    Json get_config() const override;                         \
  };
KERAS_VARIANCE_SCALING_PRESET(GlorotUniform)
KERAS_VARIANCE_SCALING_PRESET(GlorotNormal)
KERAS_VARIANCE_SCALING_PRESET(HeUniform)
KERAS_VARIANCE_SCALING_PRESET(HeNormal)
KERAS_VARIANCE_SCALING_PRESET(LecunUniform)
KERAS_VARIANCE_SCALING_PRESET(LecunNormal)
#undef KERAS_VARIANCE_SCALING_PRESET

/// Orthogonal matrix from the QR decomposition of a normal sample (LAPACK sgeqrf/sorgqr).
class Orthogonal : public RandomInitializer {
 public:
  explicit Orthogonal(double gain = 1.0, std::optional<std::uint64_t> seed = {});
  Tensor operator()(const Shape& shape) const override;
  std::string class_name() const override { return "Orthogonal"; }
  Json get_config() const override;

 private:
  double gain_;
};

/// gain * identity; 2-D shapes only.
class Identity : public Initializer {
 public:
  explicit Identity(double gain = 1.0) : gain_(gain) {}
  Tensor operator()(const Shape& shape) const override;
  std::string class_name() const override { return "Identity"; }
  Json get_config() const override;

 private:
  double gain_;
};

/// (fan_in, fan_out) as Keras computes them for a weight shape.
std::pair<double, double> compute_fans(const Shape& shape);

/// Creates an initialiser from a Keras name ("glorot_uniform", "GlorotUniform", "zeros", ...).
std::shared_ptr<Initializer> get(const std::string& name);
/// From a Keras config: a name string or {"class_name": ..., "config": {...}}.
std::shared_ptr<Initializer> deserialize(const Json& config);
/// Keras 3 serialised form {"module", "class_name", "config", "registered_name"}.
Json serialize(const Initializer& initializer);
std::vector<std::string> names();

}  // namespace keras::initializers

namespace keras {

/// What a Keras `*_initializer` argument accepts: a name or an initializer object.
class InitializerArg {
 public:
  InitializerArg(const char* name) : ptr_(initializers::get(name)) {}
  InitializerArg(const std::string& name) : ptr_(initializers::get(name)) {}
  InitializerArg(std::shared_ptr<initializers::Initializer> ptr) : ptr_(std::move(ptr)) {}
  template <class I>
    requires std::derived_from<I, initializers::Initializer>
  InitializerArg(I initializer) : ptr_(std::make_shared<I>(std::move(initializer))) {}

  const initializers::Initializer& operator*() const { return *ptr_; }
  const initializers::Initializer* operator->() const { return ptr_.get(); }

 private:
  std::shared_ptr<initializers::Initializer> ptr_;
};

}  // namespace keras
