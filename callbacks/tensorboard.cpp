#include "callbacks/tensorboard.h"

#include <filesystem>
#include <utility>
#include <vector>

#include "libkeras/model/model.h"
#include "libkeras/summary/summary_writer.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/warnings.h"
#include "optimizers/optimizer.h"

namespace keras::callbacks {

namespace {

std::int64_t batch_frequency(const std::variant<std::string, std::int64_t>& update_freq) {
  if (const auto* name = std::get_if<std::string>(&update_freq)) {
    if (*name == "epoch") return 0;
    if (*name == "batch") return 1;
    throw ValueError("TensorBoard: unrecognized update_freq: '" + *name +
                     "'. Expected 'epoch', 'batch' or a positive integer number of batches");
  }
  const std::int64_t every = std::get<std::int64_t>(update_freq);
  if (every <= 0) {
    throw ValueError("TensorBoard: update_freq must be 'epoch', 'batch' or a positive integer number of batches. "
                     "Received: update_freq=" + std::to_string(every));
  }
  return every;
}

void reject_unsupported(const TensorBoardOptions& o) {
  if (o.write_images) {
    throw ValueError("TensorBoard: write_images=True is not supported by libkeras (it writes no image "
                     "summaries). Received: write_images=True (must be False)");
  }
  // Keras' own message for backends without a profiler (torch, numpy).
  if (o.profile_batch != 0) {
    throw ValueError("Profiling is not yet available with the libkeras backend. Received: profile_batch=" +
                     std::to_string(o.profile_batch) + " (must be 0)");
  }
  if (o.embeddings_freq != 0) {
    throw ValueError("TensorBoard: embeddings are not supported by libkeras (no projector checkpoint). "
                     "Received: embeddings_freq=" + std::to_string(o.embeddings_freq) + " (must be 0)");
  }
  if (!o.embeddings_metadata.empty()) {
    throw ValueError("TensorBoard: embeddings_metadata is not supported by libkeras (embeddings are not "
                     "written); leave it empty. Received metadata for '" + o.embeddings_metadata.begin()->first +
                     "'");
  }
  if (o.histogram_freq < 0) {
    throw ValueError("TensorBoard: histogram_freq must be >= 0. Received: histogram_freq=" +
                     std::to_string(o.histogram_freq));
  }
}

// Keras' weight.path: a Sequential model builds its layers inside its own name scope, so their
// variables' paths start with the model's name ("sequential/dense/kernel"); a Functional
// model's layers are built before the model exists ("dense/kernel").
std::string weight_tag(const Model& model, const Variable& weight) {
  std::string path = weight.path().empty() ? weight.name() : weight.path();
  if (model.class_name() == "Sequential") path = model.name() + "/" + path;
  for (char& c : path) {
    if (c == ':') c = '_';
  }
  return path + "/histogram";
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TensorBoard::TensorBoard(std::string log_dir, Options options)
    : log_dir_(std::move(log_dir)), options_(std::move(options)) {
  reject_unsupported(options_);
  batch_freq_ = batch_frequency(options_.update_freq);
}

TensorBoard::~TensorBoard() = default;

summary::SummaryWriter& TensorBoard::train_writer() {
  if (!train_writer_) {
    train_writer_ = std::make_unique<summary::SummaryWriter>((std::filesystem::path(log_dir_) / "train").string());
  }
  return *train_writer_;
}

summary::SummaryWriter& TensorBoard::val_writer() {
  if (!val_writer_) {
    val_writer_ =
        std::make_unique<summary::SummaryWriter>((std::filesystem::path(log_dir_) / "validation").string());
  }
  return *val_writer_;
}

void TensorBoard::close_writers() {
  // Both files are closed even when the first fails; the first error is reported.
  auto train = std::move(train_writer_);
  auto val = std::move(val_writer_);
  if (train) train->close();
  if (val) val->close();
}

void TensorBoard::set_model(Model* model) {
  Callback::set_model(model);
  close_writers();
  if (model && options_.write_graph) write_keras_model_summary();
}

void TensorBoard::write_keras_model_summary() {
  // Keras' keras_model_summary: only models that serialize to JSON, and a failure to
  // serialize is a warning, not an error.
  const std::string cls = model()->class_name();
  if (cls != "Functional" && cls != "Sequential") return;
  std::string json;
  try {
    json = model()->to_json();
  } catch (const Error& e) {
    utils::warn(std::string("Model failed to serialize as JSON. Ignoring... ") + e.what());
    return;
  }
  summary::SummaryWriter& writer = train_writer();
  writer.string_tensor("keras", json, 0, "graph_keras_model", "1");
  writer.flush();
}

void TensorBoard::on_train_begin(const Logs&) {
  global_train_batch_ = 0;
  previous_epoch_iterations_ = 0;
}

void TensorBoard::on_train_end(const Logs&) { close_writers(); }

void TensorBoard::on_test_end(const Logs& logs) {
  if (!model() || !model()->optimizer()) return;
  const auto& optimizer = model()->optimizer();
  summary::SummaryWriter& writer = val_writer();
  for (const auto& [name, value] : logs) {
    writer.scalar("evaluation_" + name + "_vs_iterations", value, optimizer->iterations());
  }
  writer.flush();
}

void TensorBoard::on_train_batch_begin(std::int64_t, const Logs&) {
  ++global_train_batch_;
  if (options_.write_steps_per_second) batch_start_ = Clock::now();
}

void TensorBoard::on_train_batch_end(std::int64_t, const Logs& logs) {
  // Keras records batch summaries while global_train_batch % update_freq == 0 (record_if).
  if (batch_freq_ == 0 || global_train_batch_ % batch_freq_ != 0) return;
  summary::SummaryWriter& writer = train_writer();
  if (options_.write_steps_per_second) {
    writer.scalar("batch_steps_per_second", 1.0 / seconds_since(batch_start_), global_train_batch_);
  }
  for (const auto& [name, value] : logs) writer.scalar("batch_" + name, value, global_train_batch_);
}

void TensorBoard::on_epoch_begin(int, const Logs&) {
  if (!options_.write_steps_per_second) return;
  const auto& optimizer = model()->optimizer();
  previous_epoch_iterations_ = optimizer ? optimizer->iterations() : 0;
  epoch_start_ = Clock::now();
}

void TensorBoard::on_epoch_end(int epoch, const Logs& logs) {
  log_epoch_metrics(epoch, logs);
  if (options_.histogram_freq && epoch % options_.histogram_freq == 0) log_weights(epoch);
  if (train_writer_) train_writer_->flush();
  if (val_writer_) val_writer_->flush();
}

void TensorBoard::log_epoch_metrics(int epoch, const Logs& logs) {
  if (logs.empty()) return;
  Logs train_logs, val_logs;
  for (const auto& [name, value] : logs) {
    if (name.starts_with("val_")) {
      val_logs[name.substr(4)] = value;
    } else {
      train_logs[name] = value;
    }
  }
  if (const auto& optimizer = model()->optimizer()) {
    train_logs["learning_rate"] = optimizer->learning_rate();
    if (options_.write_steps_per_second) {
      train_logs["steps_per_second"] =
          static_cast<double>(optimizer->iterations() - previous_epoch_iterations_) / seconds_since(epoch_start_);
    }
  }
  for (const auto& [name, value] : train_logs) train_writer().scalar("epoch_" + name, value, epoch);
  for (const auto& [name, value] : val_logs) val_writer().scalar("epoch_" + name, value, epoch);
}

void TensorBoard::log_weights(int epoch) {
  summary::SummaryWriter& writer = train_writer();
  for (const auto& layer : model()->layers()) {
    for (const Variable* weight : layer->weights()) {
      writer.histogram(weight_tag(*model(), *weight), weight->value().to_vector<double>(), epoch);
    }
  }
}

}  // namespace keras::callbacks
