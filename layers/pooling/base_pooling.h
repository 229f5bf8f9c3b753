#pragma once
// Keras' BasePooling over 1 or 3 spatial axes, channels_last (2-D pooling lives in
// layers/pooling2d.h): input (batch, *spatial, channels) -> (batch, *out_spatial, channels).
// strides default to pool_size; with padding="same" averages exclude the padded positions and
// padding never wins a maximum (TensorFlow semantics).

#include <optional>
#include <vector>

#include "layers/convolutional/conv_utils.h"
#include "libkeras/model/layer.h"
#include "libkeras/ops/ops.h"

namespace keras::layers {

/// The arguments of a pooling layer, one entry per spatial axis.
struct PoolArgs {
  int rank = 1;
  std::vector<int> pool_size, strides;  ///< strides empty: Keras None (= pool_size)
  std::string padding = "valid";
  std::string data_format = "channels_last";
  std::string name;
};

// Keyword arguments of the 1-D and 3-D pooling layers. Explicit initialisers keep
// `Options{.padding = ...}` clean under -Wmissing-field-initializers.
struct Pooling1DOptions {
  std::optional<int> strides = std::nullopt;  ///< Keras None: the pool size
  std::string padding = "valid";
  std::string data_format = "channels_last";
  std::string name = "";
};

struct Pooling3DOptions {
  std::optional<Size3> strides = std::nullopt;  ///< Keras None: the pool size
  std::string padding = "valid";
  std::string data_format = "channels_last";
  std::string name = "";
};

class BasePooling : public Layer {
 public:
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;

 protected:
  /// `label` is the class name for messages ("MaxPooling1D"); `max` selects max pooling.
  BasePooling(const std::string& prefix, const std::string& label, PoolArgs args, bool max);
  /// Reads a pooling config of `rank` spatial axes (`what` names it: "MaxPooling1D layer").
  static PoolArgs parse_config(const Json& config, const std::string& what, int rank);

  Tensor call(const Tensor& inputs, bool training) override;

 private:
  std::string label() const;

  std::string class_label_;
  PoolArgs args_;
  ops::Padding padding_;
  bool max_;
};

/// PoolArgs from a pooling layer's pool_size and Options (Pooling1DOptions, Pooling3DOptions).
template <class Tuple, class Options>
PoolArgs pool_args(int rank, Tuple pool_size, const Options& o) {
  PoolArgs a;
  a.rank = rank;
  a.pool_size = tuple_values(pool_size);
  a.strides = o.strides ? tuple_values(*o.strides) : a.pool_size;
  a.padding = o.padding;
  a.data_format = o.data_format;
  a.name = o.name;
  return a;
}

}  // namespace keras::layers
