#pragma once
// kfit's built-in example models (the classic Keras examples).

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "libkeras/model/compile_specs.h"
#include "libkeras/model/sequential.h"

namespace kfit {

/// The stand-in for an example's dataset used by `--data synthetic` (the peers' benchmark data):
/// the real dataset's sizes, uniform random inputs and labels, so throughput and memory compare
/// while accuracy means nothing.
struct SyntheticData {
  std::int64_t train_samples;
  std::int64_t test_samples;
  std::int64_t classes;         ///< labels uniform in [0, classes)
  std::int64_t vocabulary = 0;  ///< > 0: token ids uniform in [1, vocabulary); 0: floats uniform in [0, 1)
};

struct Example {
  std::string name;
  std::string description;
  std::string default_data;  ///< dataset used when --data is not given
  std::int64_t batch_size;
  int epochs;
  double validation_split;
  std::string optimizer;
  keras::LossSpec loss;
  SyntheticData synthetic;
  std::function<std::shared_ptr<keras::Sequential>()> build;
};

const std::vector<Example>& examples();
/// The example named `name`; throws keras::ValueError listing the examples otherwise.
const Example& find_example(const std::string& name);

}  // namespace kfit
