#pragma once
// Config plumbing shared by the recurrent layers and cells: their Options structs repeat Keras'
// keyword arguments (LSTM takes every LSTMCell argument plus RNN's), so fields are read by name
// into whichever struct has them, and a layer's cell options are copied field by field.

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>

#include "libkeras/model/layer.h"
#include "libkeras/ops/recurrent_ops.h"
#include "libkeras/serialization/config_reader.h"

namespace keras::layers::detail {

/// Reads the cell arguments Keras writes (activation ... seed) into `o`; fields `o` lacks are skipped.
template <class O>
void read_cell_fields(const ConfigReader& c, O& o);

/// Reads return_sequences, return_state, go_backwards, stateful, unroll and zero_output_for_mask.
template <class O>
void read_rnn_fields(const ConfigReader& c, O& o);

Json initializer_json(const InitializerArg& initializer);
Json regularizer_json(const RegularizerArg& regularizer);
Json constraint_json(const ConstraintArg& constraint);
Json seed_json(const std::optional<std::uint64_t>& seed);

/// Keras clips dropout rates into [0, 1].
double clip_rate(double rate);

/// Keras' unit_forget_bias: [bias_initializer(n), ones(n), bias_initializer(2n)] for a bias of 4n.
InitializerArg unit_forget_bias_initializer(const InitializerArg& bias_initializer);

/// Throws ValueError naming the layer unless units > 0 (Keras' message).
void check_units(std::int64_t units, const std::string& owner);

/// check_units, then the activation (and recurrent_activation, where the options have one) must
/// be one the fused kernels implement; errors name `owner`.
template <class O>
void check_cell_arguments(std::int64_t units, const O& o, const std::string& owner) {
  check_units(units, owner);
  ops::check_rnn_activation(o.activation, owner, "activation");
  if constexpr (requires { o.recurrent_activation; })
    ops::check_rnn_activation(o.recurrent_activation, owner, "recurrent_activation");
}

/// The cell options of a layer's options: every field the cell has, and the cell's name.
template <class CellOptions, class LayerOptions>
CellOptions cell_options(const LayerOptions& o, const std::string& name) {
  CellOptions c;
  c.activation = o.activation;
  if constexpr (requires { c.recurrent_activation; }) c.recurrent_activation = o.recurrent_activation;
  c.use_bias = o.use_bias;
  c.kernel_initializer = o.kernel_initializer;
  c.recurrent_initializer = o.recurrent_initializer;
  c.bias_initializer = o.bias_initializer;
  if constexpr (requires { c.unit_forget_bias; }) c.unit_forget_bias = o.unit_forget_bias;
  c.kernel_regularizer = o.kernel_regularizer;
  c.recurrent_regularizer = o.recurrent_regularizer;
  c.bias_regularizer = o.bias_regularizer;
  c.kernel_constraint = o.kernel_constraint;
  c.recurrent_constraint = o.recurrent_constraint;
  c.bias_constraint = o.bias_constraint;
  c.dropout = o.dropout;
  c.recurrent_dropout = o.recurrent_dropout;
  if constexpr (requires { c.reset_after; }) c.reset_after = o.reset_after;
  c.seed = o.seed;
  c.name = name;
  return c;
}

/// The RNN arguments of a layer's options.
template <class RNNOptions, class LayerOptions>
RNNOptions rnn_options(const LayerOptions& o) {
  RNNOptions r;
  r.return_sequences = o.return_sequences;
  r.return_state = o.return_state;
  r.go_backwards = o.go_backwards;
  r.stateful = o.stateful;
  r.unroll = o.unroll;
  r.zero_output_for_mask = o.zero_output_for_mask;
  r.name = o.name;
  return r;
}

}  // namespace keras::layers::detail
