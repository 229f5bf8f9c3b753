#include "layers/rnn/lstm.h"

#include <nlohmann/json.hpp>

#include "layers/rnn/rnn_config.h"
#include "libkeras/ops/ops.h"

namespace keras::layers {

LSTM::LSTM(std::int64_t units, Options options)
    : Shareable("lstm", detail::rnn_options<RNNOptions>(options)), units_(units) {
  detail::check_cell_arguments(units, options, "LSTM layer \"" + name() + "\"");
  // The cell carries the layer's name, so the weights read "lstm/kernel".
  set_cell(std::make_shared<LSTMCell>(units, detail::cell_options<LSTMCellOptions>(options, name())));
  activity_regularizer_ = options.activity_regularizer.get();
  input_spec_.ndim = 3;
}

std::shared_ptr<Layer> LSTM::from_config(const Json& config) {
  ConfigReader c(config, "LSTM layer");
  Options o;
  detail::read_cell_fields(c, o);
  detail::read_rnn_fields(c, o);
  return std::make_shared<LSTM>(c.integer("units"), o);
}

Json LSTM::get_config() const {
  const LSTMCell::Options& o = static_cast<const LSTMCell&>(cell()).options();
  Json c = rnn_config();
  c["units"] = units_;
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
