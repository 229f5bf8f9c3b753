#pragma once
// keras.layers.SpatialDropout1D / 2D / 3D: in training, drops whole feature maps (channels)
// with probability `rate` and scales the kept ones by 1 / (1 - rate); the identity at inference.
// The dropout mask has shape (batch, 1, ..., channels) (channels_first: (batch, channels, 1, ...)).
// Input shape: 1D (batch, steps, channels); 2D (batch, rows, cols, channels); 3D (batch, d1, d2, d3,
// channels), channels first with data_format="channels_first" -> same shape.

#include <optional>

#include "libkeras/model/layer.h"
#include "libkeras/utils/random.h"

namespace keras::layers {

struct SpatialDropout1DOptions {
  std::optional<std::uint64_t> seed = std::nullopt;
  std::string name = "";
};

struct SpatialDropoutOptions {
  std::string data_format = "channels_last";  ///< Keras None = keras.config.image_data_format()
  std::optional<std::uint64_t> seed = std::nullopt;
  std::string name = "";
};

/// The shared implementation (Keras' BaseSpatialDropout); not a registered layer.
class BaseSpatialDropout : public Layer {
 public:
  Json get_config() const override;
  double rate() const { return rate_; }

 protected:
  /// `ndim` = input rank (3, 4 or 5); `data_format` is empty for SpatialDropout1D, which has no
  /// such argument. `keras_class` names the layer in argument errors.
  BaseSpatialDropout(const char* keras_class, double rate, std::optional<std::uint64_t> seed, const std::string& name,
                     int ndim, std::string data_format);
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  double rate_;
  std::optional<std::uint64_t> seed_;
  std::string data_format_;
  random::SeedGenerator generator_;
};

class SpatialDropout1D final : public Shareable<SpatialDropout1D, BaseSpatialDropout> {
 public:
  using Options = SpatialDropout1DOptions;
  explicit SpatialDropout1D(double rate, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);
  std::string class_name() const override { return "SpatialDropout1D"; }
};

class SpatialDropout2D final : public Shareable<SpatialDropout2D, BaseSpatialDropout> {
 public:
  using Options = SpatialDropoutOptions;
  explicit SpatialDropout2D(double rate, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);
  std::string class_name() const override { return "SpatialDropout2D"; }
};

class SpatialDropout3D final : public Shareable<SpatialDropout3D, BaseSpatialDropout> {
 public:
  using Options = SpatialDropoutOptions;
  explicit SpatialDropout3D(double rate, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);
  std::string class_name() const override { return "SpatialDropout3D"; }
};

}  // namespace keras::layers
