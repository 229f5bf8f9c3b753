#include "layers/convolutional/conv_utils.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "libkeras/utils/error.h"

namespace keras::layers {

Json ints_json(const std::vector<int>& values) {
  Json j = Json::array();
  for (int v : values) j.push_back(v);
  return j;
}

Json size2_json(Size2 s) { return Json::array({s.h, s.w}); }

std::string tuple_string(const std::vector<int>& values) {
  std::string s = "(";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(values[i]);
  }
  return s + (values.size() == 1 ? ",)" : ")");
}

void check_positive(const std::vector<int>& values, const std::string& arg, const std::string& layer) {
  for (int v : values) {
    if (v <= 0) {
      throw ValueError(layer + ": `" + arg + "` must hold positive integers, received " + arg + "=" +
                       tuple_string(values));
    }
  }
}

void check_non_negative(const std::vector<int>& values, const std::string& arg, const std::string& layer) {
  for (int v : values) {
    if (v < 0) {
      throw ValueError(layer + ": `" + arg + "` cannot be negative, received " + arg + "=" + tuple_string(values));
    }
  }
}

std::string standardize_padding(const std::string& padding, bool allow_causal, const std::string& layer) {
  std::string p = padding;
  std::transform(p.begin(), p.end(), p.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (p == "valid" || p == "same" || (allow_causal && p == "causal")) return p;
  throw ValueError(layer + ": invalid padding '" + padding + "'. Expected one of: 'valid', 'same'" +
                   (allow_causal ? ", 'causal'" : ""));
}

void check_channels_last(const std::string& data_format, const std::string& layer_name) {
  if (data_format != "channels_last") {
    throw ValueError("Layer \"" + layer_name + "\": data_format='" + data_format +
                     "' is not supported; libkeras computes in channels_last (NHWC), Keras' default");
  }
}

}  // namespace keras::layers
