#include "callbacks/model_checkpoint.h"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>

#include "callbacks/py_format.h"
#include "libkeras/model/model.h"
#include "libkeras/serialization/saving.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/warnings.h"

namespace keras::callbacks {

namespace {

std::string five_decimals(std::optional<double> v) {
  if (!v) return "None";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.5f", *v);
  return buf;
}

}  // namespace

ModelCheckpoint::ModelCheckpoint(std::string filepath, Options options)
    : MonitorCallback(options.monitor, options.mode, options.initial_value_threshold, 0.0, "ModelCheckpoint"),
      filepath_(std::move(filepath)), options_(std::move(options)) {
  if (const auto* freq = std::get_if<std::string>(&options_.save_freq)) {
    if (*freq != "epoch") {
      throw ValueError("Unrecognized save_freq: " + *freq + ". Expected save_freq are 'epoch' or integer values");
    }
  } else {
    per_epoch_ = false;
    save_every_ = std::get<std::int64_t>(options_.save_freq);
  }
  if (options_.save_weights_only) {
    if (!filepath_.ends_with(".weights.h5")) {
      throw ValueError(
          "When using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided must end in "
          "`.weights.h5` (Keras weights format). Received: filepath=" + filepath_);
    }
  } else if (!filepath_.ends_with(".keras") && !filepath_.ends_with(".h5")) {
    throw ValueError("The filepath provided must end in `.keras` (Keras model format). Received: filepath=" +
                     filepath_);
  }
}

void ModelCheckpoint::on_train_batch_end(std::int64_t batch, const Logs& logs) {
  if (should_save_on_batch(batch)) save_model(current_epoch_, batch, logs);
}

void ModelCheckpoint::on_epoch_begin(int epoch, const Logs&) { current_epoch_ = epoch; }

void ModelCheckpoint::on_epoch_end(int epoch, const Logs& logs) {
  if (!monitor_op_set()) set_monitor_op();
  if (per_epoch_) save_model(epoch, std::nullopt, logs);
}

bool ModelCheckpoint::should_save_on_batch(std::int64_t batch) {
  if (per_epoch_) return false;
  // Batch indices restart every epoch; count the batches run since the last save across epochs.
  const std::int64_t added = batch <= last_batch_seen_ ? batch + 1 : batch - last_batch_seen_;
  batches_since_save_ += added;
  last_batch_seen_ = batch;
  if (batches_since_save_ >= save_every_) {
    batches_since_save_ = 0;
    return true;
  }
  return false;
}

void ModelCheckpoint::save_model(int epoch, std::optional<std::int64_t> batch, const Logs& logs) {
  const std::string path = file_path(epoch, batch, logs);
  if (!should_save_model(epoch, logs, path)) return;
  namespace fs = std::filesystem;
  const fs::path target(path);
  if (fs::is_directory(target)) {
    throw IoError("Please specify a non-directory filepath for ModelCheckpoint. Filepath used is an existing "
                  "directory: " + path);
  }
  if (target.has_parent_path() && !fs::exists(target.parent_path())) fs::create_directories(target.parent_path());
  if (options_.save_weights_only) {
    keras::save_weights(*model(), path);
  } else {
    keras::save_model(*model(), path);
  }
}

bool ModelCheckpoint::should_save_model(int epoch, const Logs& logs, const std::string& path) {
  std::ostream& out = options_.out ? *options_.out : std::cout;
  if (!options_.save_best_only) {
    if (options_.verbose > 0) out << "\nEpoch " << epoch + 1 << ": saving model to " << path << std::endl;
    return true;
  }
  auto it = logs.find(monitor());
  if (it == logs.end()) {
    utils::warn("Can save best model only with " + monitor() + " available, skipping.");
    return false;
  }
  const double current = it->second;
  if (is_improvement(current, best_)) {
    if (options_.verbose > 0) {
      out << "\nEpoch " << epoch + 1 << ": " << monitor() << " improved from " << five_decimals(best_) << " to "
          << five_decimals(current) << ", saving model to " << path << std::endl;
    }
    best_ = current;
    return true;
  }
  if (options_.verbose > 0) {
    out << "\nEpoch " << epoch + 1 << ": " << monitor() << " did not improve from " << five_decimals(best_)
        << std::endl;
  }
  return false;
}

std::string ModelCheckpoint::file_path(int epoch, std::optional<std::int64_t> batch, const Logs& logs) const {
  std::map<std::string, FormatValue> values;
  for (const auto& [k, v] : logs) values[k] = v;
  values["epoch"] = static_cast<long long>(epoch) + 1;
  if (batch && !logs.contains("batch")) values["batch"] = static_cast<long long>(*batch) + 1;
  try {
    return py_format(filepath_, values);
  } catch (const FormatKeyError& e) {
    throw FormatKeyError("Failed to format this callback filepath: \"" + filepath_ + "\". Reason: " + e.what());
  }
}

}  // namespace keras::callbacks
