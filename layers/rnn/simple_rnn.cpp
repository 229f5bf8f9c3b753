#include "layers/rnn/simple_rnn.h"

#include <nlohmann/json.hpp>

#include "layers/rnn/rnn_config.h"
#include "libkeras/ops/ops.h"

namespace keras::layers {

SimpleRNN::SimpleRNN(std::int64_t units, Options options)
    : Shareable("simple_rnn", detail::rnn_options<RNNOptions>(options)), units_(units) {
  detail::check_cell_arguments(units, options, "SimpleRNN layer \"" + name() + "\"");
  // The cell carries the layer's name, so the weights read "simple_rnn/kernel".
  set_cell(std::make_shared<SimpleRNNCell>(units, detail::cell_options<SimpleRNNCellOptions>(options, name())));
  activity_regularizer_ = options.activity_regularizer.get();
  input_spec_.ndim = 3;
}

std::shared_ptr<Layer> SimpleRNN::from_config(const Json& config) {
  ConfigReader c(config, "SimpleRNN layer");
  Options o;
  detail::read_cell_fields(c, o);
  detail::read_rnn_fields(c, o);
  return std::make_shared<SimpleRNN>(c.integer("units"), o);
}

Json SimpleRNN::get_config() const {
  const SimpleRNNCell::Options& o = static_cast<const SimpleRNNCell&>(cell()).options();
  Json c = rnn_config();
  c["units"] = units_;
  c["activation"] = o.activation;
  c["use_bias"] = o.use_bias;
  c["kernel_initializer"] = detail::initializer_json(o.kernel_initializer);
  c["recurrent_initializer"] = detail::initializer_json(o.recurrent_initializer);
  c["bias_initializer"] = detail::initializer_json(o.bias_initializer);
  c["kernel_regularizer"] = detail::regularizer_json(o.kernel_regularizer);
  c["recurrent_regularizer"] = detail::regularizer_json(o.recurrent_regularizer);
  c["bias_regularizer"] = detail::regularizer_json(o.bias_regularizer);
  c["activity_regularizer"] = regularizers::serialize(activity_regularizer_.get());
  c["kernel_constraint"] = detail::constraint_json(o.kernel_constraint);
  c["recurrent_constraint"] = detail::constraint_json(o.recurrent_constraint);
  c["bias_constraint"] = detail::constraint_json(o.bias_constraint);
  c["dropout"] = o.dropout;
  c["recurrent_dropout"] = o.recurrent_dropout;  // Keras writes no seed for SimpleRNN
  return c;
}

}  // namespace keras::layers
