#pragma once
// Data-preparation helpers from keras.utils: to_categorical, normalize and pad_sequences.
// They run on host tensors, before data reaches a model, so they take no part in autograd.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libkeras/tensor/tensor.h"

namespace keras::utils {

/// One-hot encodes integer class labels (Keras: keras.utils.to_categorical). Labels are read
/// as int64 (floats truncate, as numpy's astype does). An input of shape (..., 1) with rank > 1
/// drops that last axis first, so (n, 1) gives (n, num_classes). `num_classes` absent or 0
/// means max(y) + 1. Returns float32. Throws ValueError for a label < 0 or >= num_classes,
/// and for an empty `y` without `num_classes`.
Tensor to_categorical(const Tensor& y, std::optional<std::int64_t> num_classes = {});

/// Divides `x` by its `order`-norm along `axis` (Keras: keras.utils.normalize on a backend
/// tensor, i.e. ops.normalize with epsilon = 1e-7). order 2: x * min(rsqrt(sum(x^2)), 1/eps);
/// other orders: x / max(norm, eps). A rank-0 `x` becomes shape (1,). float64 stays float64;
/// every other dtype gives float32. Throws ValueError when order < 1.
Tensor normalize(const Tensor& x, int axis = -1, int order = 2);

/// Pads (or truncates) every sequence to `maxlen`, giving an (n, maxlen) tensor (Keras:
/// keras.utils.pad_sequences). maxlen defaults to the longest sequence. padding and truncating:
/// "pre" (at the start) or "post" (at the end). Empty sequences become rows of `value`.
Tensor pad_sequences(const std::vector<std::vector<std::int64_t>>& sequences,
                     std::optional<std::int64_t> maxlen = {}, DType dtype = int32,
                     const std::string& padding = "pre", const std::string& truncating = "pre",
                     double value = 0.0);

}  // namespace keras::utils
