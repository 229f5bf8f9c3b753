#pragma once
// Shared base of MaxPooling2D and AveragePooling2D (Keras' BasePooling), channels_last.
// Input (batch, h, w, c) -> (batch, out_h, out_w, c); strides default to pool_size.

#include <optional>

#include "layers/size2.h"
#include "libkeras/model/layer.h"
#include "libkeras/ops/ops.h"

namespace keras::layers {

struct Pooling2DOptions {
  // Explicit initialisers keep `Options{.padding = ...}` clean under -Wmissing-field-initializers.
  std::optional<Size2> strides = std::nullopt;  ///< Keras None: the pool size
  std::string padding = "valid";
  std::string data_format = "channels_last";
  std::string name = "";
};

class Pooling2D : public Layer {
 public:
  using Options = Pooling2DOptions;
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;

 protected:
  Pooling2D(const std::string& prefix, Size2 pool_size, Options options);
  /// Parses a pooling config into constructor arguments.
  static std::pair<Size2, Options> parse_config(const Json& config, const std::string& what);

  Size2 pool_size_;
  Size2 strides_;
  ops::Padding padding_;
  std::string data_format_;
};

class MaxPooling2D final : public Shareable<MaxPooling2D, Pooling2D> {
 public:
  explicit MaxPooling2D(Size2 pool_size = 2, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);
  std::string class_name() const override { return "MaxPooling2D"; }

 protected:
  Tensor call(const Tensor& inputs, bool training) override;
};

/// With padding="same" the average excludes the padded positions (TensorFlow semantics).
class AveragePooling2D final : public Shareable<AveragePooling2D, Pooling2D> {
 public:
  explicit AveragePooling2D(Size2 pool_size = 2, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);
  std::string class_name() const override { return "AveragePooling2D"; }

 protected:
  Tensor call(const Tensor& inputs, bool training) override;
};

}  // namespace keras::layers
