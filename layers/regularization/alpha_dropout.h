#pragma once
// keras.layers.AlphaDropout: dropout that keeps the mean and variance of its inputs, for
// self-normalising (SELU) networks. In training, dropped entries are set to
// alpha_p = -selu_alpha * selu_scale, then an affine correction a * x + b restores the moments:
// a = ((1 - rate) * (1 + rate * alpha_p^2))^-1/2, b = -a * alpha_p * rate. Identity at inference.
// Input shape: any -> same shape.

#include <optional>
#include <vector>

#include "libkeras/model/layer.h"
#include "libkeras/utils/random.h"

namespace keras::layers {

struct AlphaDropoutOptions {
  /// Shape of the keep/drop draws, broadcast to the input; -1 (Keras None) takes the input's
  /// dimension. Unset: the input's shape.
  std::optional<std::vector<std::int64_t>> noise_shape = std::nullopt;
  std::optional<std::uint64_t> seed = std::nullopt;
  std::string name = "";
};

class AlphaDropout final : public Shareable<AlphaDropout> {
 public:
  using Options = AlphaDropoutOptions;
  /// rate in [0, 1]; rate 1 (an infinite correction) fails in training, as in Keras.
  explicit AlphaDropout(double rate, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "AlphaDropout"; }
  Json get_config() const override;

 protected:
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  double rate_;
  Options options_;
  random::SeedGenerator generator_;
};

}  // namespace keras::layers
