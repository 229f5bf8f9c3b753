#include "test/fuzz/fuzz_targets.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "libkeras/serialization/npy.h"
#include "libkeras/serialization/saving.h"
#include "libkeras/utils/error.h"

namespace keras::fuzz {

namespace {

// The path readers (zip, HDF5) take files: the bytes go to a scratch file named by extension.
class ScratchFile {
 public:
  ScratchFile(const std::uint8_t* data, std::size_t size, const std::string& extension)
      : path_("/tmp/libkeras-fuzz-" + std::to_string(::getpid()) + extension) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  ~ScratchFile() { std::remove(path_.c_str()); }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

template <class Body>
void expect_only_keras_errors(Body body) {
  try {
    body();
  } catch (const Error&) {
    // A clear rejection: what a reader must do with bad bytes.
  }
}

// load_weights needs a model; this one has the weight kinds the weight files' layouts vary on.
std::shared_ptr<Model> weights_model() {
  return std::make_shared<Sequential>(std::initializer_list<SequentialItem>{
      Input({4, 3}), layers::LSTM(2, layers::LSTM::Options{.return_sequences = true}), layers::BatchNormalization(),
      layers::Flatten(), layers::Dense(2)});
}

void run_npy(const std::uint8_t* data, std::size_t size) {
  expect_only_keras_errors([&] { io::parse_npy(std::vector<char>(data, data + size), "fuzz.npy"); });
}

void run_npz(const std::uint8_t* data, std::size_t size) {
  ScratchFile f(data, size, ".npz");
  expect_only_keras_errors([&] { io::load_npz(f.path()); });
}

void run_json(const std::uint8_t* data, std::size_t size) {
  expect_only_keras_errors([&] { model_from_json(std::string(data, data + size), "fuzz.json"); });
}

void run_h5(const std::uint8_t* data, std::size_t size) {
  ScratchFile f(data, size, ".h5");
  expect_only_keras_errors([&] { load_model(f.path()); });
}

void run_keras(const std::uint8_t* data, std::size_t size) {
  ScratchFile f(data, size, ".keras");
  expect_only_keras_errors([&] { load_model(f.path()); });
}

void run_weights_h5(const std::uint8_t* data, std::size_t size) {
  ScratchFile f(data, size, ".weights.h5");
  auto model = weights_model();
  expect_only_keras_errors([&] { load_weights(*model, f.path()); });
}

}  // namespace

const std::vector<Target>& targets() {
  static const std::vector<Target> all = {{"npy", run_npy},     {"npz", run_npz},     {"json", run_json},
                                          {"h5", run_h5},       {"keras", run_keras}, {"weights_h5", run_weights_h5}};
  return all;
}

const Target& target(const std::string& name) {
  for (const Target& t : targets()) {
    if (t.name == name) return t;
  }
  throw std::invalid_argument("no fuzz target '" + name + "'");
}

}  // namespace keras::fuzz
