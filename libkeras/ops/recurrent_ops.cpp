// Whole-sequence recurrent ops: shape checks, then one backend forward and one tape entry whose
// backward is the backend's back-propagation through time.

#include "libkeras/ops/recurrent_ops.h"

#include <algorithm>
#include <utility>

#include "libkeras/ops/op_support.h"
#include "libkeras/ops/ops.h"

namespace keras::ops {

namespace {

const std::vector<std::pair<std::string, RnnActivation>>& activation_table() {
  static const std::vector<std::pair<std::string, RnnActivation>> table = {
      {"linear", RnnActivation::linear},
      {"tanh", RnnActivation::tanh},
      {"sigmoid", RnnActivation::sigmoid},
      {"hard_sigmoid", RnnActivation::hard_sigmoid},
      {"relu", RnnActivation::relu},
      {"relu6", RnnActivation::relu6},
      {"leaky_relu", RnnActivation::leaky_relu},
      {"elu", RnnActivation::elu},
      {"selu", RnnActivation::selu},
      {"softsign", RnnActivation::softsign},
      {"softplus", RnnActivation::softplus},
      {"exponential", RnnActivation::exponential},
  };
  return table;
}

RnnActivation parse_activation(const std::string& name, const std::string& owner, const std::string& field) {
  for (const auto& [n, a] : activation_table()) {
    if (n == name) return a;
  }
  std::string known;
  for (const auto& n : rnn_activation_names()) known += (known.empty() ? "" : ", ") + n;
  throw ValueError(owner + ": " + field + "='" + name +
                   "' is not supported by the fused recurrent kernels. Supported activations: " + known);
}

void check_shape(const Tensor& t, const Shape& expected, const char* op, const char* what) {
  if (t.shape() != expected) {
    throw ShapeError(std::string(op) + ": " + what + " must have shape " + expected.to_string() + ", received " +
                     t.shape().to_string());
  }
}

// (1 or gates, batch, width) dropout scale factors.
void check_dropout(const Tensor& t, int gates, std::int64_t batch, std::int64_t width, const char* op,
                   const char* what) {
  if (!t.defined()) return;
  if (t.rank() != 3 || (t.dim(0) != 1 && t.dim(0) != gates) || t.dim(1) != batch || t.dim(2) != width) {
    throw ShapeError(std::string(op) + ": " + what + " must have shape (1 or " + std::to_string(gates) + ", " +
                     std::to_string(batch) + ", " + std::to_string(width) + "), received " + t.shape().to_string());
  }
}

void record_all(const std::vector<Tensor>& inputs, const std::vector<Tensor>& outputs,
                const autograd::BackwardFn& backward) {
  for (autograd::GradientTape* tape = autograd::GradientTape::active(); tape; tape = tape->enclosing()) {
    tape->record(inputs, outputs, backward);
  }
}

std::vector<Tensor> run_sequence(RnnCell cell, int gates, const char* op, const Tensor& x_in,
                                 const std::vector<Tensor>& states_in, const Tensor& kernel_in,
                                 const Tensor& recurrent_in, const Tensor& bias_in, const RnnSequenceOptions& o) {
  RnnInputs in;
  in.x = detail::as_float(x_in);
  in.kernel = detail::as_float(kernel_in);
  in.recurrent_kernel = detail::as_float(recurrent_in);
  if (bias_in.defined()) in.bias = detail::as_float(bias_in);
  for (const Tensor& s : states_in) in.states.push_back(detail::as_float(s));
  const Tensor& x = in.x;
  if (x.rank() != 3)
    throw ShapeError(std::string(op) + ": x must be (batch, time, features), received " + x.shape().to_string());
  if (x.dim(1) < 1)
    throw ShapeError(std::string(op) + ": the sequence must have at least one time step, received " +
                     x.shape().to_string());
  const std::int64_t B = x.dim(0), T = x.dim(1), D = x.dim(2);
  if (in.recurrent_kernel.rank() != 2) {
    throw ShapeError(std::string(op) + ": recurrent_kernel must be 2-D, received " +
                     in.recurrent_kernel.shape().to_string());
  }
  const std::int64_t U = in.recurrent_kernel.dim(0);
  check_shape(in.recurrent_kernel, Shape{U, gates * U}, op, "recurrent_kernel");
  check_shape(in.kernel, Shape{D, gates * U}, op, "kernel");
  if (in.bias.defined()) {
    const bool two_rows = cell == RnnCell::gru && o.reset_after;
    check_shape(in.bias, two_rows ? Shape{2, gates * U} : Shape{gates * U}, op, "bias");
  }
  for (const Tensor& s : in.states) {
    detail::check_same_device(x, s, op);
    check_shape(s, Shape{B, U}, op, "each initial state");
  }
  for (const Tensor* w : {&in.kernel, &in.recurrent_kernel, &in.bias}) {
    if (w->defined()) detail::check_same_device(x, *w, op);
  }
  if (o.mask.defined()) {
    check_shape(o.mask, Shape{B, T}, op, "mask");
    in.mask = o.mask.dtype() == float32 ? o.mask : o.mask.astype(float32);
  }
  check_dropout(o.input_dropout, gates, B, D, op, "input_dropout");
  check_dropout(o.recurrent_dropout, gates, B, U, op, "recurrent_dropout");
  if (o.input_dropout.defined()) in.input_dropout = detail::as_float(o.input_dropout);
  if (o.recurrent_dropout.defined()) in.recurrent_dropout = detail::as_float(o.recurrent_dropout);

  RnnSpec spec;
  spec.cell = cell;
  spec.activation = parse_activation(o.activation, op, "activation");
  spec.recurrent_activation = parse_activation(o.recurrent_activation, op, "recurrent_activation");
  spec.reset_after = o.reset_after;
  spec.go_backwards = o.go_backwards;
  spec.zero_output_for_mask = o.zero_output_for_mask;

  std::vector<Tensor> inputs{in.x};
  inputs.insert(inputs.end(), in.states.begin(), in.states.end());
  inputs.push_back(in.kernel);
  inputs.push_back(in.recurrent_kernel);
  if (in.bias.defined()) inputs.push_back(in.bias);
  const bool record = autograd::should_record(inputs);

  Tensor outputs(Shape{B, T, U}, float32, x.device());
  std::vector<Tensor> finals;
  for (std::size_t i = 0; i < in.states.size(); ++i) finals.emplace_back(Shape{B, U}, float32, x.device());
  auto saved = std::make_shared<RnnSaved>();
  detail::backend_of(x).recurrent().rnn_forward(spec, in, outputs, finals, record ? saved.get() : nullptr);

  std::vector<Tensor> results{outputs};
  results.insert(results.end(), finals.begin(), finals.end());
  if (record) {
    record_all(inputs, results, [spec, in, saved](const std::vector<Tensor>& g, const std::vector<bool>& needs) {
      const Device dev = in.x.device();
      auto make = [&](std::size_t i, const Tensor& like) {
        return needs[i] ? Tensor(like.shape(), float32, dev) : Tensor();
      };
      RnnGrads grads;
      std::size_t i = 0;
      grads.x = make(i++, in.x);
      for (const Tensor& s : in.states) grads.states.push_back(make(i++, s));
      grads.kernel = make(i++, in.kernel);
      grads.recurrent_kernel = make(i++, in.recurrent_kernel);
      if (in.bias.defined()) grads.bias = make(i++, in.bias);
      const std::vector<Tensor> d_finals(g.begin() + 1, g.end());
      backend_for(dev).recurrent().rnn_backward(spec, in, *saved, g[0], d_finals, grads);
      std::vector<Tensor> out{grads.x};
      out.insert(out.end(), grads.states.begin(), grads.states.end());
      out.push_back(grads.kernel);
      out.push_back(grads.recurrent_kernel);
      if (in.bias.defined()) out.push_back(grads.bias);
      return out;
    });
  }
  return results;
}

}  // namespace

const std::vector<std::string>& rnn_activation_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& entry : activation_table()) n.push_back(entry.first);
    return n;
  }();
  return names;
}

