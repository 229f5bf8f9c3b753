#include "layers/attention/multi_head_attention.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/attention/attention_axes.h"
#include "layers/attention/attention_masks.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

namespace {

std::vector<std::int64_t> dims_between(const Shape& s, int begin, int end) {
  return std::vector<std::int64_t>(s.dims().begin() + begin, s.dims().begin() + end);
}

// A fresh initializer from the same config, as Keras gives each projection its own copy: an
// unseeded initializer then draws new values for each kernel.
InitializerArg clone(const InitializerArg& init) { return initializers::deserialize(initializers::serialize(*init)); }

template <class T>
std::vector<T> int_or_list(const ConfigReader& c, const std::string& key) {
  if (c.is_null(key)) return {};
  const Json& v = c.raw(key);
  if (v.is_number_integer()) return {v.get<T>()};
  if (!v.is_array()) c.fail(key, "must be null, an integer or a list of integers");
  std::vector<T> out;
  for (const Json& e : v) {
    if (!e.is_number_integer()) c.fail(key, "must be null, an integer or a list of integers");
    out.push_back(e.get<T>());
  }
  return out;
}

}  // namespace

MultiHeadAttention::MultiHeadAttention(std::int64_t num_heads, std::int64_t key_dim, Options options)
    : Shareable("multi_head_attention", options.name), num_heads_(num_heads), key_dim_(key_dim),
      value_dim_(options.value_dim.value_or(key_dim)), options_(std::move(options)),
      generator_(options_.seed) {
  if (num_heads <= 0) {
    throw ValueError(who() +
                     ": received an invalid value for argument `num_heads`, expected a positive integer. Received: "
                     "num_heads=" +
                     std::to_string(num_heads));
  }
  if (key_dim <= 0) {
    throw ValueError(who() +
                     ": received an invalid value for argument `key_dim`, expected a positive integer. Received: "
                     "key_dim=" +
                     std::to_string(key_dim));
  }
  if (value_dim_ <= 0) {
    throw ValueError(who() +
                     ": received an invalid value for argument `value_dim`, expected a positive integer or `None`. "
                     "Received: value_dim=" +
                     std::to_string(value_dim_));
  }
  if (!(options_.dropout >= 0.0 && options_.dropout < 1.0)) {
    throw ValueError(who() + ": dropout must be in [0, 1), received dropout=" + std::to_string(options_.dropout));
  }
  if (options_.sliding_window && *options_.sliding_window <= 0) {
    throw ValueError(who() + ": `sliding_window` must be `None` or a positive integer. Received: sliding_window=" +
                     std::to_string(*options_.sliding_window));
  }
  for (std::int64_t d : options_.output_shape) {
    if (d <= 0) throw ValueError(who() + ": output_shape must hold positive sizes");
  }
  supports_masking_ = true;
}

std::string MultiHeadAttention::who() const { return "MultiHeadAttention \"" + name() + "\""; }

std::shared_ptr<Layer> MultiHeadAttention::from_config(const Json& config) {
  ConfigReader c(config, "MultiHeadAttention layer");
  if (c.boolean("flash_attention", false)) c.fail("flash_attention", "must be false or null (no flash attention)");
  Options o;
  if (!c.is_null("value_dim")) o.value_dim = c.integer("value_dim");
  o.dropout = c.number("dropout", 0.0);
  o.use_bias = c.boolean("use_bias", true);
  o.output_shape = int_or_list<std::int64_t>(c, "output_shape");
  o.attention_axes = int_or_list<int>(c, "attention_axes");
  if (!c.is_null("sliding_window")) o.sliding_window = c.integer("sliding_window");
  o.kernel_initializer = initializer_field(c, "kernel_initializer", "glorot_uniform");
  o.bias_initializer = initializer_field(c, "bias_initializer", "zeros");
  o.kernel_regularizer = regularizer_field(c, "kernel_regularizer");
  o.bias_regularizer = regularizer_field(c, "bias_regularizer");
  o.activity_regularizer = regularizer_field(c, "activity_regularizer");
  o.kernel_constraint = constraint_field(c, "kernel_constraint");
  o.bias_constraint = constraint_field(c, "bias_constraint");
  o.use_gate = c.boolean("use_gate", false);
  if (!c.is_null("seed")) o.seed = static_cast<std::uint64_t>(c.integer("seed"));
  o.name = c.string("name", "");
  return std::make_shared<MultiHeadAttention>(c.integer("num_heads"), c.integer("key_dim"), o);
}

