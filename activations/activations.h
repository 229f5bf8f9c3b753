#pragma once
// keras.activations: element-wise functions by their Keras names.

#include <functional>
#include <string>
#include <vector>

#include "libkeras/tensor/tensor.h"

namespace keras::activations {

using Function = std::function<Tensor(const Tensor&)>;

Tensor linear(const Tensor& x);
Tensor relu(const Tensor& x);
Tensor relu6(const Tensor& x);
/// negative_slope 0.2, the function's Keras default (the LeakyReLU layer uses 0.3).
Tensor leaky_relu(const Tensor& x);
Tensor elu(const Tensor& x);
Tensor selu(const Tensor& x);
Tensor sigmoid(const Tensor& x);
Tensor hard_sigmoid(const Tensor& x);
Tensor hard_silu(const Tensor& x);
Tensor tanh(const Tensor& x);
Tensor softplus(const Tensor& x);
Tensor softsign(const Tensor& x);
Tensor silu(const Tensor& x);
Tensor gelu(const Tensor& x);
Tensor mish(const Tensor& x);
Tensor exponential(const Tensor& x);
Tensor softmax(const Tensor& x);
Tensor log_softmax(const Tensor& x);

/// The activation registered under `name` (Keras spelling; "swish" = "silu",
/// "hard_swish" = "hard_silu"); throws ValueError listing the valid names.
Function get(const std::string& name);
/// Every registered activation name.
std::vector<std::string> names();

}  // namespace keras::activations
