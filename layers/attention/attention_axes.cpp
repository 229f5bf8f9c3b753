#include "layers/attention/attention_axes.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/json.h"
#include "libkeras/utils/error.h"

namespace keras::layers::attention {

namespace {

std::int64_t product(const std::vector<std::int64_t>& dims) {
  std::int64_t p = 1;
  for (std::int64_t d : dims) p *= d;
  return p;
}

// Axis order of arrange_heads' transpose for a projected tensor of rank r + 1:
// batch, batch-like index axes, heads, attended index axes, features.
std::vector<int> arranged_order(const AxesLayout& layout, int projected_rank) {
  std::vector<int> order{0};
  order.insert(order.end(), layout.batch_like.begin(), layout.batch_like.end());
  order.push_back(projected_rank - 2);
  order.insert(order.end(), layout.attended.begin(), layout.attended.end());
  order.push_back(projected_rank - 1);
  return order;
}

}  // namespace

AxesLayout AxesLayout::resolve(const std::vector<int>& attention_axes, int input_rank, const std::string& who) {
  AxesLayout layout;
  for (int a : attention_axes) {
    const int axis = a < 0 ? a + input_rank : a;  // Keras 3: rank - 1 + axis, rank counting the heads axis
    if (axis < 1 || axis > input_rank - 2) {
      throw ValueError(who + ": attention_axes=" + Json(attention_axes).dump() + " must name axes between the batch " +
                       "and the features of inputs of rank " + std::to_string(input_rank) + " (1 to " +
                       std::to_string(input_rank - 2) + "); received " + std::to_string(a));
    }
    if (std::find(layout.attended.begin(), layout.attended.end(), axis) != layout.attended.end()) {
      throw ValueError(who + ": attention_axes=" + Json(attention_axes).dump() + " lists axis " +
                       std::to_string(axis) + " twice");
    }
    layout.attended.push_back(axis);
  }
  std::sort(layout.attended.begin(), layout.attended.end());
  for (int d = 1; d <= input_rank - 2; ++d) {
    const bool attended = std::find(layout.attended.begin(), layout.attended.end(), d) != layout.attended.end();
    if (attention_axes.empty()) {
      layout.attended.push_back(d);
    } else if (!attended) {
      layout.batch_like.push_back(d);
    }
  }
  return layout;
}

std::vector<std::int64_t> dims_at(const Shape& shape, const std::vector<int>& axes) {
  std::vector<std::int64_t> dims;
  for (int a : axes) dims.push_back(shape[a]);
  return dims;
}

Tensor arrange_heads(const Tensor& projected, const AxesLayout& layout) {
  const int rank = projected.rank();
  const Tensor moved = ops::transpose(projected, arranged_order(layout, rank));
  const std::int64_t batch = projected.dim(0) * product(dims_at(projected.shape(), layout.batch_like));
  return ops::reshape(moved, Shape{batch, projected.dim(rank - 2),
                                   product(dims_at(projected.shape(), layout.attended)), projected.dim(rank - 1)});
}

Tensor restore_heads(const Tensor& arranged, const AxesLayout& layout, const Shape& like) {
  const int rank = like.rank();
  std::vector<std::int64_t> dims{like[0]};
  for (std::int64_t d : dims_at(like, layout.batch_like)) dims.push_back(d);
  dims.push_back(arranged.dim(1));
  for (std::int64_t d : dims_at(like, layout.attended)) dims.push_back(d);
  dims.push_back(arranged.dim(3));
  const std::vector<int> order = arranged_order(layout, rank);
  std::vector<int> inverse(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) inverse[static_cast<std::size_t>(order[i])] = static_cast<int>(i);
  return ops::transpose(ops::reshape(arranged, Shape(dims)), inverse);
}

}  // namespace keras::layers::attention
