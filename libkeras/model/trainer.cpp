// Model::fit / evaluate / predict and the per-batch steps, with Keras' semantics: the last
// fraction of the data is held out before shuffling, steps = ceil(n / batch_size) (the last
// partial batch is kept), metrics are running means over the epoch, logs keys are sorted.
// Inputs and targets are lists, one tensor per model input / output.

#include <algorithm>
#include <cmath>
#include <utility>

#include "callbacks/callback_list.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/model/model.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/random.h"

namespace keras {

struct Model::Batch {
  std::vector<Tensor> x, y;
  std::vector<Tensor> sample_weight;  // one per output; undefined: unweighted

  std::int64_t size() const { return x.at(0).dim(0); }
  Batch rows(std::int64_t begin, std::int64_t end) const {
    Batch b;
    for (const Tensor& t : x) b.x.push_back(t.slice(begin, end));
    for (const Tensor& t : y) b.y.push_back(t.slice(begin, end));
    for (const Tensor& w : sample_weight) b.sample_weight.push_back(w.defined() ? w.slice(begin, end) : w);
    return b;
  }
  Batch gather(const Tensor& indices) const {
    Batch b;
    for (const Tensor& t : x) b.x.push_back(ops::take(t, indices));
    for (const Tensor& t : y) b.y.push_back(ops::take(t, indices));
    for (const Tensor& w : sample_weight) b.sample_weight.push_back(w.defined() ? ops::take(w, indices) : w);
    return b;
  }
};

namespace {

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

// Random layers key their draws on the step being trained (see random::SeedGenerator).
class TrainingStepScope {
 public:
  explicit TrainingStepScope(std::int64_t step) { random::set_training_step(step); }
  ~TrainingStepScope() { random::set_training_step(-1); }
  TrainingStepScope(const TrainingStepScope&) = delete;
  TrainingStepScope& operator=(const TrainingStepScope&) = delete;
};

// Each epoch's order depends on the optimizer's iteration count, not on earlier draws, so a
// run resumed from a saved model shuffles as the uninterrupted run did.
std::uint64_t shuffle_base_seed() {
  constexpr std::uint64_t kShuffleStream = 0x53485546464C45ULL;  // "SHUFFLE"
  auto seed = random::user_seed();
  return seed ? random::mix_seed(*seed, kShuffleStream) : random::next_seed();
}

// sample_weight: one per output (undefined: unweighted), named by `outputs` in the message.
void check_cardinality(const std::vector<Tensor>& x, const std::vector<Tensor>& y,
                       const std::vector<Tensor>& sample_weight = {}, const std::vector<std::string>& outputs = {}) {
  for (const Tensor& t : x) {
    if (!t.defined()) throw ValueError("Missing input data `x`");
    if (t.rank() == 0) throw ShapeError("Input data `x` must have a batch axis, received a scalar");
  }
  std::int64_t n = x.at(0).dim(0);
  bool ok = true;
  auto sizes = [&](const std::vector<Tensor>& ts) {
    std::string s;
    for (const Tensor& t : ts) {
      s += (s.empty() ? "" : ", ") + (t.defined() && t.rank() > 0 ? std::to_string(t.dim(0)) : std::string("-"));
      ok = ok && t.defined() && t.rank() > 0 && t.dim(0) == n;
    }
    return s;
  };
  std::string xs = sizes(x), ys = sizes(y), ws;
  for (std::size_t o = 0; o < sample_weight.size(); ++o) {
    const Tensor& w = sample_weight[o];
    if (!w.defined()) continue;
    ok = ok && w.rank() > 0 && w.dim(0) == n;
    std::string size = w.rank() > 0 ? std::to_string(w.dim(0)) : "a scalar";
    ws += (ws.empty() ? "" : ", ") + (sample_weight.size() > 1 ? outputs.at(o) + ": " : std::string()) + size;
  }
  if (!ok) {
    std::string msg = "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.\n'x' sizes: " +
                      xs + "\n'y' sizes: " + ys;
    if (!ws.empty()) msg += "\n'sample_weight' sizes: " + ws;
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

// keras ArrayDataAdapter: class_weight replaces sample_weight, for single-output models only.
std::vector<Tensor> class_weights_as_sample_weights(const std::vector<Tensor>& y,
                                                    const std::vector<Tensor>& sample_weight,
                                                    const std::map<std::int64_t, double>& class_weight) {
  bool weighted = std::any_of(sample_weight.begin(), sample_weight.end(), [](const Tensor& w) { return w.defined(); });
  if (weighted) throw ValueError("You cannot `class_weight` and `sample_weight` at the same time.");
  if (y.size() != 1) throw ValueError("`class_weight` is only supported for Models with a single output.");
  return {class_weight_to_sample_weights(y[0], class_weight)};
}

std::int64_t steps_for(std::int64_t n, std::int64_t batch_size) { return (n + batch_size - 1) / batch_size; }

std::int64_t checked_batch_size(const std::optional<std::int64_t>& batch_size) {
  std::int64_t b = batch_size.value_or(32);
  if (b <= 0) throw ValueError("`batch_size` must be a positive integer, received batch_size=" + std::to_string(b));
  return b;
}

}  // namespace

void Model::ensure_ready_for(const std::vector<Tensor>& x, const char* api) {
  std::vector<Shape> shapes;
  for (const Tensor& t : x) {
    if (!t.defined() || t.rank() == 0) throw ShapeError(std::string(api) + ": input data must have a batch axis");
    Shape s = t.shape();
    s[0] = -1;
    shapes.push_back(s);
  }
  maybe_build(shapes);
}

std::vector<Tensor> Model::forward(const std::vector<Tensor>& x, bool training) { return (*this)(x, training); }

Logs Model::train_step(const Batch& batch) {
  std::vector<Variable*> variables = trainable_weights();
  std::vector<Tensor> sources;
  sources.reserve(variables.size());
  for (Variable* v : variables) sources.push_back(v->value());
  std::vector<Tensor> y_pred, grads;
  std::vector<double> per_output;
  Tensor loss;
  {
    TrainingStepScope step(optimizer_->apply_count());
    autograd::GradientTape tape;
    for (const Tensor& s : sources) tape.watch(s);
    y_pred = forward(batch.x, true);
    build_compiled(batch.y, y_pred);
    loss = compute_loss(batch.y, y_pred, batch.sample_weight, per_output);
    grads = tape.gradient(loss, sources);
  }
  if (!variables.empty()) optimizer_->apply_gradients(grads, variables);
  update_metrics(batch.y, y_pred, batch.sample_weight, loss.item(), per_output, batch.size());
  return metric_results();
}

Logs Model::test_step(const Batch& batch) {
  autograd::NoGradGuard no_grad;
  std::vector<Tensor> y_pred = forward(batch.x, false);
  build_compiled(batch.y, y_pred);
  std::vector<double> per_output;
  Tensor loss = compute_loss(batch.y, y_pred, batch.sample_weight, per_output);
  update_metrics(batch.y, y_pred, batch.sample_weight, loss.item(), per_output, batch.size());
  return metric_results();
}

Logs Model::run_evaluation(const Batch& data, std::int64_t batch_size, callbacks::CallbackList& cbs) {
  reset_metrics();
  cbs.on_test_begin();
  std::int64_t n = data.size(), steps = steps_for(n, batch_size);
  Logs logs;
  for (std::int64_t step = 0; step < steps; ++step) {
    cbs.on_test_batch_begin(step);
    logs = test_step(data.rows(step * batch_size, std::min(n, (step + 1) * batch_size)));
    cbs.on_test_batch_end(step, logs);
  }
  logs = metric_results();
  cbs.on_test_end(logs);
  return logs;
}

callbacks::History Model::fit(const Data& x_in, const Data& y_in, FitOptions o) {
  if (!compiled_) throw ValueError("You must call `compile()` before using the model.");
  if (y_in.empty()) throw ValueError("fit(): targets `y` are required");
  Batch train{x_in.resolve(input_names(), "x"), y_in.resolve(output_names(), "y"),
              o.sample_weight.resolve(output_names(), "sample_weight")};
  check_cardinality(train.x, train.y, train.sample_weight, output_names());
  if (o.validation_split < 0.0 || o.validation_split >= 1.0) {
    throw ValueError("`validation_split` must be in [0, 1), received validation_split=" +
                     std::to_string(o.validation_split));
  }
  if (o.epochs < 0 || o.initial_epoch < 0) throw ValueError("`epochs` and `initial_epoch` must be non-negative");
  if (o.validation_freq <= 0) throw ValueError("`validation_freq` must be a positive integer");
  const std::int64_t batch_size = checked_batch_size(o.batch_size);

  if (!o.class_weight.empty()) {
    train.sample_weight = class_weights_as_sample_weights(train.y, train.sample_weight, o.class_weight);
  }
  std::optional<Batch> validation;
  if (o.validation_data) {
    validation = Batch{o.validation_data->x.resolve(input_names(), "validation_data x"),
                       o.validation_data->y.resolve(output_names(), "validation_data y"),
                       o.validation_data->sample_weight.resolve(output_names(), "validation_data sample_weight")};
    check_cardinality(validation->x, validation->y, validation->sample_weight, output_names());
  } else if (o.validation_split > 0.0) {
    std::int64_t n = train.size();
    auto split_at = static_cast<std::int64_t>(std::floor(static_cast<double>(n) * (1.0 - o.validation_split)));
    if (split_at == 0 || split_at == n) {
      throw ValueError("Training data contains " + std::to_string(n) +
                       " samples, which is not sufficient to split it into a validation and training set as specified "
                       "by `validation_split=" + std::to_string(o.validation_split) +
                       "`. Either provide more data, or a different value for the `validation_split` argument.");
    }
    validation = train.rows(split_at, n);
    train = train.rows(0, split_at);
  }
  ensure_ready_for(train.x, "fit");
  const std::int64_t n = train.size(), steps = steps_for(n, batch_size);
  const std::int64_t val_batch = o.validation_batch_size ? checked_batch_size(o.validation_batch_size) : batch_size;

  callbacks::CallbackList cbs(o.callbacks, true, o.verbose != 0, this, {o.verbose, o.epochs, steps});
  stop_training = false;
  const std::uint64_t shuffle_seed = shuffle_base_seed();
  cbs.on_train_begin();
  const int first_epoch = std::exchange(initial_epoch, std::nullopt).value_or(o.initial_epoch);
  Logs epoch_logs;
  for (int epoch = first_epoch; epoch < o.epochs; ++epoch) {
    reset_metrics();
    cbs.on_epoch_begin(epoch);
    const auto iterations = static_cast<std::uint64_t>(optimizer_->apply_count());
    Tensor order = o.shuffle ? permutation(n, random::mix_seed(shuffle_seed, iterations)) : Tensor();
    for (std::int64_t step = 0; step < steps; ++step) {
      std::int64_t begin = step * batch_size, end = std::min(n, begin + batch_size);
      Batch batch = order.defined() ? train.gather(order.slice(begin, end)) : train.rows(begin, end);
      cbs.on_train_batch_begin(step);
      Logs logs = train_step(batch);
      cbs.on_train_batch_end(step, logs);
      if (stop_training) break;
    }
    epoch_logs = metric_results();
    if (validation && (epoch + 1) % o.validation_freq == 0) {
      Logs val_logs = run_evaluation(*validation, val_batch, cbs);
      for (const auto& [k, v] : val_logs) epoch_logs["val_" + k] = v;
    }
    cbs.on_epoch_end(epoch, epoch_logs);
    if (stop_training) break;
  }
  // Keras swaps in the weights' moving average (use_ema) before on_train_end.
  if (o.epochs > 0) optimizer_->finalize_variable_values(trainable_weights());
  cbs.on_train_end(epoch_logs);
  return *cbs.history();
}

EvaluationResult Model::evaluate(const Data& x, const Data& y, EvaluateOptions o) {
  if (!compiled_) throw ValueError("You must call `compile()` before using the model.");
  if (y.empty()) throw ValueError("evaluate(): targets `y` are required");
  Batch data{x.resolve(input_names(), "x"), y.resolve(output_names(), "y"),
             o.sample_weight.resolve(output_names(), "sample_weight")};
  check_cardinality(data.x, data.y, data.sample_weight, output_names());
  ensure_ready_for(data.x, "evaluate");
  const std::int64_t batch_size = checked_batch_size(o.batch_size);
  callbacks::CallbackList cbs(o.callbacks, false, o.verbose != 0, this,
                              {o.verbose, 1, steps_for(data.size(), batch_size)});
  run_evaluation(data, batch_size, cbs);
  return ordered_results();
}

std::vector<Tensor> Model::predict_all(const Data& x_in, PredictOptions o) {
  std::vector<Tensor> x = x_in.resolve(input_names(), "x");
  check_cardinality(x, {});
  const std::int64_t n = x[0].dim(0);
  if (n == 0) throw ValueError("predict(): `x` contains no samples");
  ensure_ready_for(x, "predict");
  const std::int64_t batch_size = checked_batch_size(o.batch_size);
  const std::int64_t steps = steps_for(n, batch_size);
  callbacks::CallbackList cbs(o.callbacks, false, o.verbose != 0, this, {o.verbose, 1, steps});
  autograd::NoGradGuard no_grad;
  cbs.on_predict_begin();
  std::vector<Tensor> results;
  Batch all{x, {}, {}};
  for (std::int64_t step = 0; step < steps; ++step) {
    std::int64_t begin = step * batch_size, end = std::min(n, begin + batch_size);
    cbs.on_predict_batch_begin(step);
    std::vector<Tensor> outs = forward(all.rows(begin, end).x, false);
    if (results.empty()) {
      for (const Tensor& out : outs) {
        std::vector<std::int64_t> dims = out.shape().dims();
        dims[0] = n;
        results.emplace_back(Shape(dims), out.dtype(), out.device());
      }
    }
    for (std::size_t i = 0; i < outs.size(); ++i) results[i].slice(begin, end).assign(outs[i]);
    cbs.on_predict_batch_end(step);
  }
  cbs.on_predict_end();
  return results;
}

Tensor Model::predict(const Data& x, PredictOptions o) { return predict_all(x, std::move(o)).at(0); }

EvaluationResult Model::train_on_batch(const Data& x, const Data& y, const SampleWeights& sample_weight,
                                       const std::map<std::int64_t, double>& class_weight) {
  if (!compiled_) throw ValueError("You must call `compile()` before using the model.");
  Batch batch{x.resolve(input_names(), "x"), y.resolve(output_names(), "y"),
              sample_weight.resolve(output_names(), "sample_weight")};
  check_cardinality(batch.x, batch.y, batch.sample_weight, output_names());
  if (!class_weight.empty()) {
    batch.sample_weight = class_weights_as_sample_weights(batch.y, batch.sample_weight, class_weight);
  }
  ensure_ready_for(batch.x, "train_on_batch");
  reset_metrics();
  train_step(batch);
  return ordered_results();
}

EvaluationResult Model::test_on_batch(const Data& x, const Data& y, const SampleWeights& sample_weight) {
  if (!compiled_) throw ValueError("You must call `compile()` before using the model.");
  Batch batch{x.resolve(input_names(), "x"), y.resolve(output_names(), "y"),
              sample_weight.resolve(output_names(), "sample_weight")};
  check_cardinality(batch.x, batch.y, batch.sample_weight, output_names());
  ensure_ready_for(batch.x, "test_on_batch");
  reset_metrics();
  test_step(batch);
  return ordered_results();
}

Tensor Model::predict_on_batch(const Data& x_in) {
  std::vector<Tensor> x = x_in.resolve(input_names(), "x");
  ensure_ready_for(x, "predict_on_batch");
  autograd::NoGradGuard no_grad;
  return forward(x, false).at(0).clone();
}

}  // namespace keras
