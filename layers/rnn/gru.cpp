#include "layers/rnn/gru.h"

#include <nlohmann/json.hpp>

#include "layers/rnn/rnn_config.h"
#include "libkeras/ops/ops.h"

namespace keras::layers {

GRU::GRU(std::int64_t units, Options options)
    : Shareable("gru", detail::rnn_options<RNNOptions>(options)), units_(units) {
  detail::check_cell_arguments(units, options, "GRU layer \"" + name() + "\"");
  // The cell carries the layer's name, so the weights read "gru/kernel".
  set_cell(std::make_shared<GRUCell>(units, detail::cell_options<GRUCellOptions>(options, name())));
  activity_regularizer_ = options.activity_regularizer.get();
  input_spec_.ndim = 3;
}

std::shared_ptr<Layer> GRU::from_config(const Json& config) {
  ConfigReader c(config, "GRU layer");
  Options o;
  detail::read_cell_fields(c, o);
  detail::read_rnn_fields(c, o);
  return std::make_shared<GRU>(c.integer("units"), o);
}

Json GRU::get_config() const {
  const GRUCell::Options& o = static_cast<const GRUCell&>(cell()).options();
  Json c = rnn_config();
  c["units"] = units_;
  c["activation"] = o.activation;
  c["recurrent_activation"] = o.recurrent_activation;
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
  c["recurrent_dropout"] = o.recurrent_dropout;
  c["reset_after"] = o.reset_after;
  c["seed"] = detail::seed_json(o.seed);
  return c;
}

}  // namespace keras::layers
