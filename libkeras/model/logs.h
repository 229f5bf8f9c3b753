#pragma once
// Training logs: metric name -> value. std::map keeps keys sorted, as Keras sorts log keys
// before they reach callbacks and the progress bar.

#include <map>
#include <string>

namespace keras {

using Logs = std::map<std::string, double>;

}  // namespace keras
