#include "layers/merging/dot.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

namespace {

// keras.utils.normalize (order 2): x * rsqrt(max(sum(x^2), epsilon^2)), finite for zero vectors.
Tensor l2_normalize(const Tensor& x, int axis) {
  constexpr float kEpsilon = 1e-7f;
  Tensor sq = ops::sum(ops::square(x), {axis}, true);
  return ops::divide(x, ops::sqrt(ops::maximum(sq, Tensor::scalar(kEpsilon * kEpsilon, x.device()))));
}

// Keras' Dot.compute_output_shape for resolved axes.
Shape product_shape(const Shape& a, const Shape& b, int a0, int a1) {
  std::vector<std::int64_t> out;
  for (int k = 0; k < a.rank(); ++k) {
    if (k != a0) out.push_back(a[k]);
  }
  for (int k = 1; k < b.rank(); ++k) {
    if (k != a1) out.push_back(b[k]);
  }
  if (out.size() == 1) out.push_back(1);
  return Shape(out);
}

}  // namespace

Dot::Dot(int axes, Options options)
    : Shareable("dot", options.name), axes_{axes, axes}, single_axis_(true), options_(std::move(options)) {}

Dot::Dot(std::array<int, 2> axes, Options options)
    : Shareable("dot", options.name), axes_(axes), single_axis_(false), options_(std::move(options)) {}

std::shared_ptr<Layer> Dot::from_config(const Json& config) {
  ConfigReader c(config, "Dot layer");
  Options o{.normalize = c.boolean("normalize", false), .name = c.string("name", "")};
  std::shared_ptr<Dot> layer;
  if (c.raw("axes").is_number_integer()) {
    layer = std::make_shared<Dot>(static_cast<int>(c.integer("axes")), o);
  } else {
    layer = std::make_shared<Dot>(c.ints<2>("axes"), o);
  }
  return layer;
}

std::array<int, 2> Dot::resolve_axes(const Shape& a, const Shape& b) const {
  std::array<int, 2> out = axes_;
  const int ranks[2] = {a.rank(), b.rank()};
  for (int i = 0; i < 2; ++i) {
    if (out[i] < 0) out[i] += ranks[i];
    if (out[i] == 0) {
      throw ValueError(who() + ": cannot perform batch_dot over axis 0 (the batch axis). Received: axes=" +
                       get_config()["axes"].dump() + " for input shapes " + a.to_string() + ", " + b.to_string());
    }
    if (out[i] < 0 || out[i] >= ranks[i]) {
      throw ValueError(who() + ": axes=" + get_config()["axes"].dump() + " is out of range for input shapes " +
                       a.to_string() + ", " + b.to_string());
    }
  }
  return out;
}

void Dot::check_inputs(const std::vector<Shape>& shapes) const {
  if (shapes.size() != 2) {
    throw ValueError("A `Dot` layer should be called on a list of 2 inputs. Layer \"" + name() + "\" received " +
                     std::to_string(shapes.size()) + ": input_shape=" + shapes_string(shapes));
  }
  const Shape &a = shapes[0], &b = shapes[1];
  if (a.rank() < 2 || b.rank() < 2) {
    throw ShapeError(who() + ": cannot do batch_dot on inputs with rank < 2. Received inputs with shapes " +
                     a.to_string() + " and " + b.to_string());
  }
  if (a[0] >= 0 && b[0] >= 0 && a[0] != b[0]) {
    throw ShapeError(who() + ": cannot do batch_dot on inputs with different batch sizes. Received inputs with "
                             "shapes " + a.to_string() + " and " + b.to_string());
  }
  auto [a0, a1] = resolve_axes(a, b);
  if (a[a0] >= 0 && b[a1] >= 0 && a[a0] != b[a1]) {
    throw ShapeError(who() + ": incompatible input shapes: axis values " + std::to_string(a[a0]) + " (at axis " +
                     std::to_string(a0) + ") != " + std::to_string(b[a1]) + " (at axis " + std::to_string(a1) +
                     "). Full input shapes: " + a.to_string() + ", " + b.to_string());
  }
}

std::vector<Shape> Dot::compute_output_shapes(const std::vector<Shape>& input_shapes) const {
  check_inputs(input_shapes);
  auto [a0, a1] = resolve_axes(input_shapes[0], input_shapes[1]);
  return {product_shape(input_shapes[0], input_shapes[1], a0, a1)};
}

std::vector<Tensor> Dot::call_multi(const std::vector<Tensor>& inputs, bool) { return {merge_function(inputs)}; }

Tensor Dot::merge_function(const std::vector<Tensor>& inputs) const {
  Tensor x = inputs[0], y = inputs[1];
  auto [a0, a1] = resolve_axes(x.shape(), y.shape());
  if (options_.normalize) {
    x = l2_normalize(x, a0);
    y = l2_normalize(y, a1);
  }
  const Shape out_shape = product_shape(x.shape(), y.shape(), a0, a1);
  // batch_dot as one batched matmul: x -> (batch, M, k) with the summed axis last,
  // y -> (batch, k, N) with it first after the batch axis.
  std::vector<int> px, py = {0, a1};
  std::int64_t m = 1, n = 1;
  for (int k = 0; k < x.rank(); ++k) {
    if (k == a0) continue;
    px.push_back(k);
    if (k > 0) m *= x.dim(k);
  }
  px.push_back(a0);
  for (int k = 1; k < y.rank(); ++k) {
    if (k == a1) continue;
    py.push_back(k);
    n *= y.dim(k);
  }
  const std::int64_t batch = x.dim(0), depth = x.dim(a0);
  x = ops::reshape(a0 == x.rank() - 1 ? x : ops::transpose(x, px), Shape{batch, m, depth});
  y = ops::reshape(a1 == 1 ? y : ops::transpose(y, py), Shape{batch, depth, n});
  return ops::reshape(ops::matmul(x, y), out_shape);
}

std::vector<Tensor> Dot::compute_mask(const std::vector<Tensor>&, const std::vector<Tensor>&,
                                      std::size_t num_outputs) const {
  return std::vector<Tensor>(num_outputs);
}

Json Dot::get_config() const {
  Json c = base_config();
  c["axes"] = single_axis_ ? Json(axes_[0]) : Json(axes_);
  c["normalize"] = options_.normalize;
  return c;
}

KerasTensor dot(const std::vector<KerasTensor>& inputs, int axes, Dot::Options options) {
  return Dot(axes, std::move(options))(inputs).at(0);
}

KerasTensor dot(const std::vector<KerasTensor>& inputs, std::array<int, 2> axes, Dot::Options options) {
  return Dot(axes, std::move(options))(inputs).at(0);
}

Tensor dot(const std::vector<Tensor>& inputs, int axes, Dot::Options options) {
  Dot layer(axes, std::move(options));
  return layer(inputs).at(0);
}

Tensor dot(const std::vector<Tensor>& inputs, std::array<int, 2> axes, Dot::Options options) {
  Dot layer(axes, std::move(options));
  return layer(inputs).at(0);
}

}  // namespace keras::layers
