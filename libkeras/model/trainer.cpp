// Model::fit / evaluate / predict and the per-batch steps, with Keras' semantics: the last
// fraction of the data is held out before shuffling, steps = ceil(n / batch_size) (the last
// partial batch is kept), metrics are running means over the epoch, logs keys are sorted.

#include <cmath>

#include "callbacks/callback_list.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/model/model.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/random.h"

namespace keras {

namespace {

struct Arrays {
  Tensor x, y, sample_weight;
};

Arrays rows(const Arrays& a, std::int64_t begin, std::int64_t end) {
  return {a.x.slice(begin, end), a.y.defined() ? a.y.slice(begin, end) : Tensor(),
          a.sample_weight.defined() ? a.sample_weight.slice(begin, end) : Tensor()};
}

Arrays gather(const Arrays& a, const Tensor& indices) {
  return {ops::take(a.x, indices), a.y.defined() ? ops::take(a.y, indices) : Tensor(),
          a.sample_weight.defined() ? ops::take(a.sample_weight, indices) : Tensor()};
}

/// A uniformly random permutation of [0, n) (Fisher-Yates).
Tensor permutation(std::int64_t n, std::uint64_t seed) {
  Tensor perm(Shape{n}, int64);
  std::int64_t* p = perm.data<std::int64_t>();
  for (std::int64_t i = 0; i < n; ++i) p[i] = i;
  random::Generator g(seed);
  for (std::int64_t i = n - 1; i > 0; --i) {
    auto j = static_cast<std::int64_t>(g.next_u64() % static_cast<std::uint64_t>(i + 1));
    std::swap(p[i], p[j]);
  }
  return perm;
}

void check_cardinality(const Tensor& x, const Tensor& y, const Tensor& sample_weight) {
  if (!x.defined()) throw ValueError("Missing input data `x`");
  if (x.rank() == 0) throw ShapeError("Input data `x` must have a batch axis, received a scalar");
  auto sizes = [](const Tensor& t) { return t.defined() ? std::to_string(t.dim(0)) : std::string("-"); };
  bool y_ok = !y.defined() || (y.rank() > 0 && y.dim(0) == x.dim(0));
  bool w_ok = !sample_weight.defined() || (sample_weight.rank() > 0 && sample_weight.dim(0) == x.dim(0));
  if (!y_ok || !w_ok) {
    std::string msg = "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.\n'x' sizes: " +
                      sizes(x) + "\n'y' sizes: " + sizes(y);
    if (sample_weight.defined()) msg += "\n'sample_weight' sizes: " + sizes(sample_weight);
    throw ValueError(msg);
  }
}

/// Keras class_weight_to_sample_weights: per-sample weights from integer (or one-hot) labels.
Tensor class_weight_to_sample_weights(const Tensor& y, const std::map<std::int64_t, double>& class_weight) {
  Tensor labels = y;
  if (labels.rank() > 1) {
    if (labels.dim(-1) != 1) {
      labels = ops::argmax(labels, -1);
    } else {
      labels = labels.reshape(Shape{labels.dim(0)});
    }
  }
  if (labels.rank() != 1) {
    throw ValueError("`class_weight` needs integer labels of shape (samples,) or one-hot targets; received y of shape " +
                     y.shape().to_string());
  }
  std::vector<double> raw = labels.to_vector<double>();
  std::vector<float> weights(raw.size(), 1.0f);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    auto it = class_weight.find(static_cast<std::int64_t>(std::llround(raw[i])));
    if (it != class_weight.end()) weights[i] = static_cast<float>(it->second);
  }
  return Tensor::from_vector(weights, Shape{static_cast<std::int64_t>(weights.size())});
}

std::int64_t steps_for(std::int64_t n, std::int64_t batch_size) { return (n + batch_size - 1) / batch_size; }

std::int64_t checked_batch_size(const std::optional<std::int64_t>& batch_size) {
  std::int64_t b = batch_size.value_or(32);
  if (b <= 0) throw ValueError("`batch_size` must be a positive integer, received batch_size=" + std::to_string(b));
  return b;
}

}  // namespace

void Model::ensure_ready_for(const Tensor& x, const char* api) {
  if (!x.defined() || x.rank() == 0) {
    throw ShapeError(std::string(api) + ": input data must have a batch axis");
  }
  Shape data_shape = x.shape();
  data_shape[0] = -1;
  maybe_build(data_shape);
}

