#include "layers/merging/concatenate.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

Concatenate::Concatenate(int axis, Options options) : Shareable("concatenate", options.name), axis_(axis) {}

std::shared_ptr<Layer> Concatenate::from_config(const Json& config) {
  ConfigReader c(config, "Concatenate layer");
  return std::make_shared<Concatenate>(static_cast<int>(c.integer("axis", -1)),
                                       Options{.name = c.string("name", "")});
}

void Concatenate::check_inputs(const std::vector<Shape>& shapes) const {
  const int rank = shapes.at(0).rank();
  const std::string problem = who() + ": a `Concatenate` layer requires inputs with matching shapes except for the "
                                      "concatenation axis. Received: input_shape=" + shapes_string(shapes);
  if (axis_ < -rank || axis_ >= rank) {
    throw ValueError(who() + ": axis=" + std::to_string(axis_) + " is out of range for inputs of rank " +
                     std::to_string(rank) + " (input_shape=" + shapes_string(shapes) + ")");
  }
  const int axis = axis_ < 0 ? axis_ + rank : axis_;
  for (const Shape& s : shapes) {
    if (s.rank() != rank) throw ShapeError(problem);
    for (int k = 0; k < rank; ++k) {
      if (k != axis && s[k] >= 0 && shapes[0][k] >= 0 && s[k] != shapes[0][k]) throw ShapeError(problem);
    }
  }
}

std::vector<Shape> Concatenate::compute_output_shapes(const std::vector<Shape>& input_shapes) const {
  check_inputs(input_shapes);
  Shape out = input_shapes[0];
  const int axis = axis_ < 0 ? axis_ + out.rank() : axis_;
  for (std::size_t i = 1; i < input_shapes.size(); ++i) {
    const std::int64_t d = input_shapes[i][axis];
    out[axis] = out[axis] < 0 || d < 0 ? -1 : out[axis] + d;
  }
  return {out};
}

std::vector<Tensor> Concatenate::call_multi(const std::vector<Tensor>& inputs, bool) {
  return {merge_function(inputs)};
}

Tensor Concatenate::merge_function(const std::vector<Tensor>& inputs) const {
  const bool same_dtype = std::all_of(inputs.begin(), inputs.end(),
                                      [&](const Tensor& x) { return x.dtype() == inputs[0].dtype(); });
  if (same_dtype) return ops::concatenate(inputs, axis_);
  std::vector<Tensor> floats;
  for (const Tensor& x : inputs) floats.push_back(ops::cast(x, float32));
  return ops::concatenate(floats, axis_);
}

std::vector<Tensor> Concatenate::compute_mask(const std::vector<Tensor>& inputs, const std::vector<Tensor>& masks,
                                              std::size_t num_outputs) const {
  std::vector<Tensor> out(num_outputs);
  if (std::none_of(masks.begin(), masks.end(), [](const Tensor& m) { return m.defined(); })) return out;
  // Each mask is brought to its input's full shape, concatenated like the inputs, then
  // reduced over the last axis with any() (Keras' Concatenate.compute_mask).
  std::vector<Tensor> full;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    full.push_back(masks[i].defined() ? expand_mask(masks[i], inputs[i])
                                      : Tensor::ones(inputs[i].shape(), float32, inputs[i].device()));
  }
  out.assign(num_outputs, ops::max(ops::concatenate(full, axis_), {-1}));
  return out;
}

Json Concatenate::get_config() const {
  Json c = base_config();
  c["axis"] = axis_;
  return c;
}

KerasTensor concatenate(const std::vector<KerasTensor>& inputs, int axis, Concatenate::Options options) {
  return Concatenate(axis, std::move(options))(inputs).at(0);
}

Tensor concatenate(const std::vector<Tensor>& inputs, int axis, Concatenate::Options options) {
  Concatenate layer(axis, std::move(options));
  return layer(inputs).at(0);
}

}  // namespace keras::layers