attention::AxesLayout MultiHeadAttention::layout(int rank) const {
  return attention::AxesLayout::resolve(options_.attention_axes, rank, who());
}

void MultiHeadAttention::check_inputs(const std::vector<Shape>& shapes) const {
  if (shapes.size() < 2 || shapes.size() > 4) {
    throw ValueError(who() +
                     " expects the inputs [query, value], [query, value, key] or [query, value, key, "
                     "attention_mask]; received " +
                     std::to_string(shapes.size()) + " input(s)");
  }
  const Shape& query = shapes[0];
  const Shape& value = shapes[1];
  const Shape& key = shapes.size() > 2 ? shapes[2] : value;
  const int r = query.rank();
  if (r < 3 || value.rank() != r || key.rank() != r) {
    throw ShapeError(who() +
                     ": query, value and key must have one rank of at least 3 (batch, sequence..., "
                     "features); received query " +
                     query.to_string() + ", value " + value.to_string() + ", key " + key.to_string());
  }
  if (dims_between(value, 1, r - 1) != dims_between(key, 1, r - 1)) {
    throw ValueError(who() +
                     ": all dimensions of `value` and `key`, except the last one, must be equal. Received: "
                     "value_shape=" +
                     value.to_string() + " and key_shape=" + key.to_string());
  }
  for (const Shape* s : {&query, &value, &key}) {
    if (s->dim(-1) < 0)
      throw ShapeError(who() + ": the feature size of every input must be known, received " + s->to_string());
  }
  if ((options_.use_causal_mask || options_.sliding_window) && r != 3) {
    throw ValueError(who() +
                     ": use_causal_mask and sliding_window need inputs of rank 3 (batch, sequence, "
                     "features); received query " +
                     query.to_string());
  }
  const attention::AxesLayout axes = layout(r);
  if (attention::dims_at(query, axes.batch_like) != attention::dims_at(value, axes.batch_like)) {
    throw ShapeError(who() + ": query " + query.to_string() + " and value " + value.to_string() +
                     " must agree on the axes not attended over (attention_axes=" + Json(axes.attended).dump() + ")");
  }
  if (shapes.size() == 4) {
    const Shape& m = shapes[3];
    std::vector<std::int64_t> want{query[0]};
    for (std::int64_t d : attention::dims_at(query, axes.attended)) want.push_back(d);
    for (std::int64_t d : attention::dims_at(value, axes.attended)) want.push_back(d);
    bool ok = m.rank() == static_cast<int>(want.size());
    for (int d = 0; ok && d < m.rank(); ++d) {
      ok = m[d] == 1 || m[d] == want[static_cast<std::size_t>(d)] || m[d] < 0 || want[static_cast<std::size_t>(d)] < 0;
    }
    if (!ok) {
      throw ShapeError(who() + ": attention_mask of shape " + m.to_string() + " does not broadcast to " +
                       Shape(want).to_string() + " (batch, attended query axes..., attended key axes...)");
    }
  }
  if (built()) {
    const std::pair<const Projection*, const Shape*> pairs[] = {{&query_, &query}, {&key_, &key}, {&value_, &value}};
    const char* names[] = {"query", "key", "value"};
    for (int i = 0; i < 3; ++i) {
      const std::int64_t want = pairs[i].first->kernel->shape()[0];
      if (pairs[i].second->dim(-1) != want) {
        throw ShapeError(who() + ": the " + names[i] + " input has " + std::to_string(pairs[i].second->dim(-1)) +
                         " features but the layer was built for " + std::to_string(want) + " (shape " +
                         pairs[i].second->to_string() + ")");
      }
    }
  }
}

