#include "libkeras/model/variable.h"

#include "libkeras/utils/error.h"

namespace keras {

void Variable::assign(const Tensor& value) {
  if (value.shape() != value_.shape()) {
    throw ShapeError("Cannot assign a value of shape " + value.shape().to_string() + " to variable '" + path_ +
                     "' of shape " + value_.shape().to_string());
  }
  value_.assign(value);
}

}  // namespace keras
