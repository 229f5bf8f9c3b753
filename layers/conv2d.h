#pragma once
// keras.layers.Conv2D, channels_last: (batch, h, w, c) -> (batch, out_h, out_w, filters),
// kernel (kh, kw, c, filters), bias (filters).

#include "activations/activations.h"
#include "layers/size2.h"
#include "libkeras/model/layer.h"
#include "libkeras/ops/ops.h"

namespace keras::layers {

struct Conv2DOptions {
  Size2 strides = 1;
  std::string padding = "valid";
  std::string data_format = "channels_last";
  Size2 dilation_rate = 1;
  std::string activation = "linear";  ///< Keras None
  bool use_bias = true;
  InitializerArg kernel_initializer = "glorot_uniform";
  InitializerArg bias_initializer = "zeros";
  std::string name = "";
};

class Conv2D final : public Shareable<Conv2D> {
 public:
  using Options = Conv2DOptions;
  Conv2D(std::int64_t filters, Size2 kernel_size, Options options = {});
  Conv2D(std::int64_t filters, Size2 kernel_size, const std::string& activation);
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Conv2D"; }
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;

 protected:
  void build(const Shape& input_shape) override;
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  std::int64_t filters_;
  Size2 kernel_size_;
  Options options_;
  ops::Padding padding_;
  activations::Function activation_;
  Variable* kernel_ = nullptr;
  Variable* bias_ = nullptr;
};

/// Rejects data_format values other than channels_last, naming the layer.
void check_channels_last(const std::string& data_format, const std::string& layer_name);

/// JSON list [a, b] of a Size2.
Json size2_json(Size2 s);

}  // namespace keras::layers
