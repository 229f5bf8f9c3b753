#include "apps/kfit/commands.h"

#include <charconv>
#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/kfit/data.h"
#include "apps/kfit/examples.h"
#include "apps/kfit/throughput.h"
#include "libkeras/serialization/file_io.h"
#include "libkeras/serialization/npy.h"
#include "libkeras/utils/random.h"
#include "optimizers/optimizer.h"

namespace kfit {

using namespace keras;

namespace {

// Warm-up batches left out of the throughput figures (as the PyTorch peers do).
constexpr std::int64_t kTrainWarmup = 20;
constexpr std::int64_t kEvalWarmup = 2;

// Python's repr(float): the shortest text that reads back to the same double.
std::string py_repr(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, r.ptr);
  if (s.find_first_of(".en") == std::string::npos) s += ".0";
  return s;
}

std::shared_ptr<Sequential> build_model(const Example& example, const std::optional<std::uint64_t>& seed) {
  if (seed) utils::set_random_seed(*seed);
  return example.build();
}

Shape input_shape(const Sequential& model) { return model.input_layer()->batch_shape(); }

Json history_json(const callbacks::History& history) {
  Json h = Json::object();
  for (const auto& [key, values] : history.history) h[key] = values;
  return h;
}

}  // namespace

int run_fit(const FitArgs& a) {
  const Example& example = find_example(a.model);
  auto model = build_model(example, a.seed);
  std::string data_name = a.data.empty() ? example.default_data : a.data;
  datasets::LoadedData data = load_dataset(data_name, example, input_shape(*model), a.limit, a.test_limit);
  Tensor x_train = prepare_inputs(first_rows(data.x_train, a.limit), input_shape(*model));
  Tensor y_train = first_rows(data.y_train, a.limit);
  Tensor x_test = prepare_inputs(first_rows(data.x_test, a.test_limit), input_shape(*model));
  Tensor y_test = first_rows(data.y_test, a.test_limit);
  data = {};  // the uint8 originals are no longer needed

  auto optimizer = optimizers::get(a.optimizer.empty() ? example.optimizer : a.optimizer);
  if (a.learning_rate) optimizer->set_learning_rate(*a.learning_rate);
  model->compile({.optimizer = optimizer, .loss = example.loss, .metrics = {"accuracy"}});
  if (a.verbose) model->summary();

  const std::int64_t batch_size = a.batch_size.value_or(example.batch_size);
  const double split = a.validation_split.value_or(example.validation_split);
  const int epochs = a.epochs.value_or(example.epochs);
  auto train_samples = static_cast<std::int64_t>(static_cast<double>(x_train.dim(0)) * (1.0 - split));
  auto train_meter = std::make_shared<ThroughputMeter>(ThroughputMeter::Phase::train, train_samples, batch_size,
                                                       kTrainWarmup);
  callbacks::History history = model->fit(x_train, y_train,
                                          {.batch_size = batch_size,
                                           .epochs = epochs,
                                           .verbose = a.verbose,
                                           .callbacks = {train_meter},
                                           .validation_split = split});
  auto eval_meter = std::make_shared<ThroughputMeter>(ThroughputMeter::Phase::evaluate, x_test.dim(0), 32, kEvalWarmup);
  EvaluationResult test = model->evaluate(x_test, y_test, {.verbose = 0, .callbacks = {eval_meter}});
  std::cout << "Test loss: " << py_repr(test["loss"]) << "\nTest accuracy: " << py_repr(test["accuracy"]) << "\n";

  if (!a.report.empty()) {
    Json report = {{"model", example.name},
                   {"data", data_name},
                   {"epochs", epochs},
                   {"batch_size", batch_size},
                   {"validation_split", split},
                   {"optimizer", optimizer->class_name()},
                   {"learning_rate", static_cast<double>(optimizer->learning_rate())},
                   {"train_samples", train_samples},
                   {"test_samples", x_test.dim(0)},
                   {"history", history_json(history)},
                   {"test", test.as_dict()},
                   {"train_samples_per_s", train_meter->samples_per_s()},
                   {"eval_samples_per_s", eval_meter->samples_per_s()},
                   {"warmup_batches", {{"train", kTrainWarmup}, {"evaluate", kEvalWarmup}}},
                   {"peak_rss_mb", peak_rss_mb()}};
    std::string text = report.dump(2) + "\n";
    io::write_file_atomic(a.report, std::vector<char>(text.begin(), text.end()));
  }
  return 0;
}

int run_evaluate(const RunArgs& a) {
  const Example& example = find_example(a.model);
  auto model = build_model(example, a.seed);
  datasets::LoadedData data =
      load_dataset(a.data.empty() ? example.default_data : a.data, example, input_shape(*model), std::nullopt, a.limit);
  Tensor x = prepare_inputs(first_rows(data.x_test, a.limit), input_shape(*model));
  Tensor y = first_rows(data.y_test, a.limit);
  model->compile({.optimizer = example.optimizer, .loss = example.loss, .metrics = {"accuracy"}});
  EvaluationResult r = model->evaluate(x, y, {.batch_size = a.batch_size, .verbose = a.verbose});
  std::cout << "Test loss: " << py_repr(r["loss"]) << "\nTest accuracy: " << py_repr(r["accuracy"]) << "\n";
  return 0;
}

int run_predict(const PredictArgs& a) {
  const Example& example = find_example(a.model);
  auto model = build_model(example, a.seed);
  Tensor x = prepare_inputs(io::load_npy(a.input), input_shape(*model));
  Tensor y = model->predict(x, {.batch_size = a.batch_size, .verbose = a.verbose});
  io::save_npy(a.output, y);
  return 0;
}

int run_summary(const std::string& model_name) {
  build_model(find_example(model_name), std::nullopt)->summary();
  return 0;
}

int run_list() {
  std::cout << "Built-in models (kfit fit MODEL):\n";
  for (const auto& e : examples()) std::cout << "  " << e.name << std::string(13 - e.name.size(), ' ') << e.description << "\n";
  std::cout << "\nDatasets (--data):\n";
  auto fashion = datasets::fashion_mnist::locate();
  std::cout << "  fashion_mnist  Fashion-MNIST, 60000 + 10000 28x28 grey images, 10 classes: "
            << (fashion ? "found in " + *fashion : "not found (apt-get install dataset-fashion-mnist)") << "\n";
  auto mnist = datasets::mnist::locate();
  std::cout << "  mnist          MNIST digits, Keras' mnist.npz or four IDX files: "
            << (mnist ? "found at " + *mnist : "not found (place mnist.npz in ~/.keras/datasets/)") << "\n";
  std::cout << "  synthetic      each model's stand-in: its dataset's sizes, random inputs and labels (for\n"
               "                 benchmarks; accuracy means nothing)\n";
  std::cout << "  FOLDER         a folder holding train-images-idx3-ubyte, train-labels-idx1-ubyte,\n"
               "                 t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (plain or .gz)\n";
  return 0;
}

}  // namespace kfit
