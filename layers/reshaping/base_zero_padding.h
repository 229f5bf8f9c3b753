#pragma once
// The shared body of ZeroPadding1D/2D/3D, channels_last: zeros added before and after each
// spatial axis of (batch, *spatial, channels).

#include "layers/reshaping/spatial_args.h"
#include "libkeras/model/layer.h"

namespace keras::layers {

struct ZeroPaddingOptions {
  std::string data_format = "channels_last";
  std::string name = "";
};

class BaseZeroPadding : public Layer {
 public:
  using Options = ZeroPaddingOptions;
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;

 protected:
  /// `label` is the class name for messages ("ZeroPadding2D").
  BaseZeroPadding(const std::string& prefix, const std::string& label, std::vector<SidePair> padding, Options options);
  /// The (padding, options) of a ZeroPadding*D config of `rank` spatial axes.
  struct Parsed {
    std::vector<SidePair> padding;
    Options options;
  };
  static Parsed parse_config(const Json& config, const std::string& what, int rank);

  Tensor call(const Tensor& inputs, bool training) override;

 private:
  std::vector<SidePair> padding_;
  std::string data_format_;
};

}  // namespace keras::layers
