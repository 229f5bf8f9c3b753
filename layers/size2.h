#pragma once
// A Keras 2-tuple argument (kernel_size, strides, pool_size, dilation_rate): `3` or `{3, 3}`.

#include <array>

namespace keras::layers {

struct Size2 {
  Size2(int both) : h(both), w(both) {}  // NOLINT: implicit, as Keras accepts an int
  Size2(int height, int width) : h(height), w(width) {}
  Size2(std::array<int, 2> hw) : h(hw[0]), w(hw[1]) {}  // NOLINT
  std::array<int, 2> array() const { return {h, w}; }
  int h, w;
};

}  // namespace keras::layers
