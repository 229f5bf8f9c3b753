// Fused batch and layer normalization: one kernel forward, one kernel backward, recorded on the
// tape as a single op (cheaper than the dozen elementwise ops of the composed formula).

#include <algorithm>

#include "libkeras/ops/op_support.h"
#include "libkeras/ops/ops.h"

namespace keras::ops {

using detail::as_float;
using detail::backend_of;

namespace {

// x viewed as (outer, channels, inner) around `axis`.
Shape channel_view(const Shape& s, int axis) {
  std::int64_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= s[d];
  for (int d = axis + 1; d < s.rank(); ++d) inner *= s[d];
  return Shape{outer, s[axis], inner};
}

// A per-channel vector argument: undefined stays undefined; otherwise (channels,) in float32.
Tensor channel_vector(const Tensor& v, std::int64_t channels, const char* op, const char* what, const Shape& x) {
  if (!v.defined()) return v;
  if (v.size() != channels || v.rank() > 1) {
    throw ShapeError(std::string(op) + ": `" + what + "` must have shape (" + std::to_string(channels) +
                     ",) to match the normalized axis of x of shape " + x.to_string() + ", received shape " +
                     v.shape().to_string());
  }
  return reshape(as_float(v), Shape{channels});
}

void require(const Tensor& v, const char* op, const char* what) {
  if (!v.defined()) throw ValueError(std::string(op) + ": `" + what + "` is required");
}

}  // namespace

Tensor batch_normalization(const Tensor& x_in, const Tensor& mean_in, const Tensor& variance_in, int axis_in,
                           const Tensor& offset_in, const Tensor& scale_in, float epsilon) {
  const char* op = "batch_normalization";
  require(mean_in, op, "mean");
  require(variance_in, op, "variance");
  Tensor x = as_float(x_in);
  const int axis = normalize_axis(axis_in, x.rank(), "batch_normalization axis");
  const std::int64_t c = x.dim(axis);
  Tensor mean = channel_vector(mean_in, c, op, "mean", x.shape());
  Tensor variance = channel_vector(variance_in, c, op, "variance", x.shape());
  Tensor offset = channel_vector(offset_in, c, op, "offset", x.shape());
  Tensor scale = channel_vector(scale_in, c, op, "scale", x.shape());
  for (const Tensor* t : {&mean, &variance, &offset, &scale}) {
    if (t->defined()) detail::check_same_device(x, *t, op);
  }
  Tensor x3 = reshape(x, channel_view(x.shape(), axis));
  Tensor y3 = detail::empty_like(x3), inv_std(Shape{c}, float32, x.device());
  backend_of(x).norm().batch_norm_forward(x3, mean, variance, scale, offset, epsilon, y3, inv_std);
  std::vector<Tensor> inputs{x3, mean, variance};
  if (scale.defined()) inputs.push_back(scale);
  if (offset.defined()) inputs.push_back(offset);
  if (autograd::should_record(inputs)) {
    autograd::record(inputs, y3,
                     [x3, mean, inv_std, scale, offset](const std::vector<Tensor>& g, const std::vector<bool>& needs) {
                       auto grad_if = [&](std::size_t i, const Tensor& like) {
                         return needs[i] ? detail::empty_like(like) : Tensor();
                       };
                       Tensor dx = grad_if(0, x3), dmean = grad_if(1, mean), dvar = grad_if(2, mean);
                       std::size_t k = 3;
                       Tensor dscale = scale.defined() ? grad_if(k++, scale) : Tensor();
                       Tensor doffset = offset.defined() ? grad_if(k++, offset) : Tensor();
                       backend_of(x3).norm().batch_norm_backward(x3, mean, inv_std, scale, g[0], false, dx, dscale,
                                                                 doffset, dmean, dvar);
                       std::vector<Tensor> grads{dx, dmean, dvar};
                       if (scale.defined()) grads.push_back(dscale);
                       if (offset.defined()) grads.push_back(doffset);
                       return grads;
                     });
  }
  return reshape(y3, x.shape());
}

BatchNormOutputs batch_normalization_training(const Tensor& x_in, int axis_in, const Tensor& offset_in,
                                              const Tensor& scale_in, float epsilon) {
  const char* op = "batch_normalization_training";
  Tensor x = as_float(x_in);
  const int axis = normalize_axis(axis_in, x.rank(), "batch_normalization_training axis");
  const std::int64_t c = x.dim(axis);
  Tensor offset = channel_vector(offset_in, c, op, "offset", x.shape());
  Tensor scale = channel_vector(scale_in, c, op, "scale", x.shape());
  for (const Tensor* t : {&offset, &scale}) {
    if (t->defined()) detail::check_same_device(x, *t, op);
  }
  Tensor x3 = reshape(x, channel_view(x.shape(), axis));
  BatchNormOutputs out;
  out.mean = Tensor(Shape{c}, float32, x.device());
  out.variance = Tensor(Shape{c}, float32, x.device());
  NormKernels& k = backend_of(x).norm();
  k.channel_moments(x3, out.mean, out.variance);
  Tensor y3 = detail::empty_like(x3), inv_std(Shape{c}, float32, x.device());
  k.batch_norm_forward(x3, out.mean, out.variance, scale, offset, epsilon, y3, inv_std);
  std::vector<Tensor> inputs{x3};
  if (scale.defined()) inputs.push_back(scale);
  if (offset.defined()) inputs.push_back(offset);
  if (autograd::should_record(inputs)) {
    Tensor mean = out.mean;
    autograd::record(inputs, y3,
                     [x3, mean, inv_std, scale, offset](const std::vector<Tensor>& g, const std::vector<bool>& needs) {
                       Tensor dx = needs[0] ? detail::empty_like(x3) : Tensor(), none;
                       std::size_t i = 1;
                       Tensor dscale = scale.defined() && needs[i++] ? detail::empty_like(scale) : Tensor();
                       Tensor doffset = offset.defined() && needs[i] ? detail::empty_like(offset) : Tensor();
                       backend_of(x3).norm().batch_norm_backward(x3, mean, inv_std, scale, g[0], true, dx, dscale,
                                                                 doffset, none, none);
                       std::vector<Tensor> grads{dx};
                       if (scale.defined()) grads.push_back(dscale);
                       if (offset.defined()) grads.push_back(doffset);
                       return grads;
                     });
  }
  out.outputs = reshape(y3, x.shape());
  return out;
}

Tensor layer_normalization(const Tensor& x_in, const Tensor& gamma_in, const Tensor& beta_in, std::vector<int> axes_in,
                           float epsilon, bool rms_scaling) {
  const char* op = "layer_normalization";
  Tensor x = as_float(x_in);
  const int r = x.rank();
  if (axes_in.empty()) throw ValueError("layer_normalization: `axis` must name at least one axis");
  std::vector<int> axes;
  for (int a : axes_in) axes.push_back(normalize_axis(a, r, "layer_normalization axis"));
  std::sort(axes.begin(), axes.end());
  if (std::adjacent_find(axes.begin(), axes.end()) != axes.end()) {
    throw ValueError("layer_normalization: duplicate axes are not allowed");
  }
  // Move the normalized axes last (in order): each row of the (rows, cols) view is then one sample.
  std::vector<int> perm;
  std::vector<std::int64_t> param_dims;
  std::int64_t cols = 1;
  for (int d = 0; d < r; ++d) {
    if (!std::binary_search(axes.begin(), axes.end(), d)) perm.push_back(d);
  }
  for (int a : axes) {
    perm.push_back(a);
    param_dims.push_back(x.dim(a));
    cols *= x.dim(a);
  }
  auto param = [&](const Tensor& v, const char* what) {
    if (!v.defined()) return v;
    if (v.shape() != Shape(param_dims) && !(v.rank() == 1 && v.dim(0) == cols && axes.size() == 1)) {
      throw ShapeError(std::string(op) + ": `" + what + "` must have shape " + Shape(param_dims).to_string() +
                       " (x's dimensions at the normalized axes; x has shape " + x.shape().to_string() +
                       "), received shape " + v.shape().to_string());
    }
    detail::check_same_device(x, v, op);
    return reshape(as_float(v), Shape{cols});
  };
  Tensor gamma = param(gamma_in, "gamma");
  Tensor beta = rms_scaling ? Tensor() : param(beta_in, "beta");
  bool trailing = true;
  for (int k = 0; k < r; ++k) trailing = trailing && perm[static_cast<std::size_t>(k)] == k;
  Tensor xt = trailing ? x : transpose(x, perm);
  const std::int64_t rows = cols ? xt.size() / cols : 0;
  Tensor x2 = reshape(xt, Shape{rows, cols});
  Tensor y2 = detail::empty_like(x2);
  Tensor mean(Shape{rows}, float32, x.device()), inv_std(Shape{rows}, float32, x.device());
  backend_of(x).norm().layer_norm_forward(x2, gamma, beta, epsilon, rms_scaling, y2, mean, inv_std);
  std::vector<Tensor> inputs{x2};
  if (gamma.defined()) inputs.push_back(gamma);
  if (beta.defined()) inputs.push_back(beta);
  if (autograd::should_record(inputs)) {
    autograd::record(
        inputs, y2,
        [x2, gamma, beta, mean, inv_std, rms_scaling](const std::vector<Tensor>& g, const std::vector<bool>& needs) {
          Tensor dx = needs[0] ? detail::empty_like(x2) : Tensor();
          std::size_t i = 1;
          Tensor dgamma = gamma.defined() && needs[i++] ? detail::empty_like(gamma) : Tensor();
          Tensor dbeta = beta.defined() && needs[i] ? detail::empty_like(beta) : Tensor();
          backend_of(x2).norm().layer_norm_backward(x2, gamma, mean, inv_std, g[0], rms_scaling, dx, dgamma, dbeta);
          std::vector<Tensor> grads{dx};
          if (gamma.defined()) grads.push_back(dgamma);
          if (beta.defined()) grads.push_back(dbeta);
          return grads;
        });
  }
  Tensor yt = reshape(y2, xt.shape());
  if (trailing) return yt;
  std::vector<int> inverse(perm.size());
  for (std::size_t k = 0; k < perm.size(); ++k) inverse[static_cast<std::size_t>(perm[k])] = static_cast<int>(k);
  return transpose(yt, inverse);
}

}  // namespace keras::ops
