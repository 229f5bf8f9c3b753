// kfit and the quick-start example, run as programs.

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "datasets/datasets.h"
#include "libkeras/serialization/npy.h"
#include "test/support/check.h"
#include "test/support/files.h"
#include "test/support/keras_samples.h"

using namespace keras;
using namespace keras::testing;

namespace {

std::string kfit() { return build_root() + "/apps/kfit"; }

// 640 training and 160 test images: real Fashion-MNIST when installed, else random pixels.
void write_small_dataset(const std::string& folder) {
  if (auto found = datasets::fashion_mnist::locate()) {
    auto d = datasets::load_idx_folder(*found);
    write_idx_folder(folder, d.x_train.slice(0, 640), d.y_train.slice(0, 640), d.x_test.slice(0, 160),
                     d.y_test.slice(0, 160), true);
    return;
  }
  Tensor x = random_tensor({800, 28, 28}, 0, 255).astype(uint8), y = random_tensor({800}, 0, 9.99f).astype(uint8);
  write_idx_folder(folder, x.slice(0, 640), y.slice(0, 640), x.slice(640, 800), y.slice(640, 800), true);
}

}  // namespace

TEST_CASE("kfit --help and usage errors", "[apps][kfit]") {
  auto help = run_command(kfit() + " --help");
  CHECK(help.status == 0);
  CHECK(help.output.find("Subcommands:") != std::string::npos);
  auto fit_help = run_command(kfit() + " fit --help");
  CHECK(fit_help.status == 0);
  CHECK(fit_help.output.find("--validation-split") != std::string::npos);

  for (const char* bad : {"", " fit", " fit mlp --verbose 7", " fit mlp --epochs -1", " frobnicate", " fit mlp --nope"}) {
    INFO(bad);
    auto r = run_command(kfit() + bad);
    CHECK(r.status == 2);
    CHECK(r.output.find("usage: kfit fit MODEL") != std::string::npos);
  }
  auto unknown = run_command(kfit() + " fit resnet");
  CHECK(unknown.status == 2);
  CHECK(unknown.output.find("Unknown model 'resnet'. Built-in examples: mnist_cnn, fashion_mnist_cnn, mlp") !=
        std::string::npos);
  auto bad_data = run_command(kfit() + " fit mlp --data /nonexistent/folder");
  CHECK(bad_data.status == 2);
  CHECK(bad_data.output.find("Unknown dataset '/nonexistent/folder'") != std::string::npos);
  auto bad_optimizer = run_command(kfit() + " fit mlp --optimizer adabelief");
  CHECK(bad_optimizer.status == 2);
  CHECK(bad_optimizer.output.find("Unknown optimizer 'adabelief'") != std::string::npos);
}

TEST_CASE("kfit summary and list", "[apps][kfit]") {
  auto r = run_command("COLUMNS=80 " + kfit() + " summary mnist_cnn");
  CHECK(r.status == 0);
  CHECK(r.output.find("│ conv2d_1 (Conv2D)               │ (None, 24, 24, 64)     │        18,496 │") != std::string::npos);
  CHECK(r.output.find(" Total params: 1,199,882 (4.58 MB)\n") != std::string::npos);
  auto list = run_command(kfit() + " list");
  CHECK(list.status == 0);
  CHECK(list.output.find("mnist_cnn") != std::string::npos);
  CHECK(list.output.find("fashion_mnist") != std::string::npos);
}

