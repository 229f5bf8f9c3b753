#include "layers/rnn/rnn_config.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "layers/rnn/conv_lstm2d.h"
#include "layers/rnn/gru.h"
#include "layers/rnn/lstm.h"
#include "layers/rnn/rnn.h"
#include "layers/rnn/simple_rnn.h"
#include "libkeras/utils/error.h"

namespace keras::layers::detail {

namespace {

InitializerArg read_initializer(const ConfigReader& c, const std::string& key, const InitializerArg& fallback) {
  if (c.is_null(key)) return fallback;
  try {
    return InitializerArg(initializers::deserialize(c.raw(key)));
  } catch (const ValueError& e) {
    c.fail(key, std::string("is not a valid initializer (") + e.what() + ")");
  }
}

class UnitForgetBias final : public initializers::Initializer {
 public:
  explicit UnitForgetBias(InitializerArg inner) : inner_(std::move(inner)) {}
  Tensor operator()(const Shape& shape) const override {
    const std::int64_t n = shape.dim(0) / 4;
    Tensor out(shape);
    float* p = out.data<float>();
    const Tensor head = (*inner_)(Shape{n}), tail = (*inner_)(Shape{2 * n});
    std::copy_n(head.data<float>(), n, p);
    std::fill_n(p + n, n, 1.0f);
    std::copy_n(tail.data<float>(), 2 * n, p + 2 * n);
    return out;
  }
  std::string class_name() const override { return inner_->class_name(); }
  Json get_config() const override { return inner_->get_config(); }

 private:
  InitializerArg inner_;
};

}  // namespace

template <class O>
void read_cell_fields(const ConfigReader& c, O& o) {
  // A missing activation keeps Keras' default (tanh, sigmoid); an explicit null means linear.
  auto activation = [&](const char* key, const std::string& fallback) {
    if (!c.has(key)) return fallback;
    return c.is_null(key) ? std::string("linear") : c.string(key, fallback);
  };
  o.activation = activation("activation", o.activation);
  if constexpr (requires { o.recurrent_activation; })
    o.recurrent_activation = activation("recurrent_activation", o.recurrent_activation);
  o.use_bias = c.boolean("use_bias", true);
  o.kernel_initializer = read_initializer(c, "kernel_initializer", o.kernel_initializer);
  o.recurrent_initializer = read_initializer(c, "recurrent_initializer", o.recurrent_initializer);
  o.bias_initializer = read_initializer(c, "bias_initializer", o.bias_initializer);
  if constexpr (requires { o.unit_forget_bias; }) o.unit_forget_bias = c.boolean("unit_forget_bias", true);
  o.kernel_regularizer = regularizers::deserialize_field(c, "kernel_regularizer");
  o.recurrent_regularizer = regularizers::deserialize_field(c, "recurrent_regularizer");
  o.bias_regularizer = regularizers::deserialize_field(c, "bias_regularizer");
  if constexpr (requires { o.activity_regularizer; }) {
    o.activity_regularizer = regularizers::deserialize_field(c, "activity_regularizer");
  }
  o.kernel_constraint = constraints::deserialize_field(c, "kernel_constraint");
  o.recurrent_constraint = constraints::deserialize_field(c, "recurrent_constraint");
  o.bias_constraint = constraints::deserialize_field(c, "bias_constraint");
  o.dropout = c.number("dropout", 0.0);
  o.recurrent_dropout = c.number("recurrent_dropout", 0.0);
  if constexpr (requires { o.reset_after; }) o.reset_after = c.boolean("reset_after", true);
  if (!c.is_null("seed")) o.seed = static_cast<std::uint64_t>(c.integer("seed"));
  o.name = c.string("name", "");
}

template <class O>
void read_rnn_fields(const ConfigReader& c, O& o) {
  o.return_sequences = c.boolean("return_sequences", false);
  o.return_state = c.boolean("return_state", false);
  o.go_backwards = c.boolean("go_backwards", false);
  o.stateful = c.boolean("stateful", false);
  o.unroll = c.boolean("unroll", false);
  o.zero_output_for_mask = c.boolean("zero_output_for_mask", false);
}

template void read_cell_fields(const ConfigReader&, SimpleRNNCellOptions&);
template void read_cell_fields(const ConfigReader&, SimpleRNNOptions&);
template void read_cell_fields(const ConfigReader&, LSTMCellOptions&);
template void read_cell_fields(const ConfigReader&, LSTMOptions&);
template void read_cell_fields(const ConfigReader&, GRUCellOptions&);
template void read_cell_fields(const ConfigReader&, GRUOptions&);
template void read_cell_fields(const ConfigReader&, ConvLSTM2DOptions&);
template void read_rnn_fields(const ConfigReader&, RNNOptions&);
template void read_rnn_fields(const ConfigReader&, SimpleRNNOptions&);
template void read_rnn_fields(const ConfigReader&, LSTMOptions&);
template void read_rnn_fields(const ConfigReader&, GRUOptions&);
template void read_rnn_fields(const ConfigReader&, ConvLSTM2DOptions&);

Json initializer_json(const InitializerArg& initializer) { return initializers::serialize(*initializer); }
Json regularizer_json(const RegularizerArg& regularizer) { return regularizers::serialize(regularizer.get().get()); }
Json constraint_json(const ConstraintArg& constraint) { return constraints::serialize(constraint.get().get()); }
Json seed_json(const std::optional<std::uint64_t>& seed) { return seed ? Json(*seed) : Json(nullptr); }

double clip_rate(double rate) { return std::min(1.0, std::max(0.0, rate)); }

InitializerArg unit_forget_bias_initializer(const InitializerArg& bias_initializer) {
  return InitializerArg(std::make_shared<UnitForgetBias>(bias_initializer));
}

void check_units(std::int64_t units, const std::string& owner) {
  if (units <= 0) {
    throw ValueError(owner + ": received an invalid value for argument `units`, expected a positive integer, got " +
                     std::to_string(units));
  }
}

}  // namespace keras::layers::detail
