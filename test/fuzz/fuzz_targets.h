#pragma once
// The file readers under fuzzing: each target feeds arbitrary bytes to one reader. A reader may
// reject the bytes with a keras::Error (that is the point: a clear error); any other exception,
// a crash or a hang is a bug. The same targets run under libFuzzer (tools/fuzz/run.sh) and, as a
// short deterministic fuzz run over the kept corpus, in the test suite (test_fuzz_corpus.cpp).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace keras::fuzz {

struct Target {
  std::string name;  ///< also the corpus folder: test/fuzz/corpus/<name>
  void (*run)(const std::uint8_t* data, std::size_t size);
};

/// npy, npz, json, h5, keras, weights_h5.
const std::vector<Target>& targets();
const Target& target(const std::string& name);

}  // namespace keras::fuzz