MultiHeadAttention::Projection MultiHeadAttention::add_projection(const std::string& prefix, const Shape& kernel_shape,
                                                                  const Shape& bias_shape) {
  Projection p;
  p.kernel = &add_weight(prefix + "/kernel", kernel_shape, clone(options_.kernel_initializer), true,
                         options_.kernel_regularizer, options_.kernel_constraint);
  if (options_.use_bias) {
    p.bias = &add_weight(prefix + "/bias", bias_shape, clone(options_.bias_initializer), true,
                         options_.bias_regularizer, options_.bias_constraint);
  }
  return p;
}

void MultiHeadAttention::build_multi(const std::vector<Shape>& shapes) {
  const Shape& query = shapes[0];
  const Shape& value = shapes[1];
  const Shape& key = shapes.size() > 2 ? shapes[2] : value;
  options_.attention_axes = layout(query.rank()).attended;  // Keras stores the resolved axes once built
  const std::int64_t n = num_heads_;
  query_ = add_projection("query", Shape{query.dim(-1), n, key_dim_}, Shape{n, key_dim_});
  key_ = add_projection("key", Shape{key.dim(-1), n, key_dim_}, Shape{n, key_dim_});
  if (options_.use_gate) gate_ = add_projection("gate", Shape{query.dim(-1), n, value_dim_}, Shape{n, value_dim_});
  value_ = add_projection("value", Shape{value.dim(-1), n, value_dim_}, Shape{n, value_dim_});
  std::vector<std::int64_t> out = options_.output_shape;
  if (out.empty()) out.push_back(query.dim(-1));
  std::vector<std::int64_t> kernel{n, value_dim_};
  kernel.insert(kernel.end(), out.begin(), out.end());
  output_ = add_projection("attention_output", Shape(kernel), Shape(out));
}

std::vector<Shape> MultiHeadAttention::compute_output_shapes(const std::vector<Shape>& shapes) const {
  check_inputs(shapes);
  const Shape& query = shapes[0];
  const Shape& value = shapes[1];
  const int r = query.rank();
  std::vector<std::int64_t> out = dims_between(query, 0, r - 1);
  if (options_.output_shape.empty()) {
    out.push_back(query.dim(-1));
  } else {
    out.insert(out.end(), options_.output_shape.begin(), options_.output_shape.end());
  }
  std::vector<Shape> result{Shape(out)};
  if (options_.return_attention_scores) result.push_back(scores_shape(query, value, layout(r)));
  return result;
}

Shape MultiHeadAttention::scores_shape(const Shape& query, const Shape& value,
                                       const attention::AxesLayout& axes) const {
  // Keras' einsum product: batch, the axes not attended over, heads, query axes, key axes.
  std::vector<std::int64_t> dims{query[0]};
  for (std::int64_t d : attention::dims_at(query, axes.batch_like)) dims.push_back(d);
  dims.push_back(num_heads_);
  for (std::int64_t d : attention::dims_at(query, axes.attended)) dims.push_back(d);
  for (std::int64_t d : attention::dims_at(value, axes.attended)) dims.push_back(d);
  return Shape(dims);
}

Tensor MultiHeadAttention::project(const Tensor& x, const Projection& p, const Shape& out_tail) {
  const std::int64_t in = p.kernel->shape().size() / out_tail.size();
  Tensor y = ops::matmul(ops::reshape(x, Shape{-1, in}), ops::reshape(p.kernel->value(), Shape{in, out_tail.size()}));
  if (p.bias) y = ops::add(y, ops::reshape(p.bias->value(), Shape{out_tail.size()}));
  std::vector<std::int64_t> dims = dims_between(x.shape(), 0, x.rank() - 1);
  dims.insert(dims.end(), out_tail.begin(), out_tail.end());
  return ops::reshape(y, Shape(dims));
}

