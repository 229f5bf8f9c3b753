#pragma once
// The arguments of every convolution layer family (BaseConv, BaseConvTranspose,
// BaseDepthwiseConv, BaseSeparableConv), normalised to one entry per spatial axis. Each layer's
// Options struct converts into ConvArgs; configs are read into it; the families' get_config
// write the fields they own in Keras' order.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "constraints/constraints.h"
#include "initializers/initializers.h"
#include "layers/convolutional/conv_utils.h"
#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "regularizers/regularizers.h"

namespace keras::layers {

struct ConvArgs {
  int rank = 2;  ///< spatial axes
  std::int64_t filters = 0;
  int depth_multiplier = 1;
  std::vector<int> kernel_size, strides, dilation_rate;
  std::vector<int> output_padding;  ///< empty: Keras None
  std::string padding = "valid";
  std::string data_format = "channels_last";
  int groups = 1;
  std::string activation = "linear";
  bool use_bias = true;
  /// kernel_* of BaseConv/BaseConvTranspose; depthwise_* of the depthwise and separable layers.
  InitializerArg kernel_initializer = "glorot_uniform";
  InitializerArg pointwise_initializer = "glorot_uniform";
  InitializerArg bias_initializer = "zeros";
  RegularizerArg kernel_regularizer, pointwise_regularizer, bias_regularizer, activity_regularizer;
  ConstraintArg kernel_constraint, pointwise_constraint, bias_constraint;
  std::string name;
};

/// Validates the window arguments as Keras' conv constructors do and standardises the padding;
/// errors name `label` (e.g. `Conv1D "conv1d"`). `check_strided_dilation` rejects strides > 1
/// with dilation_rate > 1, as BaseConv and BaseConvTranspose do (the depthwise layers do not).
void validate_conv_args(ConvArgs& args, const std::string& label, bool allow_causal, bool check_strided_dilation);

/// The padding for ops:: ("causal" convolves as "valid" after the layer's left padding).
ops::Padding ops_padding(const ConvArgs& args);

/// Keras' compute_conv_output_shape: (batch, *out, channels); -1 dimensions stay unknown. Throws
/// ShapeError naming `label` when the rank is wrong or an output length would be <= 0.
Shape conv_output_shape(const Shape& input_shape, const ConvArgs& args, std::int64_t channels,
                        const std::string& label);

/// The input's channel count (last axis), which must be known when a layer builds.
std::int64_t input_channels(const Shape& input_shape, const std::string& label);

/// Reads the fields every conv config has (kernel_size, strides, padding, data_format,
/// dilation_rate, activation, use_bias, bias_*, activity_regularizer, name) for
/// `rank` spatial axes; the caller reads its family's own fields.
ConvArgs read_conv_args(const ConfigReader& c, int rank);

/// A tuple field of `rank` entries (an int or a list); `fallback` fills an absent or null field.
std::vector<int> read_tuple(const ConfigReader& c, const std::string& key, int rank, std::optional<int> fallback);

/// Config readers for optional objects: absent or null is Keras None.
InitializerArg read_initializer(const ConfigReader& c, const std::string& key, const std::string& fallback);
RegularizerArg read_regularizer(const ConfigReader& c, const std::string& key);
ConstraintArg read_constraint(const ConfigReader& c, const std::string& key);

/// Serialised forms (null for none).
Json regularizer_json(const RegularizerArg& r);
Json constraint_json(const ConstraintArg& c);

}  // namespace keras::layers
