#pragma once
// Keras' BaseGlobalPooling, channels_last: reduces every spatial axis of (batch, *spatial,
// channels) to (batch, channels), or (batch, 1, ..., 1, channels) with keepdims.

#include <utility>
#include <vector>

#include "libkeras/model/layer.h"

namespace keras::layers {

struct GlobalPoolingOptions {
  std::string data_format = "channels_last";
  bool keepdims = false;  ///< keep the spatial axes with length 1
  std::string name = "";
};

class BaseGlobalPooling : public Layer {
 public:
  using Options = GlobalPoolingOptions;
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;

 protected:
  BaseGlobalPooling(const std::string& prefix, int spatial_rank, Options options);
  /// Reads a global pooling config's options (`what` names it: "GlobalMaxPooling2D layer").
  static Options parse_config(const Json& config, const std::string& what);
  /// The spatial axes 1..rank, which call() reduces.
  std::vector<int> spatial_axes() const;

  bool keepdims_;

 private:
  int rank_;
  std::string data_format_;
};

}  // namespace keras::layers