TEST_CASE("kfit fit trains, evaluates and writes its report; predict and evaluate run", "[apps][kfit]") {
  TempDir dir;
  write_small_dataset(dir / "data");
  auto r = run_command(kfit() + " fit mlp --data " + (dir / "data") + " --epochs 2 --batch-size 32 --verbose 2 --seed 3" +
                       " --validation-split 0.25 --report " + (dir / "report.json"));
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK(r.output.find("Epoch 2/2\n15/15 - ") != std::string::npos);
  CHECK(r.output.find(" - val_loss: ") != std::string::npos);
  CHECK(r.output.find("Test accuracy: ") != std::string::npos);
  std::ifstream in(dir / "report.json");
  auto report = nlohmann::json::parse(in);
  CHECK(report["history"]["loss"].size() == 2);
  CHECK(report["history"]["val_accuracy"].size() == 2);
  CHECK(report["train_samples"] == 480);
  CHECK(report["test_samples"] == 160);
  CHECK(report["train_samples_per_s"].get<double>() > 0);
  CHECK(report["eval_samples_per_s"].get<double>() > 0);
  CHECK(report["peak_rss_mb"].get<double>() > 10);
  CHECK(report["test"]["accuracy"].get<double>() >= 0);

  auto eval = run_command(kfit() + " evaluate mlp --data " + (dir / "data") + " --limit 50 --verbose 0 --seed 1");
  CHECK(eval.status == 0);
  CHECK(eval.output.find("Test loss: ") != std::string::npos);

  io::save_npy(dir / "x.npy", random_tensor({7, 28, 28}, 0, 255).astype(uint8));
  auto pred = run_command(kfit() + " predict mlp --input " + (dir / "x.npy") + " --output " + (dir / "y.npy") +
                          " --verbose 0 --seed 1");
  REQUIRE(pred.status == 0);
  Tensor y = io::load_npy(dir / "y.npy");
  CHECK(y.shape() == Shape{7, 10});
  std::vector<float> p = y.to_vector<float>();
  double row = 0;
  for (int i = 0; i < 10; ++i) row += p[static_cast<std::size_t>(i)];
  CHECK(row == Approx(1.0).epsilon(1e-5));  // softmax rows

  io::save_npy(dir / "wrong.npy", Tensor::zeros({2, 5}));
  auto wrong = run_command(kfit() + " predict mlp --input " + (dir / "wrong.npy") + " --output " + (dir / "y2.npy"));
  CHECK(wrong.status == 1);
  CHECK(wrong.output.find("does not fit the model's input shape (None, 28, 28)") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "y2.npy"));
}

TEST_CASE("kfit trains, resumes, predicts, summarizes and converts Keras model files", "[apps][kfit][saving]") {
  TempDir dir;
  write_small_dataset(dir / "data");
  const std::string data = " --data " + (dir / "data") + " --batch-size 32 --validation-split 0 --verbose 2 --seed 5";
  auto report_loss = [&](const std::string& file) {
    std::ifstream in(file);
    return nlohmann::json::parse(in)["history"]["loss"].get<std::vector<double>>();
  };

  // Two epochs in one go, and one epoch, saved, then one more from the file.
  auto two = run_command(kfit() + " fit mlp" + data + " --epochs 2 --report " + (dir / "two.json"));
  REQUIRE(two.status == 0);
  auto first = run_command(kfit() + " fit mlp" + data + " --epochs 1 --save " + (dir / "mlp.keras"));
  INFO(first.output);
  REQUIRE(first.status == 0);
  auto resumed = run_command(kfit() + " fit " + (dir / "mlp.keras") + data + " --epochs 1 --initial-epoch 1 --save " +
                             (dir / "mlp.h5") + " --report " + (dir / "resumed.json"));
  INFO(resumed.output);
  REQUIRE(resumed.status == 0);
  CHECK(resumed.output.find("Epoch 2/2\n") != std::string::npos);
  CHECK(resumed.output.find("Test accuracy: ") != std::string::npos);
  REQUIRE(report_loss(dir / "resumed.json").size() == 1);
  CHECK(report_loss(dir / "resumed.json")[0] == report_loss(dir / "two.json")[1]);  // bitwise

  auto summary = run_command("COLUMNS=80 " + kfit() + " summary " + (dir / "mlp.h5"));
  CHECK(summary.status == 0);
  CHECK(summary.output.find("Total params: ") != std::string::npos);

  io::save_npy(dir / "x.npy", random_tensor({5, 28, 28}, 0, 255).astype(uint8));
  auto predict = [&](const std::string& model, const std::string& out, const std::string& extra = "") {
    auto r = run_command(kfit() + " predict " + model + " --input " + (dir / "x.npy") + " --output " + (dir / out) +
                         " --verbose 0" + extra);
    INFO(r.output);
    REQUIRE(r.status == 0);
    return io::load_npy(dir / out);
  };
  Tensor from_h5 = predict(dir / "mlp.h5", "h5.npy");
  CHECK(from_h5.shape() == Shape{5, 10});

  REQUIRE(run_command(kfit() + " convert " + (dir / "mlp.h5") + " " + (dir / "mlp2.keras")).status == 0);
  REQUIRE(run_command(kfit() + " convert " + (dir / "mlp2.keras") + " " + (dir / "mlp.weights.h5")).status == 0);
  REQUIRE(run_command(kfit() + " convert " + (dir / "mlp2.keras") + " " + (dir / "mlp.json")).status == 0);
  check_close(predict(dir / "mlp2.keras", "k.npy"), from_h5.to_vector<double>(), 0, 0);
  check_close(predict(dir / "mlp.json", "j.npy", " --weights " + (dir / "mlp.weights.h5")), from_h5.to_vector<double>(),
              0, 0);

  // A config trains from fresh weights with its compile settings; without them it needs --loss.
  auto from_json = run_command(kfit() + " fit " + (dir / "mlp.json") + data + " --epochs 1");
  INFO(from_json.output);
  CHECK(from_json.status == 0);
  std::ifstream json_in(dir / "mlp.json");
  nlohmann::json config = nlohmann::json::parse(json_in);
  config.erase("compile_config");
  std::string bare = config.dump();
  write_bytes(dir / "bare.json", std::vector<char>(bare.begin(), bare.end()));
  auto no_loss = run_command(kfit() + " fit " + (dir / "bare.json") + data);
  CHECK(no_loss.status == 2);
  CHECK(no_loss.output.find("--loss") != std::string::npos);
  auto with_loss = run_command(kfit() + " fit " + (dir / "bare.json") + data +
                               " --loss sparse_categorical_crossentropy --optimizer adam --epochs 1");
  INFO(with_loss.output);
  CHECK(with_loss.status == 0);

  write_bytes(dir / "broken.keras", {'P', 'K', '\x03', '\x04', 'x'});
  auto broken = run_command(kfit() + " summary " + (dir / "broken.keras"));
  CHECK(broken.status == 1);
  CHECK(broken.output.find("broken.keras") != std::string::npos);
  auto missing = run_command(kfit() + " summary " + (dir / "absent.h5"));
  CHECK(missing.status == 1);
  CHECK(missing.output.find("absent.h5") != std::string::npos);
}

