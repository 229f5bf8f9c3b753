// Checkpoint save and load times for the Keras MNIST convnet with its Adam state (1.2 M
// parameters, 14 MB per checkpoint), in every format. Compare with bench/peer_checkpoint.py
// (torch.save / torch.load of the same model and optimizer) run in the same session.
//   ./build/bench/checkpoint_bench [REPS] [FOLDER]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "libkeras/keras.h"

using namespace keras;
using namespace keras::layers;

namespace {

double median_ms(int reps, const std::function<void()>& body) {
  std::vector<double> ms;
  for (int i = 0; i < reps; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    body();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int reps = argc > 1 ? std::stoi(argv[1]) : 5;
  const std::string folder = argc > 2 ? argv[2] : std::filesystem::temp_directory_path().string();
  utils::set_random_seed(1);
  Sequential model{Input({28, 28, 1}), Conv2D(32, {3, 3}, "relu"), Conv2D(64, {3, 3}, "relu"), MaxPooling2D({2, 2}),
                   Dropout(0.25), Flatten(), Dense(128, "relu"), Dropout(0.5), Dense(10, "softmax")};
  model.compile({.optimizer = "adam", .loss = "sparse_categorical_crossentropy", .metrics = {"accuracy"}});
  model.train_on_batch(random::uniform({64, 28, 28, 1}, 0, 1, 2), random::uniform({64}, 0, 10, 3).astype(int32));

  std::printf("%-18s %10s %10s %10s\n", "format", "save ms", "load ms", "MB");
  for (const std::string ext : {".keras", ".h5"}) {
    const std::string path = folder + "/checkpoint_bench" + ext;
    double save = median_ms(reps, [&] { save_model(model, path); });
    double load = median_ms(reps, [&] { load_model(path); });
    std::printf("%-18s %10.1f %10.1f %10.1f\n", ext.c_str(), save, load,
                static_cast<double>(std::filesystem::file_size(path)) / 1e6);
    std::filesystem::remove(path);
  }
  const std::string weights = folder + "/checkpoint_bench.weights.h5";
  double save = median_ms(reps, [&] { save_weights(model, weights); });
  double load = median_ms(reps, [&] { load_weights(model, weights); });
  std::printf("%-18s %10.1f %10.1f %10.1f\n", ".weights.h5", save, load,
              static_cast<double>(std::filesystem::file_size(weights)) / 1e6);
  std::filesystem::remove(weights);
}
