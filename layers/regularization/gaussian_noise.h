#pragma once
// keras.layers.GaussianNoise: in training, outputs = inputs + N(0, stddev^2) noise drawn on the
// device; the identity at inference. Input shape: any -> same shape.

#include <optional>

#include "libkeras/model/layer.h"
#include "libkeras/utils/random.h"

namespace keras::layers {

struct GaussianNoiseOptions {
  std::optional<std::uint64_t> seed = std::nullopt;
  std::string name = "";
};

class GaussianNoise final : public Shareable<GaussianNoise> {
 public:
  using Options = GaussianNoiseOptions;
  /// stddev in [0, 1], as Keras requires.
  explicit GaussianNoise(double stddev, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "GaussianNoise"; }
  Json get_config() const override;

 protected:
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  double stddev_;
  std::optional<std::uint64_t> seed_;
  random::SeedGenerator generator_;
};

}  // namespace keras::layers
