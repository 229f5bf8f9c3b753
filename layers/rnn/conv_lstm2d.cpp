#include "layers/rnn/conv_lstm2d.h"

#include <nlohmann/json.hpp>

#include "layers/rnn/rnn_config.h"

namespace keras::layers {

ConvLSTM2D::ConvLSTM2D(std::int64_t filters, Size2 kernel_size, Options options)
    : Shareable("conv_lstm2d", detail::rnn_options<RNNOptions>(options)) {
  ConvLSTMCell::Options c = detail::cell_options<ConvLSTMCellOptions>(options, name());
  c.strides = options.strides;
  c.padding = options.padding;
  c.data_format = options.data_format;
  c.dilation_rate = options.dilation_rate;
  // The cell carries the layer's name, so the weights read "conv_lstm2d/kernel".
  set_cell(std::make_shared<ConvLSTMCell>(filters, kernel_size, c));
  activity_regularizer_ = options.activity_regularizer.get();
  input_spec_.ndim = 5;
}

std::shared_ptr<Layer> ConvLSTM2D::from_config(const Json& config) {
  ConfigReader c(config, "ConvLSTM2D layer");
  Options o;
  detail::read_cell_fields(c, o);
  detail::read_rnn_fields(c, o);
  o.strides = c.ints<2>("strides", std::array<int, 2>{1, 1});
  o.padding = c.string("padding", "valid");
  o.data_format = c.string("data_format", "channels_last");
  o.dilation_rate = c.ints<2>("dilation_rate", std::array<int, 2>{1, 1});
  return std::make_shared<ConvLSTM2D>(c.integer("filters"), Size2(c.ints<2>("kernel_size")), o);
}

Json ConvLSTM2D::get_config() const {
  const auto& cell = static_cast<const ConvLSTMCell&>(this->cell());
  const ConvLSTMCell::Options& o = cell.options();
  auto pair = [](Size2 s) { return Json::array({s.h, s.w}); };
  Json c = rnn_config();
  c["filters"] = cell.filters();
  c["kernel_size"] = pair(cell.kernel_size());
  c["strides"] = pair(o.strides);
  c["padding"] = o.padding;
  c["data_format"] = o.data_format;
  c["dilation_rate"] = pair(o.dilation_rate);
  c["activation"] = o.activation;
  c["recurrent_activation"] = o.recurrent_activation;
  c["use_bias"] = o.use_bias;
  c["kernel_initializer"] = detail::initializer_json(o.kernel_initializer);
  c["recurrent_initializer"] = detail::initializer_json(o.recurrent_initializer);
  c["bias_initializer"] = detail::initializer_json(o.bias_initializer);
  c["unit_forget_bias"] = o.unit_forget_bias;
  c["kernel_regularizer"] = detail::regularizer_json(o.kernel_regularizer);
  c["recurrent_regularizer"] = detail::regularizer_json(o.recurrent_regularizer);
  c["bias_regularizer"] = detail::regularizer_json(o.bias_regularizer);
  c["activity_regularizer"] = regularizers::serialize(activity_regularizer_.get());
  c["kernel_constraint"] = detail::constraint_json(o.kernel_constraint);
  c["recurrent_constraint"] = detail::constraint_json(o.recurrent_constraint);
  c["bias_constraint"] = detail::constraint_json(o.bias_constraint);
  c["dropout"] = o.dropout;
  c["recurrent_dropout"] = o.recurrent_dropout;
  c["seed"] = detail::seed_json(o.seed);
  return c;
}

}  // namespace keras::layers
