#include "libkeras/utils/warnings.h"

#include <iostream>

namespace keras::utils {

void warn(const std::string& message) { std::cerr << "UserWarning: " << message << std::endl; }

}  // namespace keras::utils
