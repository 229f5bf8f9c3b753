#pragma once
// keras.regularizers: penalties added to the loss for a weight (kernel_regularizer=...) or a
// layer's output (activity_regularizer=...).

#include <concepts>
#include <memory>
#include <string>
#include <vector>

#include "libkeras/serialization/json.h"
#include "libkeras/tensor/tensor.h"

namespace keras {
class ConfigReader;
}

namespace keras::regularizers {

class Regularizer {
 public:
  virtual ~Regularizer() = default;
  /// The scalar penalty for `x` (differentiable: computed with ops::).
  virtual Tensor operator()(const Tensor& x) const = 0;
  virtual std::string class_name() const = 0;
  virtual Json get_config() const = 0;
};

/// l1 * sum(|x|) + l2 * sum(x^2).
class L1L2 : public Regularizer {
 public:
  explicit L1L2(double l1 = 0.0, double l2 = 0.0);
  Tensor operator()(const Tensor& x) const override;
  std::string class_name() const override { return "L1L2"; }
  Json get_config() const override;

 protected:
  double l1_, l2_;
};

/// l1 * sum(|x|), default l1 = 0.01.
class L1 final : public L1L2 {
 public:
  explicit L1(double l1 = 0.01) : L1L2(l1, 0.0) {}
  std::string class_name() const override { return "L1"; }
  Json get_config() const override;
};

/// l2 * sum(x^2), default l2 = 0.01.
class L2 final : public L1L2 {
 public:
  explicit L2(double l2 = 0.01) : L1L2(0.0, l2) {}
  std::string class_name() const override { return "L2"; }
  Json get_config() const override;
};

/// factor * 0.5 * mean |<u_i, u_j>| over pairs i < j of the L2-normalised rows (mode "rows") or
/// columns ("columns") of a rank-2 weight: pushes them towards orthogonality.
class OrthogonalRegularizer final : public Regularizer {
 public:
  explicit OrthogonalRegularizer(double factor = 0.01, const std::string& mode = "rows");
  Tensor operator()(const Tensor& x) const override;
  std::string class_name() const override { return "OrthogonalRegularizer"; }
  Json get_config() const override;

 private:
  double factor_;
  std::string mode_;
};

/// A regularizer from a Keras name: a class name or its snake case ("L2", "l2", "l1l2",
/// "orthogonal_regularizer"), each with its defaults; "l1_l2" is L1L2(0.01, 0.01) as
/// keras.regularizers.l1_l2() documents.
std::shared_ptr<Regularizer> get(const std::string& name);
/// From a name, null (none) or {"class_name": ..., "config": {...}}.
std::shared_ptr<Regularizer> deserialize(const Json& config);
/// Keras 3 serialised form, or null for none.
Json serialize(const Regularizer* regularizer);
/// deserialize() of a layer config's field (null or absent: none); errors name the layer and field.
std::shared_ptr<Regularizer> deserialize_field(const ConfigReader& config, const std::string& key);

}  // namespace keras::regularizers

namespace keras {

/// What a Keras `*_regularizer` argument accepts: nothing (the default), a name or an object.
class RegularizerArg {
 public:
  RegularizerArg() = default;
  RegularizerArg(std::nullptr_t) {}
  RegularizerArg(const char* name) : ptr_(regularizers::get(name)) {}
  RegularizerArg(const std::string& name) : ptr_(regularizers::get(name)) {}
  RegularizerArg(std::shared_ptr<regularizers::Regularizer> ptr) : ptr_(std::move(ptr)) {}
  template <class R>
    requires std::derived_from<R, regularizers::Regularizer>
  RegularizerArg(R r) : ptr_(std::make_shared<R>(std::move(r))) {}

  const std::shared_ptr<regularizers::Regularizer>& get() const { return ptr_; }
  explicit operator bool() const { return ptr_ != nullptr; }

 private:
  std::shared_ptr<regularizers::Regularizer> ptr_;
};

}  // namespace keras
