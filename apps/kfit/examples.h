#pragma once
// kfit's built-in example models (the classic Keras examples).

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "libkeras/model/sequential.h"

namespace kfit {

struct Example {
  std::string name;
  std::string description;
  std::string default_data;  ///< dataset used when --data is not given
  std::int64_t batch_size;
  int epochs;
  double validation_split;
  std::string optimizer;
  std::string loss;
  std::function<std::shared_ptr<keras::Sequential>()> build;
};

const std::vector<Example>& examples();
/// The example named `name`; throws keras::ValueError listing the examples otherwise.
const Example& find_example(const std::string& name);

}  // namespace kfit