void MultiHeadAttention::add_activity_loss(const Tensor& output) {
  // Keras 3 divides activity penalties by the batch size.
  if (options_.activity_regularizer) {
    add_loss(ops::divide((*options_.activity_regularizer.get())(output),
                         Tensor::scalar(static_cast<float>(output.dim(0)), output.device())));
  }
}

Tensor MultiHeadAttention::attention_mask(const std::vector<Tensor>& inputs, const attention::AxesLayout& axes,
                                          std::int64_t t, std::int64_t s) const {
  using namespace attention;
  const Tensor& query = inputs[0];
  const std::int64_t b = query.dim(0);
  const bool keras_masks = query.mask().defined() || inputs[1].mask().defined() ||
                           (inputs.size() > 2 && inputs[2].mask().defined());
  if (keras_masks && !axes.is_default()) {
    // Keras builds these masks for (batch, T, S) only; with axes riding along it has no rule.
    throw ValueError(who() + ": masks of the query, value or key need the default attention_axes; pass an "
                             "attention_mask instead");
  }
  Tensor mask;
  if (query.mask().defined()) mask = ops::reshape(as_float_mask(query.mask()), Shape{b, t, 1});
  if (inputs[1].mask().defined()) mask = combine(mask, ops::reshape(as_float_mask(inputs[1].mask()), Shape{b, 1, s}));
  if (inputs.size() > 2 && inputs[2].mask().defined()) {
    mask = combine(mask, ops::reshape(as_float_mask(inputs[2].mask()), Shape{b, 1, s}));
  }
  if (options_.use_causal_mask) mask = combine(mask, causal_mask(t, s, query.device()));
  if (options_.sliding_window)
    mask = combine(mask, sliding_window_mask(t, s, *options_.sliding_window, query.device()));
  if (inputs.size() == 4) {
    // (batch, T..., S...) broadcast, then repeated for every position of the axes riding along.
    std::vector<std::int64_t> full{b};
    for (std::int64_t d : dims_at(query.shape(), axes.attended)) full.push_back(d);
    for (std::int64_t d : dims_at(inputs[1].shape(), axes.attended)) full.push_back(d);
    Tensor given = ops::reshape(ops::broadcast_to(as_float_mask(inputs[3]), Shape(full)), Shape{b, 1, t, s});
    std::int64_t groups = 1;
    for (std::int64_t d : dims_at(query.shape(), axes.batch_like)) groups *= d;
    given = ops::reshape(ops::broadcast_to(given, Shape{b, groups, t, s}), Shape{b * groups, t, s});
    mask = combine(mask, given);
  }
  return mask;
}

