#include "layers/pooling/global_average_pooling1d.h"

#include "libkeras/ops/ops.h"

namespace keras::layers {

GlobalAveragePooling1D::GlobalAveragePooling1D(Options options)
    : Shareable("global_average_pooling1d", 1, std::move(options)) {
  supports_masking_ = true;
}

std::shared_ptr<Layer> GlobalAveragePooling1D::from_config(const Json& config) {
  return std::make_shared<GlobalAveragePooling1D>(parse_config(config, "GlobalAveragePooling1D layer"));
}

Tensor GlobalAveragePooling1D::call(const Tensor& inputs, bool) {
  Tensor mask = inputs.mask();
  if (!mask.defined()) return ops::mean(inputs, {1}, keepdims_);
  // Masked steps are left out of both the sum and the count.
  Tensor m = ops::reshape(ops::cast(mask, float32), Shape{mask.dim(0), mask.dim(1), 1});
  return ops::divide(ops::sum(ops::multiply(inputs, m), {1}, keepdims_), ops::sum(m, {1}, keepdims_));
}

std::vector<Tensor> GlobalAveragePooling1D::compute_mask(const std::vector<Tensor>&, const std::vector<Tensor>&,
                                                         std::size_t num_outputs) const {
  return std::vector<Tensor>(num_outputs);  // the steps axis is gone, and so is the mask
}

}  // namespace keras::layers
