#include "layers/reshaping/base_cropping.h"

#include <nlohmann/json.hpp>

#include "layers/convolutional/conv_utils.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

BaseCropping::BaseCropping(const std::string& prefix, const std::string& label, std::vector<SidePair> cropping,
                           Options options, bool has_data_format)
    : Layer(prefix, options.name),
      label_(label + " \"" + name() + "\""),
      cropping_(std::move(cropping)),
      data_format_(options.data_format),
      has_data_format_(has_data_format) {
  check_side_pairs(cropping_, "cropping", label_);
  check_channels_last(data_format_, name());
  input_spec_.ndim = static_cast<int>(cropping_.size()) + 2;
}

BaseCropping::Parsed BaseCropping::parse_config(const Json& config, const std::string& what, int rank, int fallback) {
  ConfigReader c(config, what);
  Options o;
  o.data_format = c.string("data_format", "channels_last");
  o.name = c.string("name", "");
  return {read_side_pairs(c, "cropping", rank, fallback), o};
}

Shape BaseCropping::compute_output_shape(const Shape& s) const {
  check_input_spec(input_spec_, s, name());
  std::vector<std::int64_t> dims = s.dims();
  for (std::size_t i = 0; i < cropping_.size(); ++i) {
    if (dims[i + 1] < 0) continue;
    dims[i + 1] -= cropping_[i].before + cropping_[i].after;
    if (dims[i + 1] <= 0) {
      throw ShapeError(label_ +
                       ": values in `cropping` should be smaller than the corresponding spatial dimension "
                       "of the input. Received: input_shape=" +
                       s.to_string() + ", cropping=" + side_pairs_string(cropping_));
    }
  }
  return Shape(dims);
}

Tensor BaseCropping::call(const Tensor& inputs, bool) {
  Shape out = compute_output_shape(inputs.shape());
  std::vector<std::int64_t> begin(static_cast<std::size_t>(inputs.rank()), 0);
  for (std::size_t i = 0; i < cropping_.size(); ++i) begin[i + 1] = cropping_[i].before;
  return ops::slice(inputs, begin, out.dims());
}

Json BaseCropping::get_config() const {
  Json c = base_config();
  c["cropping"] = side_pairs_json(cropping_);
  if (has_data_format_) c["data_format"] = data_format_;
  return c;
}

}  // namespace keras::layers
