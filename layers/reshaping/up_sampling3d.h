#pragma once
// keras.layers.UpSampling3D, channels_last: repeats each voxel along depth, height and width,
// (batch, d, h, w, c) -> (batch, d * size_d, h * size_h, w * size_w, c).

#include "layers/convolutional/conv_utils.h"
#include "libkeras/model/layer.h"

namespace keras::layers {

struct UpSampling3DOptions {
  std::string data_format = "channels_last";
  std::string name = "";
};

class UpSampling3D final : public Shareable<UpSampling3D> {
 public:
  using Options = UpSampling3DOptions;
  explicit UpSampling3D(Size3 size = 2, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "UpSampling3D"; }
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;

 protected:
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  Size3 size_;
  std::string data_format_;
};

}  // namespace keras::layers
