#pragma once
// keras.layers.GlobalAveragePooling1D, channels_last: (batch, steps, channels) -> (batch, channels): the mean over the
// steps. An input mask (batch, steps) restricts the mean to the unmasked steps, as in Keras. keepdims keeps the reduced
// axes with length 1.

#include "layers/pooling/base_global_pooling.h"

namespace keras::layers {

class GlobalAveragePooling1D final : public Shareable<GlobalAveragePooling1D, BaseGlobalPooling> {
 public:
  explicit GlobalAveragePooling1D(Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);
  std::string class_name() const override { return "GlobalAveragePooling1D"; }

 protected:
  Tensor call(const Tensor& inputs, bool training) override;
  std::vector<Tensor> compute_mask(const std::vector<Tensor>& inputs, const std::vector<Tensor>& masks,
                                   std::size_t num_outputs) const override;
};

}  // namespace keras::layers
