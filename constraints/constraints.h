#pragma once
// keras.constraints: projections applied to a weight after each optimizer update
// (kernel_constraint=...). Norms are taken over `axis` (Keras default 0: per output unit of a
// Dense kernel); an empty axis list is Keras' axis=None, the norm of the whole tensor.

#include <concepts>
#include <memory>
#include <string>
#include <vector>

#include "libkeras/serialization/json.h"
#include "libkeras/tensor/tensor.h"

namespace keras {
class ConfigReader;
}

namespace keras::constraints {

class Constraint {
 public:
  virtual ~Constraint() = default;
  /// The projected weight.
  virtual Tensor operator()(const Tensor& w) const = 0;
  virtual std::string class_name() const = 0;
  virtual Json get_config() const = 0;
};

/// Rescales to norm <= max_value.
class MaxNorm final : public Constraint {
 public:
  explicit MaxNorm(double max_value = 2.0, std::vector<int> axis = {0});
  Tensor operator()(const Tensor& w) const override;
  std::string class_name() const override { return "MaxNorm"; }
  Json get_config() const override;

 private:
  double max_value_;
  std::vector<int> axis_;
};

/// Sets negative weights to 0.
class NonNeg final : public Constraint {
 public:
  Tensor operator()(const Tensor& w) const override;
  std::string class_name() const override { return "NonNeg"; }
  Json get_config() const override;
};

/// Rescales to unit norm.
class UnitNorm final : public Constraint {
 public:
  explicit UnitNorm(std::vector<int> axis = {0});
  Tensor operator()(const Tensor& w) const override;
  std::string class_name() const override { return "UnitNorm"; }
  Json get_config() const override;

 private:
  std::vector<int> axis_;
};

/// Moves the norm towards [min_value, max_value] by `rate` (1 = clip exactly).
class MinMaxNorm final : public Constraint {
 public:
  explicit MinMaxNorm(double min_value = 0.0, double max_value = 1.0, double rate = 1.0, std::vector<int> axis = {0});
  Tensor operator()(const Tensor& w) const override;
  std::string class_name() const override { return "MinMaxNorm"; }
  Json get_config() const override;

 private:
  double min_value_, max_value_, rate_;
  std::vector<int> axis_;
};

std::shared_ptr<Constraint> get(const std::string& name);
std::shared_ptr<Constraint> deserialize(const Json& config);
Json serialize(const Constraint* constraint);
/// deserialize() of a layer config's field (null or absent: none); errors name the layer and field.
std::shared_ptr<Constraint> deserialize_field(const ConfigReader& config, const std::string& key);

}  // namespace keras::constraints

namespace keras {

/// What a Keras `*_constraint` argument accepts: nothing (the default), a name or an object.
class ConstraintArg {
 public:
  ConstraintArg() = default;
  ConstraintArg(std::nullptr_t) {}
  ConstraintArg(const char* name) : ptr_(constraints::get(name)) {}
  ConstraintArg(const std::string& name) : ptr_(constraints::get(name)) {}
  ConstraintArg(std::shared_ptr<constraints::Constraint> ptr) : ptr_(std::move(ptr)) {}
  template <class C>
    requires std::derived_from<C, constraints::Constraint>
  ConstraintArg(C c) : ptr_(std::make_shared<C>(std::move(c))) {}

  const std::shared_ptr<constraints::Constraint>& get() const { return ptr_; }
  explicit operator bool() const { return ptr_ != nullptr; }

 private:
  std::shared_ptr<constraints::Constraint> ptr_;
};

}  // namespace keras
