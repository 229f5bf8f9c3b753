// Matrix products.

#include "libkeras/ops/ops.h"
#include "libkeras/ops/op_support.h"

namespace keras::ops {

using detail::as_float;
using detail::backend_of;

Tensor matmul(const Tensor& a_in, const Tensor& b_in, bool ta, bool tb) {
  detail::check_same_device(a_in, b_in, "matmul");
  Tensor a = as_float(a_in), b = as_float(b_in);
  if (a.rank() != 2 || b.rank() != 2) {
    throw ShapeError("matmul expects 2-D tensors, received shapes " + a.shape().to_string() + " and " +
                     b.shape().to_string());
  }
  std::int64_t m = ta ? a.dim(1) : a.dim(0), k = ta ? a.dim(0) : a.dim(1);
  std::int64_t kb = tb ? b.dim(1) : b.dim(0), n = tb ? b.dim(0) : b.dim(1);
  if (k != kb) {
    throw ShapeError("matmul: inner dimensions differ: " + a.shape().to_string() + (ta ? "^T" : "") + " x " +
                     b.shape().to_string() + (tb ? "^T" : ""));
  }
  Tensor c(Shape{m, n}, float32, a.device());
  backend_of(a).matmul(a, ta, b, tb, c, 1.0f, 0.0f);
  if (autograd::should_record({a, b})) {
    autograd::record({a, b}, c, [a, b, ta, tb](const std::vector<Tensor>& g, const std::vector<bool>& needs) {
      std::vector<Tensor> grads(2);
      const Tensor& dc = g[0];
      if (needs[0]) {
        // C = op(A) op(B): dA = dC op(B)^T, or (dC op(B)^T)^T = op(B) dC^T when A is transposed.
        Tensor da(a.shape(), float32, a.device());
        if (!ta) {
          backend_of(a).matmul(dc, false, b, !tb, da, 1.0f, 0.0f);
        } else {
          backend_of(a).matmul(b, tb, dc, true, da, 1.0f, 0.0f);
        }
        grads[0] = da;
      }
      if (needs[1]) {
        Tensor db(b.shape(), float32, b.device());
        if (!tb) {
          backend_of(b).matmul(a, !ta, dc, false, db, 1.0f, 0.0f);
        } else {
          backend_of(b).matmul(dc, true, a, ta, db, 1.0f, 0.0f);
        }
        grads[1] = db;
      }
      return grads;
    });
  }
  return c;
}

}  // namespace keras::ops
