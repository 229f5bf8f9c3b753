#include "apps/kfit/commands.h"

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/kfit/data.h"
#include "apps/kfit/examples.h"
#include "apps/kfit/history_plot.h"
#include "apps/kfit/model_source.h"
#include "apps/kfit/output_files.h"
#include "apps/kfit/throughput.h"
#include "callbacks/py_format.h"
#include "libkeras/serialization/file_io.h"
#include "libkeras/serialization/compile_config.h"
#include "libkeras/serialization/npy.h"
#include "libkeras/serialization/saving.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/random.h"
#include "optimizers/optimizer.h"

namespace kfit {

using namespace keras;

namespace {

// Warm-up batches left out of the throughput figures (as the PyTorch peers do).
constexpr std::int64_t kTrainWarmup = 20;
constexpr std::int64_t kEvalWarmup = 2;

using callbacks::py_repr;

Json history_json(const callbacks::History& history) {
  Json h = Json::object();
  for (const auto& [key, values] : history.history) h[key] = values;
  return h;
}

struct TrainTest {
  Tensor x_train, y_train, x_test, y_test;  // the test pair is undefined with --x/--y
  std::string name;
};

// --x/--y .npy files, or a dataset: the example's default, or any --data for a model file.
TrainTest load_data(const RunArgs& a, const ModelSource& src, std::optional<std::int64_t> train_limit,
                    std::optional<std::int64_t> test_limit) {
  if (!a.x.empty() || !a.y.empty()) {
    if (a.x.empty() || a.y.empty()) throw ValueError("--x and --y go together: give both .npy files");
    return {prepare_inputs(first_rows(io::load_npy(a.x), train_limit), src.input_shape),
            first_rows(io::load_npy(a.y), train_limit), Tensor(), Tensor(), a.x};
  }
  std::string name = a.data.empty() && src.example ? src.example->default_data : a.data;
  if (name.empty()) {
    throw ValueError("kfit: '" + src.name + "' is a model file: give its data with --data DATASET or --x X.npy --y Y.npy");
  }
  Example stand_in;
  if (!src.example) stand_in.synthetic = synthetic_spec_for(*src.model);
  datasets::LoadedData d;
  try {
    d = load_dataset(name, src.example ? *src.example : stand_in, src.input_shape, train_limit, test_limit);
  } catch (const IoError& e) {
    if (name == "synthetic" || std::string(e.what()).find(" not found") == std::string::npos) throw;
    throw IoError(std::string(e.what()) +
                  "\nOr run with --data synthetic: random data of the same size (for timing; accuracy means nothing).");
  }
  return {prepare_inputs(first_rows(d.x_train, train_limit), src.input_shape), first_rows(d.y_train, train_limit),
          prepare_inputs(first_rows(d.x_test, test_limit), src.input_shape), first_rows(d.y_test, test_limit), name};
}

// An example compiles with its own settings; a model file keeps the compile settings saved in
// it (and its optimizer state) unless --optimizer or --loss replace them.
void compile_for_fit(Model& model, const FitArgs& a, const ModelSource& src) {
  if (src.example) {
    auto optimizer = optimizers::get(a.optimizer.empty() ? src.example->optimizer : a.optimizer);
    if (a.learning_rate) optimizer->set_learning_rate(*a.learning_rate);
    LossSpec loss = a.loss.empty() ? src.example->loss : LossSpec(a.loss);
    model.compile({.optimizer = optimizer, .loss = loss, .metrics = {"accuracy"}});
    return;
  }
  if (model.compiled() && a.optimizer.empty() && a.loss.empty()) {
    if (a.learning_rate) model.optimizer()->set_learning_rate(*a.learning_rate);
    return;
  }
  Json config = model.compiled() ? compile_config(model) : Json{{"metrics", {"accuracy"}}};
  if (!a.optimizer.empty() || !config.contains("optimizer")) {
    config["optimizer"] = a.optimizer.empty() ? "rmsprop" : a.optimizer;
  }
  if (!a.loss.empty()) config["loss"] = a.loss;
  if (!config.contains("loss") || config["loss"].is_null()) {
    throw ValueError("kfit: '" + src.name + "' holds no compile settings: give the loss with --loss NAME");
  }
  compile_from_config(model, config, src.name);
  if (a.learning_rate) model.optimizer()->set_learning_rate(*a.learning_rate);
}

// As the Keras examples print score[0], score[1], ...: "Test loss: ...", "Test accuracy: ...".
void print_results(const EvaluationResult& r) {
  for (std::size_t i = 0; i < r.size(); ++i) std::cout << "Test " << r.names()[i] << ": " << py_repr(r[i]) << "\n";
}

}  // namespace

int run_fit(const FitArgs& a) {
  ModelSource src = open_model(a.model, a.seed);
  Model& model = *src.model;
  const Example* ex = src.example;
  const std::int64_t batch_size = a.batch_size.value_or(ex ? ex->batch_size : 32);
  const double split = a.validation_split.value_or(ex ? ex->validation_split : 0.0);
  const int epochs = a.epochs.value_or(ex ? ex->epochs : 1);
  // Bad callback values and output paths fail here, before the data load and the training.
  std::vector<callbacks::CallbackPtr> fit_callbacks = make_callbacks(a.callbacks, split > 0.0);
  if (!a.plot.empty()) {
    check_plot_path(a.plot);
    check_output_path(a.plot, "--plot");
  }

  TrainTest data = load_data(a, src, a.limit, a.test_limit);
  compile_for_fit(model, a, src);
  if (a.verbose) model.summary();

  auto train_samples = static_cast<std::int64_t>(static_cast<double>(data.x_train.dim(0)) * (1.0 - split));
  auto train_meter = std::make_shared<ThroughputMeter>(ThroughputMeter::Phase::train, train_samples, batch_size,
                                                       kTrainWarmup);
  fit_callbacks.insert(fit_callbacks.begin(), train_meter);
  callbacks::History history = model.fit(data.x_train, data.y_train,
                                         {.batch_size = batch_size,
                                          .epochs = a.initial_epoch + epochs,
                                          .verbose = a.verbose,
                                          .callbacks = fit_callbacks,
                                          .validation_split = split,
                                          .initial_epoch = a.initial_epoch});
  std::optional<EvaluationResult> test;
  auto eval_meter = std::make_shared<ThroughputMeter>(ThroughputMeter::Phase::evaluate,
                                                      data.x_test.defined() ? data.x_test.dim(0) : 0, 32, kEvalWarmup);
  if (data.x_test.defined()) {
    test = model.evaluate(data.x_test, data.y_test, {.verbose = 0, .callbacks = {eval_meter}});
    print_results(*test);
  }
  if (!a.save.empty()) save_model(model, a.save);

  if (!a.report.empty()) {
    Json report = {{"model", src.name},
                   {"data", data.name},
                   {"epochs", epochs},
                   {"batch_size", batch_size},
                   {"validation_split", split},
                   {"optimizer", model.optimizer()->class_name()},
                   {"learning_rate", static_cast<double>(model.optimizer()->learning_rate())},
                   {"train_samples", train_samples},
                   {"test_samples", data.x_test.defined() ? data.x_test.dim(0) : 0},
                   {"history", history_json(history)},
                   {"test", test ? test->as_dict() : Logs{}},
                   {"train_samples_per_s", train_meter->samples_per_s()},
                   {"eval_samples_per_s", test ? Json(eval_meter->samples_per_s()) : Json(nullptr)},
                   {"warmup_batches", {{"train", kTrainWarmup}, {"evaluate", kEvalWarmup}}},
                   {"peak_rss_mb", peak_rss_mb()}};
    std::string text = report.dump(2) + "\n";
    io::write_file_atomic(a.report, std::vector<char>(text.begin(), text.end()));
  }
  if (!a.plot.empty()) {
    plot_history(history, a.plot, "Training history: " + std::filesystem::path(src.name).filename().string());
  }
  return 0;
}

int run_evaluate(const RunArgs& a) {
  ModelSource src = open_model(a.model, a.seed);
  Model& model = *src.model;
  TrainTest data = load_data(a, src, a.limit, a.limit);
  // With --x/--y those are the data to evaluate; with a dataset, its test split.
  Tensor x = data.x_test.defined() ? data.x_test : data.x_train, y = data.x_test.defined() ? data.y_test : data.y_train;
  if (src.example) {
    model.compile({.optimizer = src.example->optimizer, .loss = src.example->loss, .metrics = {"accuracy"}});
  } else if (!model.compiled()) {
    throw ValueError("kfit evaluate: '" + src.name + "' holds no compile settings (loss, metrics) to evaluate with");
  }
  print_results(model.evaluate(x, y, {.batch_size = a.batch_size, .verbose = a.verbose}));
  return 0;
}

int run_predict(const PredictArgs& a) {
  ModelSource src = open_model(a.model, a.seed);
  if (!a.weights.empty()) load_weights(*src.model, a.weights);
  Tensor x = prepare_inputs(io::load_npy(a.input), src.input_shape);
  Tensor y = src.model->predict(x, {.batch_size = a.batch_size, .verbose = a.verbose});
  io::save_npy(a.output, y);
  return 0;
}

int run_summary(const std::string& model) {
  open_model(model, std::nullopt).model->summary();
  return 0;
}

int run_convert(const std::string& in, const std::string& out) {
  std::shared_ptr<Model> model = load_model(in);
  const std::string suffix = ".weights.h5";
  if (out.size() > suffix.size() && out.compare(out.size() - suffix.size(), suffix.size(), suffix) == 0) {
    save_weights(*model, out);
  } else {
    save_model(*model, out);
  }
  std::cout << "Wrote " << out << "\n";
  return 0;
}

int run_plot_model(const std::string& model, const std::string& out, const ModelPlotOptions& options) {
  plot_model(*open_model(model, std::nullopt).model, out, options);
  std::cout << "Wrote " << out << "\n";
  return 0;
}

int run_list() {
  std::cout << "Built-in models (kfit fit MODEL):\n";
  for (const auto& e : examples()) {
    std::cout << "  " << e.name << std::string(e.name.size() < 19 ? 19 - e.name.size() : 1, ' ') << e.description
              << "\n";
  }
  std::cout << "\nDatasets (--data):\n";
  auto fashion = datasets::fashion_mnist::locate();
  std::cout << "  fashion_mnist  Fashion-MNIST, 60000 + 10000 28x28 grey images, 10 classes: "
            << (fashion ? "found in " + *fashion : "not found (apt-get install dataset-fashion-mnist)") << "\n";
  auto mnist = datasets::mnist::locate();
  std::cout << "  mnist          MNIST digits, Keras' mnist.npz or four IDX files: "
            << (mnist ? "found at " + *mnist : "not found (place mnist.npz in ~/.keras/datasets/)") << "\n";
  auto cifar10 = datasets::cifar10::locate();
  std::cout << "  cifar10        CIFAR-10, 50000 + 10000 32x32 colour images, 10 classes: "
            << (cifar10 ? "found in " + *cifar10
                        : "not found (extract cifar-10-python.tar.gz into ~/.keras/datasets/)") << "\n";
  std::optional<std::string> imdb;
  for (const auto& dir : datasets::keras_cache_dirs()) {
    if (!imdb && std::filesystem::is_regular_file(dir + "/imdb.npz")) imdb = dir + "/imdb.npz";
  }
  std::cout << "  imdb           IMDB reviews, 25000 + 25000 word-index sequences, 2 classes: "
            << (imdb ? "found at " + *imdb : "not found (place Keras' imdb.npz in ~/.keras/datasets/)") << "\n";
  std::cout << "  synthetic      each model's stand-in: its dataset's sizes, random inputs and labels (for\n"
               "                 benchmarks; accuracy means nothing)\n";
  std::cout << "  FOLDER         a folder holding train-images-idx3-ubyte, train-labels-idx1-ubyte,\n"
               "                 t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (plain or .gz)\n";
  return 0;
}

}  // namespace kfit
