#include "layers/convolutional/conv_args.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "libkeras/utils/error.h"

namespace keras::layers {

void validate_conv_args(ConvArgs& a, const std::string& label, bool allow_causal, bool check_strided_dilation) {
  const auto rank = static_cast<std::size_t>(a.rank);
  for (const auto* field : {&a.kernel_size, &a.strides, &a.dilation_rate}) {
    if (field->size() != rank) {
      throw ValueError(label + ": kernel_size, strides and dilation_rate need " + std::to_string(rank) +
                       " entries each");
    }
  }
  // One message for the three, as the tests and users search for the argument names.
  for (const auto* field : {&a.kernel_size, &a.strides, &a.dilation_rate}) {
    for (int v : *field) {
      if (v <= 0) {
        throw ValueError(label +
                         ": kernel_size, strides and dilation_rate must be positive integers, received "
                         "kernel_size=" +
                         tuple_string(a.kernel_size) + ", strides=" + tuple_string(a.strides) +
                         ", dilation_rate=" + tuple_string(a.dilation_rate));
      }
    }
  }
  if (check_strided_dilation && *std::max_element(a.strides.begin(), a.strides.end()) > 1 &&
      *std::max_element(a.dilation_rate.begin(), a.dilation_rate.end()) > 1) {
    throw ValueError(label +
                     ": `strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides=" +
                     tuple_string(a.strides) + " and dilation_rate=" + tuple_string(a.dilation_rate));
  }
  a.padding = standardize_padding(a.padding, allow_causal, label);
  check_channels_last(a.data_format, a.name);
}

ops::Padding ops_padding(const ConvArgs& a) { return a.padding == "same" ? ops::Padding::same : ops::Padding::valid; }

Shape conv_output_shape(const Shape& s, const ConvArgs& a, std::int64_t channels, const std::string& label) {
  if (s.rank() != a.rank + 2) {
    throw ShapeError(label + ": expected an input of rank " + std::to_string(a.rank + 2) + " (batch, " +
                     std::to_string(a.rank) + " spatial axes, channels), received shape " + s.to_string());
  }
  // Causal padding keeps the length, as "same" does (Keras computes both with one formula).
  const ops::Padding padding = a.padding == "valid" ? ops::Padding::valid : ops::Padding::same;
  std::vector<std::int64_t> dims{s[0]};
  for (int i = 0; i < a.rank; ++i) {
    const auto u = static_cast<std::size_t>(i);
    if (s[i + 1] < 0) {
      dims.push_back(-1);
      continue;
    }
    std::int64_t out = ops::conv_output_length(s[i + 1], a.kernel_size[u], padding, a.strides[u], a.dilation_rate[u]);
    if (out <= 0) {
      throw ShapeError(label + ": computed output size would be zero or negative for input shape " + s.to_string() +
                       ", kernel_size=" + tuple_string(a.kernel_size) +
                       ", dilation_rate=" + tuple_string(a.dilation_rate) + ", strides=" + tuple_string(a.strides) +
                       ", padding='" + a.padding + "'");
    }
    dims.push_back(out);
  }
  dims.push_back(channels);
  return Shape(dims);
}

std::int64_t input_channels(const Shape& s, const std::string& label) {
  const std::int64_t channels = s.rank() ? s.dim(-1) : -1;
  if (channels < 0) {
    throw ShapeError(label + ": the channel dimension of the inputs should be defined, received shape " +
                     s.to_string());
  }
  return channels;
}

namespace {

template <std::size_t N>
std::vector<int> read_tuple_n(const ConfigReader& c, const std::string& key, std::optional<int> fallback) {
  std::optional<std::array<int, N>> f;
  if (fallback) {
    f.emplace();
    f->fill(*fallback);
  }
  std::array<int, N> v = c.ints<N>(key, f);
  return std::vector<int>(v.begin(), v.end());
}

}  // namespace

std::vector<int> read_tuple(const ConfigReader& c, const std::string& key, int rank, std::optional<int> fallback) {
  if (rank == 1) return read_tuple_n<1>(c, key, fallback);
  if (rank == 2) return read_tuple_n<2>(c, key, fallback);
  return read_tuple_n<3>(c, key, fallback);
}

ConvArgs read_conv_args(const ConfigReader& c, int rank) {
  ConvArgs a;
  a.rank = rank;
  a.kernel_size = read_tuple(c, "kernel_size", rank, std::nullopt);
  a.strides = read_tuple(c, "strides", rank, 1);
  a.padding = c.string("padding", "valid");
  a.data_format = c.string("data_format", "channels_last");
  a.dilation_rate = read_tuple(c, "dilation_rate", rank, 1);
  a.activation = c.string("activation", "linear");
  a.use_bias = c.boolean("use_bias", true);
  a.bias_initializer = read_initializer(c, "bias_initializer", "zeros");
  a.bias_regularizer = read_regularizer(c, "bias_regularizer");
  a.activity_regularizer = read_regularizer(c, "activity_regularizer");
  a.bias_constraint = read_constraint(c, "bias_constraint");
  a.name = c.string("name", "");
  return a;
}

InitializerArg read_initializer(const ConfigReader& c, const std::string& key, const std::string& fallback) {
  if (c.is_null(key)) return InitializerArg(fallback);
  return InitializerArg(initializers::deserialize(c.raw(key)));
}

RegularizerArg read_regularizer(const ConfigReader& c, const std::string& key) {
  if (c.is_null(key)) return {};
  return RegularizerArg(regularizers::deserialize(c.raw(key)));
}

ConstraintArg read_constraint(const ConfigReader& c, const std::string& key) {
  if (c.is_null(key)) return {};
  return ConstraintArg(constraints::deserialize(c.raw(key)));
}

Json regularizer_json(const RegularizerArg& r) { return regularizers::serialize(r.get().get()); }

Json constraint_json(const ConstraintArg& c) { return constraints::serialize(c.get().get()); }

}  // namespace keras::layers
