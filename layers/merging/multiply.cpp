#include "layers/merging/multiply.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"

namespace keras::layers {

Multiply::Multiply(Options options) : Shareable("multiply", options.name) {}

std::shared_ptr<Layer> Multiply::from_config(const Json& config) {
  ConfigReader c(config, "Multiply layer");
  return std::make_shared<Multiply>(Options{.name = c.string("name", "")});
}

Tensor Multiply::merge_function(const std::vector<Tensor>& inputs) const {
  const bool all_masked =
      std::all_of(inputs.begin(), inputs.end(), [](const Tensor& x) { return x.mask().defined(); });
  Tensor output, output_mask;
  for (Tensor x : inputs) {
    if (x.mask().defined()) {
      Tensor mask = expand_mask(x.mask(), x);
      x = ops::where(mask, x, Tensor::scalar(1.0f, x.device()));
      if (all_masked) output_mask = output_mask.defined() ? ops::maximum(output_mask, mask) : mask;
    }
    output = output.defined() ? ops::multiply(output, x) : x;
  }
  if (all_masked) output = ops::multiply(output, output_mask);
  return output;
}

KerasTensor multiply(const std::vector<KerasTensor>& inputs, Multiply::Options options) {
  return Multiply(std::move(options))(inputs).at(0);
}

Tensor multiply(const std::vector<Tensor>& inputs, Multiply::Options options) {
  Multiply layer(std::move(options));
  return layer(inputs).at(0);
}

}  // namespace keras::layers
