#include "layers/reshaping/base_zero_padding.h"

#include <nlohmann/json.hpp>

#include "layers/convolutional/conv_utils.h"
#include "libkeras/ops/ops.h"

namespace keras::layers {

BaseZeroPadding::BaseZeroPadding(const std::string& prefix, const std::string& label, std::vector<SidePair> padding,
                                 Options options)
    : Layer(prefix, options.name), padding_(std::move(padding)), data_format_(options.data_format) {
  check_side_pairs(padding_, "padding", label + " \"" + name() + "\"");
  check_channels_last(data_format_, name());
  input_spec_.ndim = static_cast<int>(padding_.size()) + 2;
}

BaseZeroPadding::Parsed BaseZeroPadding::parse_config(const Json& config, const std::string& what, int rank) {
  ConfigReader c(config, what);
  Options o;
  o.data_format = c.string("data_format", "channels_last");
  o.name = c.string("name", "");
  return {read_side_pairs(c, "padding", rank, 1), o};
}

Shape BaseZeroPadding::compute_output_shape(const Shape& s) const {
  check_input_spec(input_spec_, s, name());
  std::vector<std::int64_t> dims = s.dims();
  for (std::size_t i = 0; i < padding_.size(); ++i) {
    if (dims[i + 1] >= 0) dims[i + 1] += padding_[i].before + padding_[i].after;
  }
  return Shape(dims);
}

Tensor BaseZeroPadding::call(const Tensor& inputs, bool) {
  std::vector<std::pair<std::int64_t, std::int64_t>> widths{{0, 0}};
  for (const SidePair& p : padding_) widths.emplace_back(p.before, p.after);
  widths.emplace_back(0, 0);
  return ops::pad(inputs, widths);
}

Json BaseZeroPadding::get_config() const {
  Json c = base_config();
  c["padding"] = side_pairs_json(padding_);
  c["data_format"] = data_format_;
  return c;
}

}  // namespace keras::layers
