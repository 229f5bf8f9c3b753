#pragma once
// keras.layers.Permute: reorders the non-batch axes; dims is a permutation of 1..n (1-based,
// the batch axis stays first). Permute({2, 1}) swaps (batch, a, b) into (batch, b, a).

#include <vector>

#include "libkeras/model/layer.h"

namespace keras::layers {

struct PermuteOptions {
  std::string name = "";
};

class Permute final : public Shareable<Permute> {
 public:
  using Options = PermuteOptions;
  explicit Permute(std::vector<int> dims, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Permute"; }
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;

 protected:
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  std::vector<int> dims_;
};

}  // namespace keras::layers