Logs Model::train_step(const Tensor& x, const Tensor& y, const Tensor& sample_weight) {
  std::vector<Variable*> variables = trainable_weights();
  std::vector<Tensor> sources;
  sources.reserve(variables.size());
  for (Variable* v : variables) sources.push_back(v->value());
  Tensor y_pred, loss;
  std::vector<Tensor> grads;
  {
    autograd::GradientTape tape;
    for (const Tensor& s : sources) tape.watch(s);
    y_pred = (*this)(x, true);
    build_compiled(y, y_pred);
    loss = compute_loss(y, y_pred, sample_weight);
    grads = tape.gradient(loss, sources);
  }
  if (!variables.empty()) optimizer_->apply_gradients(grads, variables);
  update_metrics(y, y_pred, sample_weight, loss.item(), x.dim(0));
  return metric_results();
}

Logs Model::test_step(const Tensor& x, const Tensor& y, const Tensor& sample_weight) {
  autograd::NoGradGuard no_grad;
  Tensor y_pred = (*this)(x, false);
  build_compiled(y, y_pred);
  Tensor loss = compute_loss(y, y_pred, sample_weight);
  update_metrics(y, y_pred, sample_weight, loss.item(), x.dim(0));
  return metric_results();
}

Logs Model::run_evaluation(const Tensor& x, const Tensor& y, const Tensor& sample_weight, std::int64_t batch_size,
                           callbacks::CallbackList& cbs) {
  reset_metrics();
  cbs.on_test_begin();
  Arrays data{x, y, sample_weight};
  std::int64_t n = x.dim(0), steps = steps_for(n, batch_size);
  Logs logs;
  for (std::int64_t step = 0; step < steps; ++step) {
    Arrays batch = rows(data, step * batch_size, std::min(n, (step + 1) * batch_size));
    cbs.on_test_batch_begin(step);
    logs = test_step(batch.x, batch.y, batch.sample_weight);
    cbs.on_test_batch_end(step, logs);
  }
  logs = metric_results();
  cbs.on_test_end(logs);
  return logs;
}

callbacks::History Model::fit(const Tensor& x, const Tensor& y, FitOptions o) {
  if (!compiled_) throw ValueError("You must call `compile()` before using the model.");
  check_cardinality(x, y, o.sample_weight);
  if (!y.defined()) throw ValueError("fit(): targets `y` are required");
  if (o.validation_split < 0.0 || o.validation_split >= 1.0) {
    throw ValueError("`validation_split` must be in [0, 1), received validation_split=" +
                     std::to_string(o.validation_split));
  }
  if (o.epochs < 0 || o.initial_epoch < 0) throw ValueError("`epochs` and `initial_epoch` must be non-negative");
  if (o.validation_freq <= 0) throw ValueError("`validation_freq` must be a positive integer");
  const std::int64_t batch_size = checked_batch_size(o.batch_size);

  Arrays train{x, y, o.sample_weight};
  if (!o.class_weight.empty()) {
    if (train.sample_weight.defined()) {
      throw ValueError("You cannot `class_weight` and `sample_weight` at the same time.");
    }
    train.sample_weight = class_weight_to_sample_weights(y, o.class_weight);
  }
  std::optional<Arrays> validation;
  if (o.validation_data) {
    check_cardinality(o.validation_data->x, o.validation_data->y, o.validation_data->sample_weight);
    validation = Arrays{o.validation_data->x, o.validation_data->y, o.validation_data->sample_weight};
  } else if (o.validation_split > 0.0) {
    std::int64_t n = x.dim(0);
    auto split_at = static_cast<std::int64_t>(std::floor(static_cast<double>(n) * (1.0 - o.validation_split)));
    if (split_at == 0 || split_at == n) {
      throw ValueError("Training data contains " + std::to_string(n) +
                       " samples, which is not sufficient to split it into a validation and training set as specified "
                       "by `validation_split=" + std::to_string(o.validation_split) +
                       "`. Either provide more data, or a different value for the `validation_split` argument.");
    }
    validation = rows(train, split_at, n);
    train = rows(train, 0, split_at);
  }
  ensure_ready_for(train.x, "fit");
  const std::int64_t n = train.x.dim(0), steps = steps_for(n, batch_size);
  const std::int64_t val_batch = o.validation_batch_size ? checked_batch_size(o.validation_batch_size) : batch_size;

  callbacks::CallbackList cbs(o.callbacks, true, o.verbose != 0, this, {o.verbose, o.epochs, steps});
  stop_training = false;
  cbs.on_train_begin();
  Logs epoch_logs;
  for (int epoch = o.initial_epoch; epoch < o.epochs; ++epoch) {
    reset_metrics();
    cbs.on_epoch_begin(epoch);
    Tensor order = o.shuffle ? permutation(n, random::next_seed()) : Tensor();
    for (std::int64_t step = 0; step < steps; ++step) {
      std::int64_t begin = step * batch_size, end = std::min(n, begin + batch_size);
      Arrays batch = order.defined() ? gather(train, order.slice(begin, end)) : rows(train, begin, end);
      cbs.on_train_batch_begin(step);
      Logs logs = train_step(batch.x, batch.y, batch.sample_weight);
      cbs.on_train_batch_end(step, logs);
      if (stop_training) break;
    }
    epoch_logs = metric_results();
    if (validation && (epoch + 1) % o.validation_freq == 0) {
      Logs val_logs = run_evaluation(validation->x, validation->y, validation->sample_weight, val_batch, cbs);
      for (const auto& [k, v] : val_logs) epoch_logs["val_" + k] = v;
    }
    cbs.on_epoch_end(epoch, epoch_logs);
    if (stop_training) break;
  }
  cbs.on_train_end(epoch_logs);
  return *cbs.history();
}

