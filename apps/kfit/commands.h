#pragma once
// kfit's subcommands.

#include <cstdint>
#include <optional>
#include <string>

namespace kfit {

struct RunArgs {
  std::string model;
  std::string data;  ///< empty: the example's default dataset
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
  std::string report;
};

struct PredictArgs {
  std::string model;
  std::string input, output;
  std::optional<std::int64_t> batch_size;
  int verbose = 1;
  std::optional<std::uint64_t> seed;
};

int run_fit(const FitArgs& args);
int run_evaluate(const RunArgs& args);
int run_predict(const PredictArgs& args);
int run_summary(const std::string& model);
int run_list();

}  // namespace kfit
