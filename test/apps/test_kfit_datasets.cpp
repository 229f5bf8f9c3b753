// kfit's built-in examples on their real datasets: Keras' cache files written in their real
// formats into a private KERAS_HOME, and the message naming the file to place when absent.

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "libkeras/serialization/npy.h"
#include "test/datasets/pickle_bytes.h"
#include "test/support/files.h"
#include "test/support/keras_samples.h"

using namespace keras::testing;

namespace {

std::string kfit() { return build_root() + "/apps/kfit"; }

// HOME and KERAS_HOME both point into `dir`, so no cache on this machine is seen.
std::string env_for(const TempDir& dir) { return "HOME=" + (dir / "home") + " KERAS_HOME=" + (dir / "keras") + " "; }

// CIFAR-10's binary version: per image one label byte, then 1024 red, 1024 green, 1024 blue bytes.
void write_cifar10_bin(const std::string& folder, int images_per_file) {
  std::filesystem::create_directories(folder);
  auto write = [&](const std::string& name, int seed) {
    std::ofstream out(folder + "/" + name, std::ios::binary);
    for (int i = 0; i < images_per_file; ++i) {
      out.put(static_cast<char>((i + seed) % 10));
      for (int p = 0; p < 3072; ++p) out.put(static_cast<char>((p * 7 + i * 13 + seed) % 256));
    }
  };
  for (int b = 1; b <= 5; ++b) write("data_batch_" + std::to_string(b) + ".bin", b);
  write("test_batch.bin", 6);
}

nlohmann::json read_report(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

}  // namespace

TEST_CASE("kfit examples name the dataset file to place when it is missing", "[apps][kfit][datasets]") {
  TempDir dir;
  struct Case {
    const char* model;
    const char* file;
  };
  for (const Case& c : {Case{"mnist_cnn", "mnist.npz"}, Case{"cifar10_cnn", "cifar-10-python.tar.gz"},
                        Case{"imdb_lstm", "imdb.npz"}}) {
    INFO(c.model);
    auto r = run_command(env_for(dir) + kfit() + " fit " + c.model + " --epochs 1");
    CHECK(r.status != 0);
    CHECK(r.output.find(c.file) != std::string::npos);
    CHECK(r.output.find(dir / "keras") != std::string::npos);
    CHECK(r.output.find("--data synthetic") != std::string::npos);
    CHECK(r.output.find("Epoch 1/") == std::string::npos);
  }
}

TEST_CASE("kfit fit cifar10_cnn trains on CIFAR-10's binary batches", "[apps][kfit][datasets]") {
  TempDir dir;
  write_cifar10_bin(dir / "keras/datasets/cifar-10-batches-bin", 24);
  auto list = run_command(env_for(dir) + kfit() + " list");
  CHECK(list.output.find("found in " + (dir / "keras/datasets/cifar-10-batches-bin")) != std::string::npos);

  auto r = run_command(env_for(dir) + kfit() + " fit cifar10_cnn --epochs 1 --verbose 2 --seed 1 --report " +
                       (dir / "r.json"));
  INFO(r.output);
  REQUIRE(r.status == 0);
  auto report = read_report(dir / "r.json");
  CHECK(report["data"] == "cifar10");
  CHECK(report["train_samples"] == 120);
  CHECK(report["test_samples"] == 24);
  CHECK(std::isfinite(report["test"]["loss"].get<double>()));
}

TEST_CASE("kfit fit imdb_lstm trains on Keras' imdb.npz", "[apps][kfit][datasets]") {
  TempDir dir;
  std::filesystem::create_directories(dir / "keras/datasets");
  // Reviews longer and shorter than the model's 200 tokens, and word ids past its 10,000 words.
  std::vector<std::vector<std::int64_t>> train, test;
  for (int i = 0; i < 40; ++i) {
    std::vector<std::int64_t> review;
    for (int w = 0; w < 20 + 11 * i; ++w) review.push_back(1 + (w * 37 + i * 101) % 12000);
    (i % 4 == 0 ? test : train).push_back(review);
  }
  auto labels = [](std::size_t n) {
    std::vector<std::int64_t> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::int64_t>(i % 2);
    return keras::io::encode_npy(keras::Tensor::from_vector(v, keras::Shape{static_cast<std::int64_t>(n)}));
  };
  write_npz(dir / "keras/datasets/imdb.npz", {{"x_train", object_array_npy(train)},
                                              {"y_train", labels(train.size())},
                                              {"x_test", object_array_npy(test)},
                                              {"y_test", labels(test.size())}});

  auto r = run_command(env_for(dir) + kfit() + " fit imdb_lstm --epochs 1 --verbose 2 --seed 1 --report " +
                       (dir / "r.json"));
  INFO(r.output);
  REQUIRE(r.status == 0);
  auto report = read_report(dir / "r.json");
  CHECK(report["data"] == "imdb");
  CHECK(report["train_samples"] == 30);
  CHECK(report["test_samples"] == 10);
  CHECK(std::isfinite(report["test"]["loss"].get<double>()));
}