EvaluationResult Model::evaluate(const Tensor& x, const Tensor& y, EvaluateOptions o) {
  if (!compiled_) throw ValueError("You must call `compile()` before using the model.");
  check_cardinality(x, y, o.sample_weight);
  if (!y.defined()) throw ValueError("evaluate(): targets `y` are required");
  ensure_ready_for(x, "evaluate");
  const std::int64_t batch_size = checked_batch_size(o.batch_size);
  callbacks::CallbackList cbs(o.callbacks, false, o.verbose != 0, this,
                              {o.verbose, 1, steps_for(x.dim(0), batch_size)});
  run_evaluation(x, y, o.sample_weight, batch_size, cbs);
  return ordered_results();
}

Tensor Model::predict(const Tensor& x, PredictOptions o) {
  check_cardinality(x, Tensor(), Tensor());
  if (x.dim(0) == 0) throw ValueError("predict(): `x` contains no samples");
  ensure_ready_for(x, "predict");
  const std::int64_t batch_size = checked_batch_size(o.batch_size);
  const std::int64_t n = x.dim(0), steps = steps_for(n, batch_size);
  callbacks::CallbackList cbs(o.callbacks, false, o.verbose != 0, this, {o.verbose, 1, steps});
  autograd::NoGradGuard no_grad;
  cbs.on_predict_begin();
  Tensor result;
  for (std::int64_t step = 0; step < steps; ++step) {
    std::int64_t begin = step * batch_size, end = std::min(n, begin + batch_size);
    cbs.on_predict_batch_begin(step);
    Tensor out = (*this)(x.slice(begin, end), false);
    if (!result.defined()) {
      std::vector<std::int64_t> dims = out.shape().dims();
      dims[0] = n;
      result = Tensor(Shape(dims), out.dtype(), out.device());
    }
    result.slice(begin, end).assign(out);
    cbs.on_predict_batch_end(step);
  }
  cbs.on_predict_end();
  return result;
}

EvaluationResult Model::train_on_batch(const Tensor& x, const Tensor& y, const Tensor& sample_weight,
                                       const std::map<std::int64_t, double>& class_weight) {
  if (!compiled_) throw ValueError("You must call `compile()` before using the model.");
  check_cardinality(x, y, sample_weight);
  Tensor weights = sample_weight;
  if (!class_weight.empty()) {
    if (weights.defined()) throw ValueError("You cannot `class_weight` and `sample_weight` at the same time.");
    weights = class_weight_to_sample_weights(y, class_weight);
  }
  ensure_ready_for(x, "train_on_batch");
  reset_metrics();
  train_step(x, y, weights);
  return ordered_results();
}

EvaluationResult Model::test_on_batch(const Tensor& x, const Tensor& y, const Tensor& sample_weight) {
  if (!compiled_) throw ValueError("You must call `compile()` before using the model.");
  check_cardinality(x, y, sample_weight);
  ensure_ready_for(x, "test_on_batch");
  reset_metrics();
  test_step(x, y, sample_weight);
  return ordered_results();
}

Tensor Model::predict_on_batch(const Tensor& x) {
  ensure_ready_for(x, "predict_on_batch");
  autograd::NoGradGuard no_grad;
  return (*this)(x, false).clone();
}

}  // namespace keras
