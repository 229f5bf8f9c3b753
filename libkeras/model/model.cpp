#include "libkeras/model/model.h"

#include <nlohmann/json.hpp>

#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"

namespace keras {

EvaluationResult::EvaluationResult(std::vector<std::string> names, std::vector<double> values)
    : names_(std::move(names)), values_(std::move(values)) {}

double EvaluationResult::operator[](std::size_t i) const {
  if (i >= values_.size()) {
    throw ValueError("Result index " + std::to_string(i) + " is out of range: the model reports " +
                     std::to_string(values_.size()) + " values");
  }
  return values_[i];
}

double EvaluationResult::operator[](const std::string& name) const {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return values_[i];
  }
  std::string known;
  for (const auto& n : names_) known += (known.empty() ? "" : ", ") + n;
  throw ValueError("No metric named '" + name + "'. The model reports: " + known);
}

Logs EvaluationResult::as_dict() const {
  Logs logs;
  for (std::size_t i = 0; i < names_.size(); ++i) logs[names_[i]] = values_[i];
  return logs;
}

Model::Model(const std::string& default_prefix, const std::string& name) : Layer(default_prefix, name) {}

void Model::compile(CompileOptions options) {
  optimizer_ = options.optimizer.get();
  if (!optimizer_) throw ValueError("compile(): `optimizer` must be a name or an optimizer object");
  loss_arg_ = std::move(options.loss);
  loss_.reset();
  metric_args_ = std::move(options.metrics);
  weighted_metric_args_ = std::move(options.weighted_metrics);
  metrics_.clear();
  weighted_metrics_.clear();
  metrics_built_ = false;
  loss_tracker_.reset_state();
  compiled_ = true;
}

void Model::build_compiled(const Tensor& y_true, const Tensor& y_pred) {
  if (!loss_) loss_ = loss_arg_.resolve(y_true.shape(), y_pred.shape());
  if (metrics_built_) return;
  for (const auto& m : metric_args_) metrics_.push_back(m.resolve(y_true.shape(), y_pred.shape()));
  for (const auto& m : weighted_metric_args_) weighted_metrics_.push_back(m.resolve(y_true.shape(), y_pred.shape()));
  metrics_built_ = true;
}

std::vector<std::string> Model::metrics_names() const {
  std::vector<std::string> names{"loss"};
  std::map<std::string, int> seen;
  // Keras compile_utils: a repeated metric name gets a "_1", "_2" suffix; a weighted metric
  // that collides with an unweighted one becomes "weighted_<name>".
  for (const auto& m : metrics_) {
    int n = seen[m->name()]++;
    names.push_back(n == 0 ? m->name() : m->name() + "_" + std::to_string(n));
  }
  for (const auto& m : weighted_metrics_) {
    std::string name = m->name();
    if (seen.count(name)) name = "weighted_" + name;
    int n = seen[name]++;
    names.push_back(n == 0 ? name : name + "_" + std::to_string(n));
  }
  return names;
}

Tensor Model::compute_loss(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight) {
  return (*loss_)(y_true, y_pred, sample_weight);
}

void Model::update_metrics(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight, double loss,
                           std::int64_t batch) {
  autograd::NoGradGuard no_grad;
  loss_tracker_.update(loss, static_cast<double>(batch));
  for (auto& m : metrics_) m->update_state(y_true, y_pred);
  for (auto& m : weighted_metrics_) m->update_state(y_true, y_pred, sample_weight);
}

void Model::reset_metrics() {
  loss_tracker_.reset_state();
  for (auto& m : metrics_) m->reset_state();
  for (auto& m : weighted_metrics_) m->reset_state();
}

EvaluationResult Model::ordered_results() const {
  std::vector<double> values{loss_tracker_.result()};
  for (const auto& m : metrics_) values.push_back(m->result());
  for (const auto& m : weighted_metrics_) values.push_back(m->result());
  return EvaluationResult(metrics_names(), values);
}

Logs Model::metric_results() const { return ordered_results().as_dict(); }

Layer& Model::get_layer(const std::string& name) const {
  for (const auto& l : layers()) {
    if (l->name() == name) return *l;
  }
  std::string known;
  for (const auto& l : layers()) known += (known.empty() ? "" : ", ") + l->name();
  throw ValueError("No such layer: " + name + ". Existing layers are: [" + known + "].");
}

Layer& Model::get_layer(int index) const {
  auto all = layers();
  if (index < 0 || index >= static_cast<int>(all.size())) {
    throw ValueError("Was asked to retrieve layer at index " + std::to_string(index) + " but model only has " +
                     std::to_string(all.size()) + " layers.");
  }
  return *all[static_cast<std::size_t>(index)];
}

std::vector<Variable*> Model::weights() const {
  std::vector<Variable*> out;
  for (const auto& l : layers()) {
    for (Variable* v : l->weights()) out.push_back(v);
  }
  return out;
}

std::vector<Variable*> Model::trainable_weights() const {
  std::vector<Variable*> out;
  if (!trainable()) return out;
  for (const auto& l : layers()) {
    for (Variable* v : l->trainable_weights()) out.push_back(v);
  }
  return out;
}

std::vector<Variable*> Model::non_trainable_weights() const {
  std::vector<Variable*> out;
  for (const auto& l : layers()) {
    for (Variable* v : trainable() ? l->non_trainable_weights() : l->weights()) out.push_back(v);
  }
  return out;
}

}  // namespace keras
