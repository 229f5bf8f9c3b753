#pragma once
// kfit's subcommands.

#include <cstdint>
#include <optional>
#include <string>

#include "apps/kfit/callback_flags.h"
#include "apps/kfit/model_plot.h"

namespace kfit {

struct RunArgs {
  std::string model;  ///< a built-in example or a model file (.json, .h5, .hdf5, .keras)
  std::string data;   ///< empty: the example's default dataset
  std::string x, y;   ///< --x / --y: data from .npy files instead of a dataset
  std::optional<std::int64_t> batch_size;
  int verbose = 1;
  std::optional<std::uint64_t> seed;
  std::optional<std::int64_t> limit;       ///< training samples (test samples for `evaluate`)
  std::optional<std::int64_t> test_limit;  ///< test samples evaluated after `fit`
};

struct FitArgs : RunArgs {
  std::optional<int> epochs;
  std::optional<double> validation_split;
  std::string optimizer;
  std::optional<double> learning_rate;
  std::string loss;
  int initial_epoch = 0;
  std::string save;  ///< where to save the trained model (.keras, .h5, .hdf5, .json)
  std::string report;
  CallbackFlags callbacks;
  std::string plot;  ///< where to draw the history (.png, .svg, .pdf)
};

struct PredictArgs {
  std::string model;
  std::string input, output;
  std::string weights;  ///< weights to load first (.weights.h5, .h5, .keras)
  std::optional<std::int64_t> batch_size;
  int verbose = 1;
  std::optional<std::uint64_t> seed;
};

int run_fit(const FitArgs& args);
int run_evaluate(const RunArgs& args);
int run_predict(const PredictArgs& args);
int run_summary(const std::string& model);
/// Reads a model in one format and writes it in another (by the file extensions).
int run_convert(const std::string& in, const std::string& out);
int run_list();
/// keras.utils.plot_model of MODEL into `out` (.png, .svg, .pdf or .dot).
int run_plot_model(const std::string& model, const std::string& out, const ModelPlotOptions& options);

}  // namespace kfit
