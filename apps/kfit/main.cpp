// kfit: Keras' training loop from the command line.

#include <CLI/CLI.hpp>
#include <iostream>

#include "apps/kfit/commands.h"
#include "libkeras/utils/error.h"

namespace {

const char* const kUsage =
    "usage: kfit fit MODEL [--data DATASET | --x X.npy --y Y.npy] [--epochs N] [--initial-epoch N]\n"
    "                      [--batch-size B] [--validation-split F] [--optimizer NAME] [--learning-rate LR]\n"
    "                      [--loss NAME] [--verbose 0|1|2] [--seed S] [--limit N] [--test-limit N]\n"
    "                      [--save OUT.keras|OUT.h5] [--report FILE] [--plot HISTORY.png|.svg|.pdf]\n"
    "                      [--checkpoint PATH [--save-best-only]] [--early-stopping PATIENCE]\n"
    "                      [--reduce-lr-on-plateau] [--csv FILE] [--monitor NAME]\n"
    "       kfit evaluate MODEL [--data DATASET | --x X.npy --y Y.npy] [--batch-size B] [--verbose 0|1|2]\n"
    "                      [--seed S] [--limit N]\n"
    "       kfit predict MODEL --input X.npy --output Y.npy [--weights W.h5] [--batch-size B] [--verbose 0|1|2]\n"
    "                      [--seed S]\n"
    "       kfit summary MODEL\n"
    "       kfit convert IN OUT      (between .json, .h5/.hdf5, .keras and .weights.h5)\n"    "       kfit plot-model MODEL OUT.png|OUT.svg|OUT.pdf|OUT.dot [--show-shapes] [--show-dtype]\n"
    "                      [--show-layer-names] [--show-layer-activations] [--show-trainable] [--rankdir TB|LR]\n"
    "                      [--dpi N]\n"
    "MODEL: a built-in example (kfit list) or a Keras model file (.json, .h5, .hdf5, .keras)\n"
    "       kfit list\n"
    "       kfit [CMD] --help\n";

const char* const kModelHelp = "A built-in example (see `kfit list`) or a Keras model file: .json, .h5, .hdf5, .keras";

void add_run_options(CLI::App* cmd, kfit::RunArgs& a) {
  cmd->add_option("MODEL", a.model, kModelHelp)->required();
  cmd->add_option("--data", a.data, "fashion_mnist, mnist, synthetic, or a folder of MNIST-layout IDX files");
  cmd->add_option("--x", a.x, "Inputs from an .npy file (instead of --data)");
  cmd->add_option("--y", a.y, "Targets from an .npy file (with --x)");
  cmd->add_option("--batch-size", a.batch_size, "Samples per batch")->check(CLI::PositiveNumber);
  cmd->add_option("--verbose", a.verbose, "0 = silent, 1 = progress bar, 2 = one line per epoch")
      ->check(CLI::IsMember({0, 1, 2}));
  cmd->add_option("--seed", a.seed, "Seed for weights, dropout and shuffling (keras.utils.set_random_seed)");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kfit: train, evaluate and run Keras models from the command line (libkeras " LIBKERAS_VERSION ")",
               "kfit"};
  app.require_subcommand(1);
  app.footer(
      "Examples:\n  kfit fit mnist_cnn --data fashion_mnist --save cnn.keras\n  kfit fit cnn.keras --data fashion_mnist "
      "--epochs 1 --initial-epoch 1\n  kfit convert cnn.keras cnn.h5\n  kfit plot-model cnn.keras cnn.png --show-shapes");

  kfit::FitArgs fit;
  CLI::App* fit_cmd = app.add_subcommand("fit", "Train a model (Keras' model.fit) and evaluate it on the test set");
  add_run_options(fit_cmd, fit);
  fit_cmd->add_option("--epochs", fit.epochs, "Epochs to train")->check(CLI::NonNegativeNumber);
  fit_cmd->add_option("--validation-split", fit.validation_split, "Fraction held out for validation, taken last")
      ->check(CLI::Range(0.0, 0.99));
  fit_cmd->add_option("--optimizer", fit.optimizer, "sgd, adam, adamw or rmsprop (Keras defaults)");
  fit_cmd->add_option("--learning-rate", fit.learning_rate, "Learning rate")->check(CLI::PositiveNumber);
  fit_cmd->add_option("--loss", fit.loss, "Loss name (replaces a model file's compiled loss)");
  fit_cmd->add_option("--initial-epoch", fit.initial_epoch, "Epoch to start counting from, to resume a saved run")
      ->check(CLI::NonNegativeNumber);
  fit_cmd->add_option("--save", fit.save, "Save the trained model: .keras, .h5/.hdf5 (with optimizer state) or .json");
  fit_cmd->add_option("--limit", fit.limit, "Train on the first N samples")->check(CLI::PositiveNumber);
  fit_cmd->add_option("--test-limit", fit.test_limit, "Evaluate on the first N test samples")->check(CLI::PositiveNumber);
  fit_cmd->add_option("--report", fit.report, "Write a JSON report: history, test metrics, throughput, peak memory");
  fit_cmd->add_option("--plot", fit.plot,
                      "Draw the history after training: a panel per quantity, val_ dashed (.png, .svg or .pdf)")
      ->type_name("FILE");
  kfit::add_callback_flags(fit_cmd, fit.callbacks);

