// A short, deterministic fuzz run in the test suite: every input kept in test/fuzz/corpus
// (seeds written by our own writers, plus whatever libFuzzer runs found; see tools/fuzz/run.sh)
// and a few hundred mutations of each must be rejected with a keras::Error or accepted —
// never a crash, another exception type, or a hang.

#include <catch2/catch.hpp>
#include <filesystem>

#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "libkeras/serialization/npy.h"
#include "libkeras/serialization/saving.h"
#include "libkeras/utils/random.h"
#include "test/fuzz/fuzz_targets.h"
#include "test/support/files.h"
#include "test/support/keras_samples.h"

using namespace keras;
namespace fs = std::filesystem;

namespace {

std::string corpus_dir(const std::string& target) { return testing::source_root() + "/test/fuzz/corpus/" + target; }

std::vector<std::vector<char>> corpus(const std::string& target) {
  std::vector<std::vector<char>> inputs;
  if (!fs::is_directory(corpus_dir(target))) return inputs;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(corpus_dir(target))) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& p : files) inputs.push_back(testing::read_bytes(p.string()));
  return inputs;
}

// libFuzzer's cheapest mutations: flip bits, overwrite bytes with boundary values, truncate,
// duplicate a chunk, zero a run.
std::vector<char> mutate(std::vector<char> bytes, random::Generator& g) {
  if (bytes.empty()) return {static_cast<char>(g.next_u64())};
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(g.next_u64() % n); };
  switch (pick(5)) {
    case 0:
      for (int i = 0; i < 1 + static_cast<int>(pick(4)); ++i) bytes[pick(bytes.size())] ^= static_cast<char>(1 << pick(8));
      break;
    case 1: {
      static const char values[] = {'\0', '\x01', '\x7f', '\x80', '\xff'};
      for (int i = 0; i < 1 + static_cast<int>(pick(4)); ++i) bytes[pick(bytes.size())] = values[pick(5)];
      break;
    }
    case 2: bytes.resize(pick(bytes.size())); break;
    case 3: {
      std::size_t at = pick(bytes.size()), len = std::min<std::size_t>(1 + pick(64), bytes.size() - at);
      std::vector<char> chunk(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                              bytes.begin() + static_cast<std::ptrdiff_t>(at + len));
      bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(pick(bytes.size())), chunk.begin(), chunk.end());
      break;
    }
    default: {
      std::size_t at = pick(bytes.size()), len = std::min<std::size_t>(1 + pick(16), bytes.size() - at);
      std::fill_n(bytes.begin() + static_cast<std::ptrdiff_t>(at), len, '\0');
    }
  }
  return bytes;
}

void run(const fuzz::Target& t, const std::vector<char>& bytes) {
  t.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

TEST_CASE("Every reader survives its fuzz corpus and mutations of it", "[serialization][fuzz]") {
  for (const fuzz::Target& t : fuzz::targets()) {
    DYNAMIC_SECTION("target " << t.name) {
      std::vector<std::vector<char>> inputs = corpus(t.name);
      INFO("corpus folder " << corpus_dir(t.name));
      REQUIRE_FALSE(inputs.empty());  // the corpus is kept in the repository
      random::Generator g(std::hash<std::string>{}(t.name));
      for (std::size_t i = 0; i < inputs.size(); ++i) {
        INFO("corpus input " << i);
        REQUIRE_NOTHROW(run(t, inputs[i]));
      }
      // A fixed budget per target, spread over its inputs: the HDF5 readers fork per file.
      const int mutations = t.name == "npy" || t.name == "json" ? 4000 : t.name == "npz" ? 1500 : 300;
      for (int m = 0; m < mutations; ++m) {
        const std::size_t i = static_cast<std::size_t>(g.next_u64() % inputs.size());
        std::vector<char> mutated = mutate(inputs[i], g);
        INFO("mutation " << m << " of corpus input " << i << " (" << mutated.size() << " bytes)");
        REQUIRE_NOTHROW(run(t, mutated));
      }
    }
  }
}

// Not part of the suite: rewrites the seed inputs from our own writers (run it by hand after a
// format change: ./build/test/test_fuzz "[.fuzz-seeds]").
TEST_CASE("Write the fuzz corpus seeds", "[.fuzz-seeds]") {
  testing::TempDir dir;
  utils::set_random_seed(1);
  Sequential model{Input({4, 3}), layers::LSTM(2, layers::LSTM::Options{.return_sequences = true}),
                   layers::BatchNormalization(), layers::Flatten(), layers::Dense(2)};
  model.compile({.optimizer = "adam", .loss = "mse"});
  model.fit(Tensor::ones({4, 4, 3}), Tensor::ones({4, 2}), {.epochs = 1, .verbose = 0});
  auto seed = [](const std::string& target, const std::string& name, const std::vector<char>& bytes) {
    fs::create_directories(corpus_dir(target));
    testing::write_bytes(corpus_dir(target) + "/" + name, bytes);
  };
  seed("npy", "seed-float32", io::encode_npy(Tensor::ones({2, 3})));
  seed("npy", "seed-int64", io::encode_npy(Tensor::from_vector<std::int64_t>({1, 2}, {2})));
  io::save_npz(dir / "a.npz", {{"x", Tensor::ones({2, 2})}, {"y", Tensor::from_vector<std::int64_t>({1}, {1})}});
  seed("npz", "seed-two-arrays", testing::read_bytes(dir / "a.npz"));
  std::string json = model.to_json();
  seed("json", "seed-sequential", std::vector<char>(json.begin(), json.end()));
  save_model(model, dir / "m.h5");
  seed("h5", "seed-lstm-bn-dense", testing::read_bytes(dir / "m.h5"));
  save_model(model, dir / "m.keras");
  seed("keras", "seed-lstm-bn-dense", testing::read_bytes(dir / "m.keras"));
  save_weights(model, dir / "m.weights.h5");
  seed("weights_h5", "seed-lstm-bn-dense", testing::read_bytes(dir / "m.weights.h5"));
}
