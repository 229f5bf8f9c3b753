#include "layers/rnn/gru_cell.h"

#include <nlohmann/json.hpp>

#include "layers/rnn/rnn_config.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

GRUCell::GRUCell(std::int64_t units, Options options)
    : Shareable("gru_cell", options.name, options.seed), units_(units), options_(std::move(options)) {
  detail::check_cell_arguments(units, options_, "GRUCell \"" + name() + "\"");
  options_.dropout = detail::clip_rate(options_.dropout);
  options_.recurrent_dropout = detail::clip_rate(options_.recurrent_dropout);
}

std::shared_ptr<Layer> GRUCell::from_config(const Json& config) {
  ConfigReader c(config, "GRUCell layer");
  Options o;
  detail::read_cell_fields(c, o);
  return std::make_shared<GRUCell>(c.integer("units"), o);
}

std::vector<Shape> GRUCell::state_shapes(const Shape& step_input_shape) const {
  return {Shape{step_input_shape[0], units_}};
}

Shape GRUCell::compute_output_shape(const Shape& step_input_shape) const { return Shape{step_input_shape[0], units_}; }

void GRUCell::build(const Shape& input_shape) {
  const std::int64_t input_dim = input_shape.dim(-1);
  if (input_dim < 0) {
    throw ShapeError("GRUCell \"" + name() + "\": the last dimension of the input must be known, received shape " +
                     input_shape.to_string());
  }
  kernel_ = &add_weight("kernel", Shape{input_dim, 3 * units_}, options_.kernel_initializer, true,
                        options_.kernel_regularizer, options_.kernel_constraint);
  recurrent_kernel_ = &add_weight("recurrent_kernel", Shape{units_, 3 * units_}, options_.recurrent_initializer, true,
                                  options_.recurrent_regularizer, options_.recurrent_constraint);
  if (options_.use_bias) {
    const Shape shape = options_.reset_after ? Shape{2, 3 * units_} : Shape{3 * units_};
    bias_ = &add_weight("bias", shape, options_.bias_initializer, true, options_.bias_regularizer,
                        options_.bias_constraint);
  }
  input_spec_.axes = {{-1, input_dim}};
}

std::vector<Tensor> GRUCell::run_sequence(const Tensor& x, const std::vector<Tensor>& states, const Tensor& mask,
                                          const SequenceOptions& options, bool training) {
  const Shape step{x.dim(0), x.dim(-1)};
  maybe_build(step);
  ops::RnnSequenceOptions o;
  o.mask = mask;
  o.activation = options_.activation;
  o.recurrent_activation = options_.recurrent_activation;
  o.go_backwards = options.go_backwards;
  o.zero_output_for_mask = options.zero_output_for_mask;
  o.reset_after = options_.reset_after;
  // Keras switches to one dropout mask per gate (implementation 1) when recurrent_dropout is set.
  const int count = options_.recurrent_dropout != 0.0 ? 3 : 1;
  o.input_dropout = dropout_masks(options_.dropout, count, step, x.device(), training);
  o.recurrent_dropout = dropout_masks(options_.recurrent_dropout, 3, Shape{x.dim(0), units_}, x.device(), training);
  return ops::gru_sequence(x, states.at(0), kernel_->value(), recurrent_kernel_->value(),
                           bias_ ? bias_->value() : Tensor(), o);
}

Json GRUCell::get_config() const {
  Json c = base_config();
  c["units"] = units_;
  c["activation"] = options_.activation;
  c["recurrent_activation"] = options_.recurrent_activation;
  c["use_bias"] = options_.use_bias;
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
  c["reset_after"] = options_.reset_after;
  c["seed"] = detail::seed_json(options_.seed);
  return c;
}

}  // namespace keras::layers
