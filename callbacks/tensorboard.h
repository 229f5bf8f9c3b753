#pragma once
// keras.callbacks.TensorBoard: event files for TensorBoard, written without TensorFlow.
//
// Two runs, as Keras writes them: `<log_dir>/train` gets "epoch_<metric>" scalars (plus
// "epoch_learning_rate"), per-batch "batch_<metric>" scalars with update_freq, weight
// histograms with histogram_freq and the model's JSON for the graph plugin (tag "keras");
// `<log_dir>/validation` gets the val_ metrics as "epoch_<metric>" and, after each evaluation,
// "evaluation_<metric>_vs_iterations". Files are flushed at every epoch end, after every
// evaluation and when training ends.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>

#include "callbacks/callback.h"

namespace keras::summary {
class SummaryWriter;
}

namespace keras::callbacks {

/// TensorBoard's arguments and defaults, in Keras' order (log_dir is the constructor's first).
struct TensorBoardOptions {
  /// Write weight histograms every this many epochs (0: never).
  int histogram_freq = 0;
  /// Write the model's JSON (Sequential and Functional models) for TensorBoard's graph tab.
  bool write_graph = true;
  /// Not supported (weight images): true throws ValueError.
  bool write_images = false;
  /// Also log "epoch_steps_per_second" (and "batch_steps_per_second" with batch updates).
  bool write_steps_per_second = false;
  /// "epoch", "batch" (= 1), or log batch metrics every this many batches.
  std::variant<std::string, std::int64_t> update_freq = "epoch";
  /// Not supported (profiling): anything but 0 throws ValueError.
  std::int64_t profile_batch = 0;
  /// Not supported (embedding projector): anything but 0 throws ValueError.
  int embeddings_freq = 0;
  /// Embedding layer name -> metadata file; not supported, so it must stay empty.
  std::map<std::string, std::string> embeddings_metadata = {};
};

class TensorBoard : public Callback {
 public:
  using Options = TensorBoardOptions;

  /// Throws ValueError for the unsupported options above, a negative histogram_freq, or an
  /// update_freq that is not "epoch", "batch" or a positive integer.
  explicit TensorBoard(std::string log_dir = "logs", Options options = {});
  ~TensorBoard() override;

  /// Starts new event files and, with write_graph, writes the model's JSON at step 0 (Keras
  /// does both in set_model, so every fit/evaluate/predict call opens new files).
  void set_model(Model* model) override;
  void on_train_begin(const Logs& logs) override;
  void on_train_end(const Logs& logs) override;
  void on_test_end(const Logs& logs) override;
  void on_train_batch_begin(std::int64_t batch, const Logs& logs) override;
  void on_train_batch_end(std::int64_t batch, const Logs& logs) override;
  void on_epoch_begin(int epoch, const Logs& logs) override;
  void on_epoch_end(int epoch, const Logs& logs) override;

  const std::string& log_dir() const { return log_dir_; }

 private:
  using Clock = std::chrono::steady_clock;

  summary::SummaryWriter& train_writer();
  summary::SummaryWriter& val_writer();
  void close_writers();
  void write_keras_model_summary();
  void log_epoch_metrics(int epoch, const Logs& logs);
  void log_weights(int epoch);

  std::string log_dir_;
  Options options_;
  /// Batch-level logging period in batches; 0 for update_freq="epoch".
  std::int64_t batch_freq_ = 0;
  std::unique_ptr<summary::SummaryWriter> train_writer_, val_writer_;
  std::int64_t global_train_batch_ = 0;
  std::int64_t previous_epoch_iterations_ = 0;
  Clock::time_point epoch_start_, batch_start_;
};

}  // namespace keras::callbacks