void check_rnn_activation(const std::string& activation, const std::string& owner, const std::string& field) {
  parse_activation(activation, owner, field);
}

std::vector<Tensor> simple_rnn_sequence(const Tensor& x, const Tensor& h0, const Tensor& kernel,
                                        const Tensor& recurrent_kernel, const Tensor& bias,
                                        const RnnSequenceOptions& options) {
  return run_sequence(RnnCell::simple_rnn, 1, "simple_rnn_sequence", x, {h0}, kernel, recurrent_kernel, bias, options);
}

std::vector<Tensor> lstm_sequence(const Tensor& x, const Tensor& h0, const Tensor& c0, const Tensor& kernel,
                                  const Tensor& recurrent_kernel, const Tensor& bias,
                                  const RnnSequenceOptions& options) {
  return run_sequence(RnnCell::lstm, 4, "lstm_sequence", x, {h0, c0}, kernel, recurrent_kernel, bias, options);
}

std::vector<Tensor> gru_sequence(const Tensor& x, const Tensor& h0, const Tensor& kernel,
                                 const Tensor& recurrent_kernel, const Tensor& bias,
                                 const RnnSequenceOptions& options) {
  return run_sequence(RnnCell::gru, 3, "gru_sequence", x, {h0}, kernel, recurrent_kernel, bias, options);
}

}  // namespace keras::ops
