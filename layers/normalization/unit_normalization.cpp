#include "layers/normalization/unit_normalization.h"

#include <nlohmann/json.hpp>

#include "layers/normalization/layer_normalization.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

UnitNormalization::UnitNormalization(Options options)
    : Shareable("unit_normalization", options.name), options_(std::move(options)),
      axis_is_list_(options_.axis.size() != 1) {
  if (options_.axis.empty()) {
    throw ValueError("UnitNormalization \"" + name() + "\": `axis` must name at least one axis");
  }
  supports_masking_ = true;
}

std::shared_ptr<Layer> UnitNormalization::from_config(const Json& config) {
  ConfigReader c(config, "UnitNormalization layer");
  Options o;
  bool was_list = false;
  o.axis = axis_list_field(c, "axis", &was_list);
  o.name = c.string("name", "");
  auto layer = std::make_shared<UnitNormalization>(o);
  layer->axis_is_list_ = was_list;
  return layer;
}

Shape UnitNormalization::compute_output_shape(const Shape& input_shape) const {
  check_axes_in_range(options_.axis, input_shape.rank(), "UnitNormalization \"" + name() + "\"", input_shape);
  return input_shape;
}

Tensor UnitNormalization::call(const Tensor& inputs, bool) {
  compute_output_shape(inputs.shape());
  // Keras clamps the squared norm at epsilon^2 (epsilon = 1e-12) so zero vectors stay finite.
  Tensor squares = ops::sum(ops::square(inputs), options_.axis, true);
  Tensor norm = ops::sqrt(ops::maximum(squares, Tensor::scalar(1e-24f, inputs.device())));
  return ops::divide(inputs, norm);
}

Json UnitNormalization::get_config() const {
  Json c = base_config();
  c["axis"] = axis_is_list_ ? Json(options_.axis) : Json(options_.axis[0]);
  return c;
}

}  // namespace keras::layers
