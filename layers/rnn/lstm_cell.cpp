#include "layers/rnn/lstm_cell.h"

#include <nlohmann/json.hpp>

#include "layers/rnn/rnn_config.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

LSTMCell::LSTMCell(std::int64_t units, Options options)
    : Shareable("lstm_cell", options.name, options.seed), units_(units), options_(std::move(options)) {
  detail::check_cell_arguments(units, options_, "LSTMCell \"" + name() + "\"");
  options_.dropout = detail::clip_rate(options_.dropout);
  options_.recurrent_dropout = detail::clip_rate(options_.recurrent_dropout);
}

std::shared_ptr<Layer> LSTMCell::from_config(const Json& config) {
  ConfigReader c(config, "LSTMCell layer");
  Options o;
  detail::read_cell_fields(c, o);
  return std::make_shared<LSTMCell>(c.integer("units"), o);
}

std::vector<Shape> LSTMCell::state_shapes(const Shape& step_input_shape) const {
  return {Shape{step_input_shape[0], units_}, Shape{step_input_shape[0], units_}};
}

Shape LSTMCell::compute_output_shape(const Shape& step_input_shape) const { return Shape{step_input_shape[0], units_}; }

void LSTMCell::build(const Shape& input_shape) {
  const std::int64_t input_dim = input_shape.dim(-1);
  if (input_dim < 0) {
    throw ShapeError("LSTMCell \"" + name() + "\": the last dimension of the input must be known, received shape " +
                     input_shape.to_string());
  }
  kernel_ = &add_weight("kernel", Shape{input_dim, 4 * units_}, options_.kernel_initializer, true,
                        options_.kernel_regularizer, options_.kernel_constraint);
  recurrent_kernel_ = &add_weight("recurrent_kernel", Shape{units_, 4 * units_}, options_.recurrent_initializer, true,
                                  options_.recurrent_regularizer, options_.recurrent_constraint);
  if (options_.use_bias) {
    const InitializerArg init = options_.unit_forget_bias
                                    ? detail::unit_forget_bias_initializer(options_.bias_initializer)
                                    : options_.bias_initializer;
    bias_ = &add_weight("bias", Shape{4 * units_}, init, true, options_.bias_regularizer, options_.bias_constraint);
  }
  input_spec_.axes = {{-1, input_dim}};
}

std::vector<Tensor> LSTMCell::run_sequence(const Tensor& x, const std::vector<Tensor>& states, const Tensor& mask,
                                           const SequenceOptions& options, bool training) {
  const Shape step{x.dim(0), x.dim(-1)};
  maybe_build(step);
  ops::RnnSequenceOptions o;
  o.mask = mask;
  o.activation = options_.activation;
  o.recurrent_activation = options_.recurrent_activation;
  o.go_backwards = options.go_backwards;
  o.zero_output_for_mask = options.zero_output_for_mask;
  // Keras switches to one dropout mask per gate (implementation 1) when recurrent_dropout is set.
  const int count = options_.recurrent_dropout != 0.0 ? 4 : 1;
  o.input_dropout = dropout_masks(options_.dropout, count, step, x.device(), training);
  o.recurrent_dropout = dropout_masks(options_.recurrent_dropout, 4, Shape{x.dim(0), units_}, x.device(), training);
  return ops::lstm_sequence(x, states.at(0), states.at(1), kernel_->value(), recurrent_kernel_->value(),
                            bias_ ? bias_->value() : Tensor(), o);
}

Json LSTMCell::get_config() const {
  Json c = base_config();
  c["units"] = units_;
  c["activation"] = options_.activation;
  c["recurrent_activation"] = options_.recurrent_activation;
  c["use_bias"] = options_.use_bias;
  c["unit_forget_bias"] = options_.unit_forget_bias;
  c["kernel_initializer"] = detail::initializer_json(options_.kernel_initializer);
  c["recurrent_initializer"] = detail::initializer_json(options_.recurrent_initializer);
  c["bias_initializer"] = detail::initializer_json(options_.bias_initializer);
  c["kernel_regularizer"] = detail::regularizer_json(options_.kernel_regularizer);
  c["recurrent_regularizer"] = detail::regularizer_json(options_.recurrent_regularizer);
  c["bias_regularizer"] = detail::regularizer_json(options_.bias_regularizer);
  c["kernel_constraint"] = detail::constraint_json(options_.kernel_constraint);
  c["recurrent_constraint"] = detail::constraint_json(options_.recurrent_constraint);
  c["bias_constraint"] = detail::constraint_json(options_.bias_constraint);
  c["dropout"] = options_.dropout;
  c["recurrent_dropout"] = options_.recurrent_dropout;
  c["seed"] = detail::seed_json(options_.seed);
  return c;
}

}  // namespace keras::layers
