#pragma once
// A layer weight: a named tensor that optimizers update in place.

#include <memory>
#include <string>

#include "constraints/constraints.h"
#include "regularizers/regularizers.h"
#include "libkeras/tensor/tensor.h"

namespace keras {

class Variable {
 public:
  /// `path` is "<layer name>/<weight name>", as Keras' variable.path.
  Variable(std::string name, std::string path, Tensor value, bool trainable)
      : name_(std::move(name)), path_(std::move(path)), value_(std::move(value)), trainable_(trainable) {}

  const std::string& name() const { return name_; }
  const std::string& path() const { return path_; }
  const Tensor& value() const { return value_; }
  Tensor& value() { return value_; }
  const Shape& shape() const { return value_.shape(); }
  bool trainable() const { return trainable_; }

  /// Copies `value` in (same shape; ShapeError naming this variable otherwise).
  void assign(const Tensor& value);

  /// Penalty added to the loss (kernel_regularizer=...), or null.
  std::shared_ptr<regularizers::Regularizer> regularizer;
  /// Projection applied after each optimizer update (kernel_constraint=...), or null.
  std::shared_ptr<constraints::Constraint> constraint;

 private:
  std::string name_, path_;
  Tensor value_;
  bool trainable_;
};

}  // namespace keras