  kfit::RunArgs evaluate;
  CLI::App* eval_cmd = app.add_subcommand("evaluate", "Evaluate a model on the test set (Keras' model.evaluate)");
  add_run_options(eval_cmd, evaluate);
  eval_cmd->add_option("--limit", evaluate.limit, "Evaluate on the first N test samples")->check(CLI::PositiveNumber);

  kfit::PredictArgs predict;
  CLI::App* predict_cmd = app.add_subcommand("predict", "Run a model on inputs from an .npy file (model.predict)");
  predict_cmd->add_option("MODEL", predict.model, kModelHelp)->required();
  predict_cmd->add_option("--weights", predict.weights, "Load these weights first (.weights.h5, .h5, .keras)");
  predict_cmd->add_option("--input", predict.input, "Inputs (.npy); uint8 images are scaled by 1/255")->required();
  predict_cmd->add_option("--output", predict.output, "Where to write the predictions (.npy)")->required();
  predict_cmd->add_option("--batch-size", predict.batch_size, "Samples per batch")->check(CLI::PositiveNumber);
  predict_cmd->add_option("--verbose", predict.verbose, "0 = silent, 1 = progress bar")->check(CLI::IsMember({0, 1, 2}));
  predict_cmd->add_option("--seed", predict.seed, "Seed for the initial weights");

  std::string summary_model;
  CLI::App* summary_cmd = app.add_subcommand("summary", "Print a model's summary (Keras' model.summary)");
  summary_cmd->add_option("MODEL", summary_model, kModelHelp)->required();

  std::string convert_in, convert_out;
  CLI::App* convert_cmd = app.add_subcommand("convert", "Convert a model between Keras file formats");
  convert_cmd->add_option("IN", convert_in, "A .json, .h5/.hdf5 or .keras model")->required();
  convert_cmd->add_option("OUT", convert_out, "A .json, .h5/.hdf5, .keras or .weights.h5 file")->required();

  std::string plot_in, plot_out;
  kfit::ModelPlotOptions plot;
  CLI::App* plot_cmd = app.add_subcommand("plot-model", "Draw a model's graph (keras.utils.plot_model) with Graphviz");
  plot_cmd->add_option("MODEL", plot_in, kModelHelp)->required();
  plot_cmd->add_option("OUT", plot_out, ".png, .svg or .pdf (rendered by Graphviz), or .dot (the graph as DOT text)")
      ->required();
  plot_cmd->add_flag("--show-shapes", plot.show_shapes, "Show each layer's input and output shapes");
  plot_cmd->add_flag("--show-dtype", plot.show_dtype, "Show each layer's output dtype");
  plot_cmd->add_flag("--show-layer-names", plot.show_layer_names,
                     "Show layer names besides class names (off by default, as in plot_model)");
  plot_cmd->add_flag("--show-layer-activations", plot.show_layer_activations,
                     "Show the activation of layers that have one");
  plot_cmd->add_flag("--show-trainable", plot.show_trainable, "Mark layers with weights as trainable or not");
  plot_cmd->add_option("--rankdir", plot.rankdir, "TB: top to bottom; LR: left to right")
      ->check(CLI::IsMember({"TB", "LR"}));
  plot_cmd->add_option("--dpi", plot.dpi, "Resolution of a .png (default 200)")->check(CLI::Range(10, 1000));

  app.add_subcommand("list", "List the built-in models and the datasets found on this machine");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "kfit: " << e.what() << "\n" << kUsage;
    return 2;
  }

  try {
    if (fit_cmd->parsed()) return kfit::run_fit(fit);
    if (eval_cmd->parsed()) return kfit::run_evaluate(evaluate);
    if (predict_cmd->parsed()) return kfit::run_predict(predict);
    if (summary_cmd->parsed()) return kfit::run_summary(summary_model);
    if (convert_cmd->parsed()) return kfit::run_convert(convert_in, convert_out);
    if (plot_cmd->parsed()) return kfit::run_plot_model(plot_in, plot_out, plot);
    return kfit::run_list();
  } catch (const keras::ValueError& e) {
    // An unknown model, dataset or optimizer name is a usage error.
    std::cerr << "kfit: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "kfit: error: " << e.what() << "\n";
    return 1;
  }
}
