// Arithmetic and math ops with broadcasting, and the Tensor operators built on them.

#include "libkeras/ops/ops.h"
#include "libkeras/ops/op_support.h"

namespace keras::ops {

using detail::as_float;
using detail::backend_of;

namespace {

Tensor binary(BinaryOp op, const Tensor& a_in, const Tensor& b_in, const char* name, bool differentiable = true) {
  detail::check_same_device(a_in, b_in, name);
  Tensor a = as_float(a_in), b = as_float(b_in);
  Tensor out(broadcast_shapes(a.shape(), b.shape()), float32, a.device());
  backend_of(a).binary(op, a, b, out);
  if (differentiable && autograd::should_record({a, b})) {
    autograd::record({a, b}, out, [op, a, b](const std::vector<Tensor>& g, const std::vector<bool>& needs) {
      std::vector<Tensor> grads(2);
      for (int i = 0; i < 2; ++i) {
        if (!needs[static_cast<std::size_t>(i)]) continue;
        const Tensor& input = i == 0 ? a : b;
        // d(a+b)/da with equal shapes is the incoming gradient itself: no copy needed.
        if (op == BinaryOp::add && input.shape() == g[0].shape()) {
          grads[static_cast<std::size_t>(i)] = g[0];
          continue;
        }
        Tensor grad = detail::empty_like(input);
        backend_of(input).binary_backward(op, i, a, b, g[0], grad);
        grads[static_cast<std::size_t>(i)] = grad;
      }
      return grads;
    });
  }
  return out;
}

Tensor unary(UnaryOp op, const Tensor& x_in, UnaryParams params = {}) {
  Tensor x = as_float(x_in);
  Tensor y = detail::empty_like(x);
  backend_of(x).unary(op, x, y, params);
  if (autograd::should_record({x})) {
    autograd::record({x}, y, [op, x, y, params](const std::vector<Tensor>& g, const std::vector<bool>&) {
      Tensor dx = detail::empty_like(x);
      backend_of(x).unary_backward(op, x, y, g[0], dx, params);
      return std::vector<Tensor>{dx};
    });
  }
  return y;
}

}  // namespace

Tensor add(const Tensor& a, const Tensor& b) { return binary(BinaryOp::add, a, b, "add"); }
Tensor subtract(const Tensor& a, const Tensor& b) { return binary(BinaryOp::sub, a, b, "subtract"); }
Tensor multiply(const Tensor& a, const Tensor& b) { return binary(BinaryOp::mul, a, b, "multiply"); }
Tensor divide(const Tensor& a, const Tensor& b) { return binary(BinaryOp::div, a, b, "divide"); }
Tensor maximum(const Tensor& a, const Tensor& b) { return binary(BinaryOp::maximum, a, b, "maximum"); }
Tensor minimum(const Tensor& a, const Tensor& b) { return binary(BinaryOp::minimum, a, b, "minimum"); }
Tensor power(const Tensor& a, const Tensor& b) { return binary(BinaryOp::pow, a, b, "power"); }
Tensor equal(const Tensor& a, const Tensor& b) { return binary(BinaryOp::equal, a, b, "equal", false); }
Tensor greater(const Tensor& a, const Tensor& b) { return binary(BinaryOp::greater, a, b, "greater", false); }
Tensor less(const Tensor& a, const Tensor& b) { return binary(BinaryOp::less, a, b, "less", false); }

Tensor negative(const Tensor& x) { return unary(UnaryOp::neg, x); }
Tensor abs(const Tensor& x) { return unary(UnaryOp::abs, x); }
Tensor square(const Tensor& x) { return unary(UnaryOp::square, x); }
Tensor sqrt(const Tensor& x) { return unary(UnaryOp::sqrt, x); }
Tensor exp(const Tensor& x) { return unary(UnaryOp::exp, x); }
Tensor log(const Tensor& x) { return unary(UnaryOp::log, x); }
Tensor sign(const Tensor& x) { return unary(UnaryOp::sign, x); }
Tensor clip(const Tensor& x, float lo, float hi) {
  if (lo > hi) throw ValueError("clip: min_value " + std::to_string(lo) + " is above max_value " + std::to_string(hi));
  return unary(UnaryOp::clip, x, {lo, hi});
}

Tensor relu(const Tensor& x) { return unary(UnaryOp::relu, x); }
Tensor relu6(const Tensor& x) { return unary(UnaryOp::relu6, x); }
Tensor leaky_relu(const Tensor& x, float slope) { return unary(UnaryOp::leaky_relu, x, {slope, 0.0f}); }
Tensor elu(const Tensor& x, float alpha) { return unary(UnaryOp::elu, x, {alpha, 0.0f}); }
Tensor selu(const Tensor& x) { return unary(UnaryOp::selu, x); }
Tensor sigmoid(const Tensor& x) { return unary(UnaryOp::sigmoid, x); }
Tensor hard_sigmoid(const Tensor& x) { return unary(UnaryOp::hard_sigmoid, x); }
Tensor tanh(const Tensor& x) { return unary(UnaryOp::tanh, x); }
Tensor softplus(const Tensor& x) { return unary(UnaryOp::softplus, x); }
Tensor softsign(const Tensor& x) { return unary(UnaryOp::softsign, x); }
Tensor silu(const Tensor& x) { return unary(UnaryOp::silu, x); }
Tensor gelu(const Tensor& x, bool approximate) { return unary(approximate ? UnaryOp::gelu_tanh : UnaryOp::gelu, x); }

}  // namespace keras::ops

namespace keras {

Tensor operator+(const Tensor& a, const Tensor& b) { return ops::add(a, b); }
Tensor operator-(const Tensor& a, const Tensor& b) { return ops::subtract(a, b); }
Tensor operator*(const Tensor& a, const Tensor& b) { return ops::multiply(a, b); }
Tensor operator/(const Tensor& a, const Tensor& b) { return ops::divide(a, b); }
Tensor operator+(const Tensor& a, float b) { return ops::add(a, Tensor::scalar(b, a.device())); }
Tensor operator-(const Tensor& a, float b) { return ops::subtract(a, Tensor::scalar(b, a.device())); }
Tensor operator*(const Tensor& a, float b) { return ops::multiply(a, Tensor::scalar(b, a.device())); }
Tensor operator/(const Tensor& a, float b) { return ops::divide(a, Tensor::scalar(b, a.device())); }
Tensor operator+(float a, const Tensor& b) { return ops::add(Tensor::scalar(a, b.device()), b); }
Tensor operator-(float a, const Tensor& b) { return ops::subtract(Tensor::scalar(a, b.device()), b); }
Tensor operator*(float a, const Tensor& b) { return ops::multiply(Tensor::scalar(a, b.device()), b); }
Tensor operator/(float a, const Tensor& b) { return ops::divide(Tensor::scalar(a, b.device()), b); }
Tensor operator-(const Tensor& a) { return ops::negative(a); }

}  // namespace keras
