#include "layers/merging/base_merge.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

namespace {

Tensor as_float_mask(const Tensor& mask) { return mask.dtype() == float32 ? mask : ops::cast(mask, float32); }

// True when `from` broadcasts to exactly `to` (numpy rules, trailing axes aligned).
bool broadcasts_to(const Shape& from, const Shape& to) {
  if (from.rank() > to.rank()) return false;
  for (int k = 1; k <= from.rank(); ++k) {
    const std::int64_t f = from[from.rank() - k];
    if (f != 1 && f != to[to.rank() - k]) return false;
  }
  return true;
}

}  // namespace

Merge::Merge(const std::string& default_prefix, const std::string& name) : Layer(default_prefix, name) {
  supports_masking_ = true;
}

std::string Merge::who() const { return class_name() + " layer \"" + name() + "\""; }

std::string Merge::shapes_string(const std::vector<Shape>& shapes) {
  std::string s = "[";
  for (std::size_t i = 0; i < shapes.size(); ++i) s += (i ? ", " : "") + shapes[i].to_string();
  return s + "]";
}

Shape Merge::elemwise_output_shape(const Shape& a, const Shape& b) const {
  if (a.rank() < b.rank()) return elemwise_output_shape(b, a);
  std::vector<std::int64_t> out(a.begin(), a.end() - b.rank());
  for (int k = 0; k < b.rank(); ++k) {
    std::int64_t i = a[a.rank() - b.rank() + k], j = b[k];
    if (i < 0 || j < 0) {
      out.push_back(-1);  // Keras: an unknown dimension on either side stays unknown
    } else if (i == 1 || j == 1 || i == j) {
      out.push_back(i == 1 ? j : i);
    } else {
      throw ShapeError(who() + ": inputs have incompatible shapes. Received shapes " + a.to_string() + " and " +
                       b.to_string());
    }
  }
  return Shape(out);
}

void Merge::check_inputs(const std::vector<Shape>& shapes) const {
  std::set<std::int64_t> batch_sizes;
  for (const Shape& s : shapes) {
    if (s.rank() < 1) {
      throw ShapeError(who() + " expects inputs with a batch axis, received input_shape=" + shapes_string(shapes));
    }
    if (s[0] >= 0) batch_sizes.insert(s[0]);
  }
  if (batch_sizes.size() > 1) {
    throw ShapeError(who() + ": cannot merge tensors with different batch sizes. Received tensors with shapes " +
                     shapes_string(shapes));
  }
  compute_output_shapes(shapes);
}

Shape Merge::compute_output_shape(const Shape& input_shape) const {
  throw ValueError(who() + " should be called on a list of inputs. Received: input_shape=" +
                   input_shape.to_string() + " (not a list of shapes)");
}

std::vector<Shape> Merge::compute_output_shapes(const std::vector<Shape>& input_shapes) const {
  Shape out = input_shapes.at(0).without_batch();
  std::int64_t batch = input_shapes[0][0];
  for (std::size_t i = 1; i < input_shapes.size(); ++i) {
    out = elemwise_output_shape(out, input_shapes[i].without_batch());
    if (batch < 0) batch = input_shapes[i][0];
  }
  return {out.with_batch(batch)};
}

std::vector<Tensor> Merge::call_multi(const std::vector<Tensor>& inputs, bool) {
  int max_rank = 0;
  for (const Tensor& x : inputs) max_rank = std::max(max_rank, x.rank());
  if (std::all_of(inputs.begin(), inputs.end(), [&](const Tensor& x) { return x.rank() == max_rank; })) {
    return {merge_function(inputs)};
  }
  // Lower-rank inputs gain axes right after the batch axis, so their trailing axes line up.
  std::vector<Tensor> expanded;
  for (Tensor x : inputs) {
    while (x.rank() < max_rank) x = ops::expand_dims(x, 1);
    expanded.push_back(x);
  }
  return {merge_function(expanded)};
}

std::vector<Tensor> Merge::compute_mask(const std::vector<Tensor>&, const std::vector<Tensor>& masks,
                                        std::size_t num_outputs) const {
  std::vector<Tensor> out(num_outputs);
  if (std::any_of(masks.begin(), masks.end(), [](const Tensor& m) { return !m.defined(); })) return out;
  Tensor merged = as_float_mask(masks[0]);
  for (std::size_t i = 1; i < masks.size(); ++i) merged = ops::maximum(merged, as_float_mask(masks[i]));
  out.assign(num_outputs, merged);
  return out;
}

Tensor Merge::expand_mask(const Tensor& mask, const Tensor& x) const {
  Tensor m = as_float_mask(mask);
  if (m.rank() == x.rank() - 1) m = ops::expand_dims(m, -1);
  if (m.rank() != x.rank() || !broadcasts_to(m.shape(), x.shape())) {
    throw ShapeError(who() + ": a mask of shape " + mask.shape().to_string() + " does not fit an input of shape " +
                     x.shape().to_string());
  }
  return m.shape() == x.shape() ? m : ops::broadcast_to(m, x.shape());
}

Tensor Merge::merge_masked(const std::vector<Tensor>& inputs, Tensor (*op)(const Tensor&, const Tensor&)) const {
  Tensor output = inputs[0];
  Tensor output_mask = inputs[0].mask().defined() ? expand_mask(inputs[0].mask(), inputs[0]) : Tensor();
  for (std::size_t i = 1; i < inputs.size(); ++i) {
    Tensor x = inputs[i];
    Tensor mask = x.mask().defined() ? expand_mask(x.mask(), x) : Tensor();
    if (mask.defined()) x = ops::where(mask, x, output);
    if (output_mask.defined()) output = ops::where(output_mask, output, x);
    output_mask = mask.defined() && output_mask.defined() ? ops::maximum(output_mask, mask) : Tensor();
    output = op(output, x);
  }
  return output;
}

}  // namespace keras::layers
