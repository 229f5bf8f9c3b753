#include "activations/activations.h"

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/registry.h"

namespace keras::activations {

Tensor linear(const Tensor& x) { return x; }
Tensor relu(const Tensor& x) { return ops::relu(x); }
Tensor relu6(const Tensor& x) { return ops::relu6(x); }
Tensor leaky_relu(const Tensor& x) { return ops::leaky_relu(x, 0.2f); }
Tensor elu(const Tensor& x) { return ops::elu(x, 1.0f); }
Tensor selu(const Tensor& x) { return ops::selu(x); }
Tensor sigmoid(const Tensor& x) { return ops::sigmoid(x); }
Tensor hard_sigmoid(const Tensor& x) { return ops::hard_sigmoid(x); }
Tensor hard_silu(const Tensor& x) { return ops::multiply(x, ops::hard_sigmoid(x)); }
Tensor tanh(const Tensor& x) { return ops::tanh(x); }
Tensor softplus(const Tensor& x) { return ops::softplus(x); }
Tensor softsign(const Tensor& x) { return ops::softsign(x); }
Tensor silu(const Tensor& x) { return ops::silu(x); }
Tensor gelu(const Tensor& x) { return ops::gelu(x, false); }
Tensor mish(const Tensor& x) { return ops::multiply(x, ops::tanh(ops::softplus(x))); }
Tensor exponential(const Tensor& x) { return ops::exp(x); }
Tensor softmax(const Tensor& x) { return ops::softmax(x, -1); }
Tensor log_softmax(const Tensor& x) { return ops::log_softmax(x, -1); }

namespace {

void register_builtin_activations(Registry<Function>& r) {
  r.add("linear", linear);
  r.add("relu", relu);
  r.add("relu6", relu6);
  r.add("leaky_relu", leaky_relu);
  r.add("elu", elu);
  r.add("selu", selu);
  r.add("sigmoid", sigmoid);
  r.add("hard_sigmoid", hard_sigmoid);
  r.add("hard_silu", hard_silu);
  r.add("hard_swish", hard_silu);
  r.add("tanh", tanh);
  r.add("softplus", softplus);
  r.add("softsign", softsign);
  r.add("silu", silu);
  r.add("swish", silu);
  r.add("gelu", gelu);
  r.add("mish", mish);
  r.add("exponential", exponential);
  r.add("softmax", softmax);
  r.add("log_softmax", log_softmax);
}

const Registry<Function>& registry() {
  static const Registry<Function> r = [] {
    Registry<Function> reg("activation");
    register_builtin_activations(reg);
    return reg;
  }();
  return r;
}

}  // namespace

Function get(const std::string& name) { return registry().get(name.empty() || name == "None" ? "linear" : name); }

std::vector<std::string> names() { return registry().names(); }

}  // namespace keras::activations
