#include "layers/rnn/conv_lstm_cell.h"

#include "activations/activations.h"
#include "layers/rnn/rnn_config.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

namespace {

Tensor gate(const Tensor& z, int g, std::int64_t filters) {
  return ops::slice_axis(z, -1, g * filters, (g + 1) * filters);
}

}  // namespace

ConvLSTMCell::ConvLSTMCell(std::int64_t filters, Size2 kernel_size, Options options)
    : Shareable("conv_lstm_cell", options.name, options.seed),
      filters_(filters),
      kernel_size_(kernel_size),
      options_(std::move(options)) {
  const std::string owner = "ConvLSTMCell \"" + name() + "\"";
  if (filters <= 0) {
    throw ValueError(owner + ": invalid value for argument `filters`, expected a positive integer, received " +
                     std::to_string(filters));
  }
  for (int v : {kernel_size_.h, kernel_size_.w, options_.strides.h, options_.strides.w, options_.dilation_rate.h,
                options_.dilation_rate.w}) {
    if (v <= 0) throw ValueError(owner + ": kernel_size, strides and dilation_rate must be positive integers");
  }
  if ((options_.strides.h > 1 || options_.strides.w > 1) &&
      (options_.dilation_rate.h > 1 || options_.dilation_rate.w > 1)) {
    throw ValueError(owner + ": specifying `strides > 1` is not compatible with `dilation_rate > 1`");
  }
  if (options_.data_format != "channels_last") {
    throw ValueError(owner + ": data_format='" + options_.data_format +
                     "' is not supported; libkeras computes in channels_last, Keras' default");
  }
  options_.padding = ops::padding_name(ops::parse_padding(options_.padding, "padding of " + owner));
  activations::get(options_.activation);
  activations::get(options_.recurrent_activation);
  options_.dropout = detail::clip_rate(options_.dropout);
  options_.recurrent_dropout = detail::clip_rate(options_.recurrent_dropout);
  input_spec_.ndim = 4;
}

Shape ConvLSTMCell::compute_output_shape(const Shape& s) const {
  const ops::Padding padding = ops::parse_padding(options_.padding);
  auto out = [&](std::int64_t n, int k, int stride, int dilation) {
    return n < 0 ? n : ops::conv_output_length(n, k, padding, stride, dilation);
  };
  return Shape{s[0], out(s[1], kernel_size_.h, options_.strides.h, options_.dilation_rate.h),
               out(s[2], kernel_size_.w, options_.strides.w, options_.dilation_rate.w), filters_};
}

std::vector<Shape> ConvLSTMCell::state_shapes(const Shape& step_input_shape) const {
  const Shape s = compute_output_shape(step_input_shape);
  return {s, s};
}

void ConvLSTMCell::build(const Shape& input_shape) {
  if (input_shape[1] < 0 || input_shape[2] < 0 || input_shape[3] < 0) {
    throw ShapeError("ConvLSTMCell \"" + name() +
                     "\": ConvLSTM layers need static spatial and channel dimensions, "
                     "received input shape " +
                     input_shape.to_string());
  }
  const Shape out = compute_output_shape(input_shape);
  if (out[1] <= 0 || out[2] <= 0) {
    throw ShapeError("ConvLSTMCell \"" + name() + "\": the kernel does not fit the input of shape " +
                     input_shape.to_string());
  }
  const std::int64_t kh = kernel_size_.h, kw = kernel_size_.w, f4 = 4 * filters_;
  kernel_ = &add_weight("kernel", Shape{kh, kw, input_shape[3], f4}, options_.kernel_initializer, true,
                        options_.kernel_regularizer, options_.kernel_constraint);
  recurrent_kernel_ = &add_weight("recurrent_kernel", Shape{kh, kw, filters_, f4}, options_.recurrent_initializer, true,
                                  options_.recurrent_regularizer, options_.recurrent_constraint);
  if (options_.use_bias) {
    const InitializerArg init = options_.unit_forget_bias
                                    ? detail::unit_forget_bias_initializer(options_.bias_initializer)
                                    : options_.bias_initializer;
    bias_ = &add_weight("bias", Shape{f4}, init, true, options_.bias_regularizer, options_.bias_constraint);
  }
  input_spec_.axes = {{-1, input_shape[3]}};
}

