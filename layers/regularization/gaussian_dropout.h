#pragma once
// keras.layers.GaussianDropout: in training, outputs = inputs * N(1, rate / (1 - rate)) noise
// drawn on the device (multiplicative noise with mean 1); the identity at inference.
// Input shape: any -> same shape.

#include <optional>

#include "libkeras/model/layer.h"
#include "libkeras/utils/random.h"

namespace keras::layers {

struct GaussianDropoutOptions {
  std::optional<std::uint64_t> seed = std::nullopt;
  std::string name = "";
};

class GaussianDropout final : public Shareable<GaussianDropout> {
 public:
  using Options = GaussianDropoutOptions;
  /// rate in [0, 1]; rate 1 (infinite noise) fails in training, as in Keras.
  explicit GaussianDropout(double rate, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "GaussianDropout"; }
  Json get_config() const override;

 protected:
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  double rate_;
  std::optional<std::uint64_t> seed_;
  random::SeedGenerator generator_;
};

}  // namespace keras::layers