TEST_CASE("kfit trains the CIFAR-10 convnet and the IMDB LSTM on synthetic data", "[apps][kfit]") {
  TempDir dir;
  auto cifar = run_command(kfit() + " fit cifar10_cnn --data synthetic --limit 96 --test-limit 64 --verbose 2 --seed 1" +
                           " --report " + (dir / "cifar.json"));
  INFO(cifar.output);
  REQUIRE(cifar.status == 0);
  CHECK(cifar.output.find(" Total params: 122,570 (478.79 KB)\n") != std::string::npos);  // Keras' count
  CHECK(cifar.output.find("3/3 - ") != std::string::npos);
  std::ifstream cifar_in(dir / "cifar.json");
  auto report = nlohmann::json::parse(cifar_in);
  CHECK(report["data"] == "synthetic");
  CHECK(report["train_samples"] == 96);
  CHECK(report["test_samples"] == 64);
  // Ten random classes: the loss starts near ln(10).
  CHECK(report["history"]["loss"][0].get<double>() == Approx(std::log(10.0)).margin(0.2));

  auto imdb = run_command(kfit() + " fit imdb_lstm --data synthetic --limit 64 --test-limit 32 --verbose 2 --seed 1");
  INFO(imdb.output);
  REQUIRE(imdb.status == 0);
  CHECK(imdb.output.find("│ lstm (LSTM)                     │ (None, 128)            │       131,584 │") !=
        std::string::npos);
  CHECK(imdb.output.find("2/2 - ") != std::string::npos);
  CHECK(imdb.output.find("Test accuracy: ") != std::string::npos);

  // The convnet's input shape does not fit Fashion-MNIST's images: a clear error.
  auto wrong = run_command(kfit() + " fit cifar10_cnn --data fashion_mnist --limit 10");
  CHECK(wrong.status == 1);
  CHECK(wrong.output.find("does not fit the model's input shape (None, 32, 32, 3)") != std::string::npos);
}

TEST_CASE("The README quick start runs as written on a Fashion-MNIST subset", "[apps][quickstart]") {
  if (!datasets::fashion_mnist::locate()) {
    WARN("SKIPPED: Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
    return;
  }
  TempDir home;
  write_small_dataset(home / "datasets/fashion-mnist");
  auto r = run_command("KERAS_HOME=" + home.path() + " COLUMNS=80 " + build_root() + "/apps/quickstart");
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK(r.output.find("Model: \"sequential\"") != std::string::npos);
  CHECK(r.output.find("9/9\x1b[0m") != std::string::npos);  // 576 training samples / 64 per batch
  CHECK(r.output.find("test_acc: ") != std::string::npos);
}

TEST_CASE("The README Functional API example runs as written", "[apps][functional]") {
  auto r = run_command("COLUMNS=100 " + build_root() + "/apps/functional_example");
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK(r.output.find("Model: \"ticket_classifier\"") != std::string::npos);
  CHECK(r.output.find("│ embedding (Embedding)     │ (None, 50, 16)         │         16,000 │ title[0][0],           │") !=
        std::string::npos);
  CHECK(r.output.find(" Total params: 24,689 (96.44 KB)") != std::string::npos);
  CHECK(r.output.find("department_loss: ") != std::string::npos);
  CHECK(r.output.find("priority_loss: ") != std::string::npos);
  CHECK(r.output.find("department_accuracy: ") != std::string::npos);
}