Tensor ConvLSTMCell::input_convolutions(const Tensor& x, bool training) {
  const std::int64_t B = x.dim(0), T = x.dim(1);
  const Shape step{B, x.dim(2), x.dim(3), x.dim(4)};
  const ops::Padding padding = ops::parse_padding(options_.padding);
  const Tensor bias = bias_ ? bias_->value() : Tensor();
  auto conv = [&](const Tensor& seq, const Tensor& k, const Tensor& b) {
    return ops::conv2d(ops::reshape(seq, Shape{B * T, step[1], step[2], step[3]}), k, b, options_.strides.array(),
                       padding, options_.dilation_rate.array());
  };
  const Tensor masks = dropout_masks(options_.dropout, 4, step, x.device(), training);
  Tensor z;
  if (!masks.defined()) {
    z = conv(x, kernel_->value(), bias);
  } else {
    // One mask per gate (Keras' ConvLSTMCell), each the same for every step of the sequence.
    std::vector<Tensor> parts;
    for (int g = 0; g < 4; ++g) {
      const Tensor m = ops::reshape(ops::slice_axis(masks, 0, g, g + 1), Shape{B, 1, step[1], step[2], step[3]});
      parts.push_back(conv(ops::multiply(x, m), gate(kernel_->value(), g, filters_),
                           bias.defined() ? gate(bias, g, filters_) : Tensor()));
    }
    z = ops::concatenate(parts, -1);
  }
  return ops::reshape(z, Shape{B, T, z.dim(1), z.dim(2), z.dim(3)});
}

Tensor ConvLSTMCell::recurrent_convolution(const Tensor& h, const Tensor& masks) {
  const Tensor& rk = recurrent_kernel_->value();
  if (!masks.defined()) return ops::conv2d(h, rk, Tensor(), {1, 1}, ops::Padding::same);
  std::vector<Tensor> parts;
  for (int g = 0; g < 4; ++g) {
    const Tensor m = ops::squeeze(ops::slice_axis(masks, 0, g, g + 1), 0);
    parts.push_back(ops::conv2d(ops::multiply(h, m), gate(rk, g, filters_), Tensor(), {1, 1}, ops::Padding::same));
  }
  return ops::concatenate(parts, -1);
}

std::vector<Tensor> ConvLSTMCell::run_sequence(const Tensor& x, const std::vector<Tensor>& states, const Tensor& mask,
                                               const SequenceOptions& options, bool training) {
  if (x.rank() != 5) {
    throw ShapeError("ConvLSTMCell \"" + name() + "\" expects a sequence (batch, time, rows, cols, channels), " +
                     "received shape " + x.shape().to_string());
  }
  maybe_build(Shape{x.dim(0), x.dim(2), x.dim(3), x.dim(4)});
  const activations::Function act = activations::get(options_.activation);
  const activations::Function rec_act = activations::get(options_.recurrent_activation);
  const std::int64_t T = x.dim(1), B = x.dim(0);
  const Tensor zx = input_convolutions(x, training);
  const Tensor rmasks = dropout_masks(options_.recurrent_dropout, 4, states.at(0).shape(), x.device(), training);
  const Tensor step_mask = mask.defined() ? ops::cast(mask, float32) : Tensor();
  Tensor h = states.at(0), c = states.at(1), prev = Tensor::zeros(h.shape(), float32, h.device());
  std::vector<Tensor> outputs;
  for (std::int64_t s = 0; s < T; ++s) {
    const std::int64_t t = options.go_backwards ? T - 1 - s : s;
    const Tensor zt = ops::squeeze(ops::slice_axis(zx, 1, t, t + 1), 1);
    const Tensor z = ops::add(zt, recurrent_convolution(h, rmasks));
    const Tensor i = rec_act(gate(z, 0, filters_)), f = rec_act(gate(z, 1, filters_));
    const Tensor g = act(gate(z, 2, filters_)), o = rec_act(gate(z, 3, filters_));
    const Tensor c_new = ops::add(ops::multiply(f, c), ops::multiply(i, g));
    const Tensor h_new = ops::multiply(o, act(c_new));
    Tensor y = h_new;
    if (step_mask.defined()) {
      // Masked samples keep their states and repeat (or zero) their previous output.
      const Tensor m = ops::reshape(ops::slice_axis(step_mask, 1, t, t + 1), Shape{B, 1, 1, 1});
      y = ops::where(m, h_new, options.zero_output_for_mask ? Tensor::zeros(h.shape(), float32, h.device()) : prev);
      h = ops::where(m, h_new, h);
      c = ops::where(m, c_new, c);
    } else {
      h = h_new;
      c = c_new;
    }
    outputs.push_back(y);
    prev = y;
  }
  return {ops::stack(outputs, 1), h, c};
}

}  // namespace keras::layers
