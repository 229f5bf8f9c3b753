#include "layers/input_layer.h"

#include <nlohmann/json.hpp>

#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

InputLayer::InputLayer(const Shape& shape, Options options)
    : Shareable("input_layer", options.name), batch_shape_(shape.with_batch(options.batch_size.value_or(-1))),
      dtype_(options.dtype) {
  for (auto d : shape) {
    if (d < -1 || d == 0) throw ValueError("InputLayer \"" + name() + "\": invalid shape " + shape.to_string());
  }
  input_spec_.ndim = batch_shape_.rank();
  maybe_build(batch_shape_);
}

std::shared_ptr<Layer> InputLayer::from_config(const Json& config) {
  ConfigReader c(config, "InputLayer");
  // Keras 3 writes batch_shape; Keras 2 wrote batch_input_shape.
  if (!c.has("batch_shape") && !c.has("batch_input_shape")) {
    c.fail("batch_shape", "is required (Keras 2 configs call it 'batch_input_shape')");
  }
  std::vector<std::int64_t> batch = c.has("batch_shape") ? c.shape("batch_shape") : c.shape("batch_input_shape");
  if (batch.empty()) c.fail("batch_shape", "must include the batch axis");
  Options o;
  if (batch[0] >= 0) o.batch_size = batch[0];
  o.dtype = dtype_from_name(c.string("dtype", "float32"));
  o.name = c.string("name", "");
  return std::make_shared<InputLayer>(Shape(std::vector<std::int64_t>(batch.begin() + 1, batch.end())), o);
}

Json InputLayer::get_config() const {
  Json shape = Json::array();
  for (auto d : batch_shape_) shape.push_back(d < 0 ? Json(nullptr) : Json(d));
  return {{"batch_shape", shape}, {"dtype", dtype_name(dtype_)}, {"sparse", false}, {"ragged", false}, {"name", name()}};
}

Tensor InputLayer::call(const Tensor& inputs, bool) { return inputs; }

KerasTensor InputLayer::output() {
  std::shared_ptr<Node> node = node_.lock();
  if (!node) {
    node = std::make_shared<Node>();
    node->layer = shared_from_this();
    node->output_shapes = {batch_shape_};
    node->output_dtypes = {dtype_};
    node_ = node;
  }
  return KerasTensor{batch_shape_, dtype_, node, 0};
}

}  // namespace keras::layers

namespace keras {

KerasTensor Input(const Shape& shape, layers::InputLayer::Options options) {
  auto layer = std::make_shared<layers::InputLayer>(shape, options);
  return layer->output();
}

}  // namespace keras
