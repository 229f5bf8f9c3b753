#pragma once
// keras.layers.TimeDistributed: applies one layer (one set of weights) to every temporal slice
// of its input. Input (batch, time, ...) -> output (batch, time, ...inner output).
// The slices run as one batch of batch * time samples through the wrapped layer.
//
//   TimeDistributed(Conv2D(64, 3))   // (32, 10, 128, 128, 3) -> (32, 10, 126, 126, 64)

#include "libkeras/model/layer.h"

namespace keras::layers {

struct TimeDistributedOptions {
  std::string name = "";
};

class TimeDistributed final : public Shareable<TimeDistributed> {
 public:
  using Options = TimeDistributedOptions;
  explicit TimeDistributed(std::shared_ptr<Layer> layer, Options options = {});
  /// Takes ownership of a layer value: TimeDistributed(Dense(8)).
  explicit TimeDistributed(Layer&& layer, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "TimeDistributed"; }
  Json get_config() const override;
  Shape compute_output_shape(const Shape& input_shape) const override;

  std::vector<Variable*> weights() const override;
  /// Keras 3 weight-store layout (see Layer::saveable_vars).
  std::vector<SaveableVars> saveable_vars() const override;
  std::vector<Variable*> trainable_weights() const override;
  std::vector<Variable*> non_trainable_weights() const override;
  std::vector<Tensor> losses() const override;
  void clear_losses() override;

  Layer& layer() const { return *layer_; }

 protected:
  void build(const Shape& input_shape) override;
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  std::shared_ptr<Layer> layer_;
};

}  // namespace keras::layers
