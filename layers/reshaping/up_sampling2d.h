#pragma once
// keras.layers.UpSampling2D, channels_last: (batch, h, w, c) -> (batch, h * size_h, w * size_w, c).
// interpolation "nearest" repeats rows and columns; "bilinear" resizes with half-pixel centres
// (Keras 3's ops.image.resize, as jax.image.resize and tf.image.resize compute it).

#include "layers/size2.h"
#include "libkeras/model/layer.h"

namespace keras::layers {

struct UpSampling2DOptions {
  std::string data_format = "channels_last";
  std::string interpolation = "nearest";  ///< "nearest" or "bilinear" (any case)
  std::string name = "";
};

class UpSampling2D final : public Shareable<UpSampling2D> {
 public:
  using Options = UpSampling2DOptions;
  explicit UpSampling2D(Size2 size = 2, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "UpSampling2D"; }
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;

 protected:
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  Size2 size_;
  std::string data_format_;
  std::string interpolation_;
};

}  // namespace keras::layers
