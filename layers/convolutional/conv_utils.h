#pragma once
// Argument handling shared by the convolution, pooling and reshaping layers: Keras tuple
// arguments of one to three entries (int, Size2, Size3), their JSON lists, padding names and
// the channels_last check.

#include <array>
#include <string>
#include <vector>

#include "layers/size2.h"
#include "libkeras/serialization/json.h"

namespace keras::layers {

/// A Keras 3-tuple argument (depth, height, width): `3` or `{1, 3, 3}`.
struct Size3 {
  Size3(int all) : d(all), h(all), w(all) {}  // NOLINT: implicit, as Keras accepts an int
  Size3(int depth, int height, int width) : d(depth), h(height), w(width) {}
  Size3(std::array<int, 3> dhw) : d(dhw[0]), h(dhw[1]), w(dhw[2]) {}  // NOLINT
  std::array<int, 3> array() const { return {d, h, w}; }
  int d, h, w;
};

/// The entries of a tuple argument, one per spatial axis.
inline std::vector<int> tuple_values(int v) { return {v}; }
inline std::vector<int> tuple_values(Size2 s) { return {s.h, s.w}; }
inline std::vector<int> tuple_values(const Size3& s) { return {s.d, s.h, s.w}; }

/// A tuple argument read from a config (ConfigReader::ints<N>) in its C++ type.
inline int tuple_from(std::array<int, 1> a) { return a[0]; }
inline Size2 tuple_from(std::array<int, 2> a) { return Size2(a); }
inline Size3 tuple_from(std::array<int, 3> a) { return Size3(a); }

/// Keras serialises tuples as JSON lists: [3, 3].
Json ints_json(const std::vector<int>& values);

/// JSON list [a, b] of a Size2.
Json size2_json(Size2 s);

/// Throws ValueError unless every entry is positive, naming the layer and the argument.
void check_positive(const std::vector<int>& values, const std::string& arg, const std::string& layer);

/// Throws ValueError unless every entry is >= 0, naming the layer and the argument.
void check_non_negative(const std::vector<int>& values, const std::string& arg, const std::string& layer);

/// "(1, 2)": a tuple as Keras prints it in messages.
std::string tuple_string(const std::vector<int>& values);

/// Keras' standardize_padding: "valid" or "same" in any case ("causal" too when allowed),
/// stored in lower case; anything else is a ValueError naming the layer.
std::string standardize_padding(const std::string& padding, bool allow_causal, const std::string& layer);

/// Rejects data_format values other than channels_last, naming the layer.
void check_channels_last(const std::string& data_format, const std::string& layer_name);

}  // namespace keras::layers
