#pragma once
// keras.layers.Softmax: exp(x) / sum(exp(x)) along `axis` (or several axes jointly). With an
// input mask, masked positions get the logit -1e9 and then the output 0 (so a fully masked row
// gives zeros, not a uniform distribution). Input shape: any -> same shape.

#include <vector>

#include "libkeras/model/layer.h"

namespace keras::layers {

struct SoftmaxOptions {
  std::string name = "";
};

class Softmax final : public Shareable<Softmax> {
 public:
  using Options = SoftmaxOptions;
  explicit Softmax(int axis = -1, Options options = {});
  /// Normalises over several axes jointly: Softmax({1, 2}).
  explicit Softmax(std::vector<int> axes, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Softmax"; }
  Json get_config() const override;

 protected:
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  std::vector<int> axes_;
  bool single_axis_;
};

}  // namespace keras::layers
