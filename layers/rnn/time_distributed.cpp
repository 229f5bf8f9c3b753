#include "layers/rnn/time_distributed.h"

#include <nlohmann/json.hpp>

#include "layers/layer_registry.h"
#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

namespace {

// (batch, time, rest...) -> (batch, rest...): the shape the wrapped layer sees.
Shape child_shape(const Shape& s) {
  std::vector<std::int64_t> dims{s[0] >= 0 && s[1] >= 0 ? s[0] * s[1] : -1};
  for (int k = 2; k < s.rank(); ++k) dims.push_back(s[k]);
  return Shape(dims);
}

}  // namespace

TimeDistributed::TimeDistributed(std::shared_ptr<Layer> layer, Options options)
    : Shareable("time_distributed", options.name), layer_(std::move(layer)) {
  if (!layer_) {
    throw ValueError("TimeDistributed layer \"" + name() +
                     "\": please initialize it with a keras layer, received null");
  }
  supports_masking_ = true;
  input_spec_.min_ndim = 3;
}

TimeDistributed::TimeDistributed(Layer&& layer, Options options)
    : TimeDistributed(std::move(layer).into_shared(), std::move(options)) {}

std::shared_ptr<Layer> TimeDistributed::from_config(const Json& config) {
  ConfigReader c(config, "TimeDistributed layer");
  return std::make_shared<TimeDistributed>(layers::deserialize(c.raw("layer")),
                                           Options{.name = c.string("name", "")});
}

Json TimeDistributed::get_config() const {
  Json c = base_config();
  c["layer"] = layers::serialize(*layer_);
  return c;
}

Shape TimeDistributed::compute_output_shape(const Shape& input_shape) const {
  check_input_spec(input_spec_, input_shape, name());
  const Shape inner = layer_->compute_output_shape(child_shape(input_shape));
  std::vector<std::int64_t> dims{input_shape[0], input_shape[1]};
  for (int k = 1; k < inner.rank(); ++k) dims.push_back(inner[k]);
  return Shape(dims);
}

void TimeDistributed::build(const Shape& input_shape) { layer_->maybe_build(child_shape(input_shape)); }

Tensor TimeDistributed::call(const Tensor& inputs, bool training) {
  // Keras calls the layer once per timestep. For a layer whose training step depends on the
  // whole batch (BatchNormalization's statistics: it has non-trainable state) that is what we
  // do; any other layer gives the same values in one call over batch x time, which is faster.
  if (training && !layer_->non_trainable_weights().empty()) {
    std::vector<Tensor> steps;
    for (std::int64_t t = 0; t < inputs.dim(1); ++t) {
      steps.push_back((*layer_)(ops::squeeze(ops::slice_axis(inputs, 1, t, t + 1), 1), training));
    }
    return ops::stack(steps, 1);
  }
  const Tensor merged = ops::reshape(inputs, child_shape(inputs.shape()));
  const Tensor y = (*layer_)(merged, training);
  std::vector<std::int64_t> dims{inputs.dim(0), inputs.dim(1)};
  for (int k = 1; k < y.rank(); ++k) dims.push_back(y.dim(k));
  return ops::reshape(y, Shape(dims));
}

std::vector<Variable*> TimeDistributed::weights() const { return layer_->weights(); }

std::vector<Layer::SaveableVars> TimeDistributed::saveable_vars() const {
  std::vector<SaveableVars> out{{"", name(), {}}};
  append_saveable_vars(out, "layer", *layer_);
  return out;
}

std::vector<Variable*> TimeDistributed::trainable_weights() const {
  return trainable() ? layer_->trainable_weights() : std::vector<Variable*>{};
}

std::vector<Variable*> TimeDistributed::non_trainable_weights() const {
  return trainable() ? layer_->non_trainable_weights() : layer_->weights();
}

std::vector<Tensor> TimeDistributed::losses() const {
  std::vector<Tensor> out = Layer::losses();
  for (const Tensor& t : layer_->losses()) out.push_back(t);
  return out;
}

void TimeDistributed::clear_losses() {
  Layer::clear_losses();
  layer_->clear_losses();
}

}  // namespace keras::layers