std::vector<Tensor> MultiHeadAttention::call_multi(const std::vector<Tensor>& inputs, bool training) {
  using attention::arrange_heads;
  const Tensor& query = inputs[0];
  const Tensor& value = inputs[1];
  const Tensor& key = inputs.size() > 2 ? inputs[2] : value;
  const int r = query.rank();
  const std::int64_t n = num_heads_;
  const attention::AxesLayout axes = layout(r);
  std::int64_t t = 1, s = 1;
  for (std::int64_t d : attention::dims_at(query.shape(), axes.attended)) t *= d;
  for (std::int64_t d : attention::dims_at(value.shape(), axes.attended)) s *= d;
  Tensor mask = attention_mask(inputs, axes, t, s);
  if (mask.defined()) mask = ops::expand_dims(mask, 1);  // broadcast over the heads

  const Tensor q_full = project(query, query_, Shape{n, key_dim_});  // (B, d..., N, H)
  const Tensor k_full = project(key, key_, Shape{n, key_dim_});
  const Tensor v_full = project(value, value_, Shape{n, value_dim_});
  for (const Tensor& p : {q_full, k_full, v_full}) add_activity_loss(p);
  const Tensor q = arrange_heads(q_full, axes), k = arrange_heads(k_full, axes), v = arrange_heads(v_full, axes);
  const float inv_sqrt = static_cast<float>(1.0 / std::sqrt(static_cast<double>(key_dim_)));
  const Tensor scale = Tensor::scalar(inv_sqrt, query.device());
  Tensor probs;  // (B x axes riding along, N, T, S)
  if (options_.dropout == 0.0 && !options_.return_attention_scores && r == 3) {
    // Keras routes this case through ops.dot_product_attention: logits scaled after the product.
    probs = attention::dot_product_softmax(ops::multiply(ops::matmul(q, k, false, true), scale), mask);
  } else {
    probs = attention::masked_softmax(ops::matmul(ops::multiply(q, scale), k, false, true), mask);
  }
  Tensor weights = probs;
  if (training && options_.dropout > 0.0) {
    weights = ops::dropout(probs, static_cast<float>(options_.dropout), generator_.next_u64());
  }
  Tensor context = attention::restore_heads(ops::matmul(weights, v), axes, q_full.shape());  // (B, d..., N, Hv)
  if (gate_.kernel) {
    Tensor gate = ops::sigmoid(project(query, gate_, Shape{n, value_dim_}));
    add_activity_loss(gate);
    context = ops::multiply(context, gate);
  }
  std::vector<std::int64_t> out_tail = options_.output_shape;
  if (out_tail.empty()) out_tail.push_back(query.dim(-1));
  std::vector<std::int64_t> merged = dims_between(query.shape(), 0, r - 1);
  merged.push_back(n * value_dim_);
  Tensor output = project(ops::reshape(context, Shape(merged)), output_, Shape(out_tail));  // (B, d..., out)
  add_activity_loss(output);
  std::vector<Tensor> outputs{output};
  if (options_.return_attention_scores) {
    outputs.push_back(ops::reshape(probs, scores_shape(query.shape(), value.shape(), axes)));
  }
  return outputs;
}

std::vector<Tensor> MultiHeadAttention::compute_mask(const std::vector<Tensor>&, const std::vector<Tensor>& masks,
                                                     std::size_t num_outputs) const {
  std::vector<Tensor> out(num_outputs);
  if (num_outputs > 0 && !masks.empty()) out[0] = masks[0];
  return out;
}

std::vector<Layer::SaveableVars> MultiHeadAttention::saveable_vars() const {
  std::vector<SaveableVars> out{{"", name(), {}}};
  auto add = [&](const char* attribute, const char* name, const Projection& p) {
    if (!p.kernel) return;
    std::vector<Variable*> vars{p.kernel};
    if (p.bias) vars.push_back(p.bias);
    out.push_back({attribute, name, vars});
  };
  add("query_dense", "query", query_);
  add("key_dense", "key", key_);
  add("value_dense", "value", value_);
  add("output_dense", "attention_output", output_);
  add("_gate_dense", "gate", gate_);
  return out;
}

Json MultiHeadAttention::get_config() const {
  auto nullable = [](const auto& v) { return v ? Json(*v) : Json(nullptr); };
  Json c = base_config();
  c["num_heads"] = num_heads_;
  c["key_dim"] = key_dim_;
  c["value_dim"] = value_dim_;
  c["dropout"] = options_.dropout;
  c["use_bias"] = options_.use_bias;
  c["use_gate"] = options_.use_gate;
  c["output_shape"] = options_.output_shape.empty() ? Json(nullptr) : Json(options_.output_shape);
  c["attention_axes"] = options_.attention_axes.empty() ? Json(nullptr) : Json(options_.attention_axes);
  c["sliding_window"] = nullable(options_.sliding_window);
  c["kernel_initializer"] = initializers::serialize(*options_.kernel_initializer);
  c["bias_initializer"] = initializers::serialize(*options_.bias_initializer);
  c["kernel_regularizer"] = regularizers::serialize(options_.kernel_regularizer.get().get());
  c["bias_regularizer"] = regularizers::serialize(options_.bias_regularizer.get().get());
  c["activity_regularizer"] = regularizers::serialize(options_.activity_regularizer.get().get());
  c["kernel_constraint"] = constraints::serialize(options_.kernel_constraint.get().get());
  c["bias_constraint"] = constraints::serialize(options_.bias_constraint.get().get());
  c["seed"] = nullable(options_.seed);
  return c;
}

}  // namespace keras::layers
