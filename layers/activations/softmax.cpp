#include "layers/activations/softmax.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

namespace {

// Keras' _large_negative_number for float32: exp underflows to 0 while staying finite.
constexpr float kLargeNegative = -1e9f;

// True when `from` broadcasts to exactly `to` (numpy rules, trailing axes aligned).
bool broadcasts_to(const Shape& from, const Shape& to) {
  if (from.rank() > to.rank()) return false;
  for (int k = 1; k <= from.rank(); ++k) {
    const std::int64_t f = from[from.rank() - k];
    if (f != 1 && f != to[to.rank() - k]) return false;
  }
  return true;
}

}  // namespace

Softmax::Softmax(int axis, Options options) : Shareable("softmax", options.name), axes_{axis}, single_axis_(true) {
  supports_masking_ = true;
}

Softmax::Softmax(std::vector<int> axes, Options options)
    : Shareable("softmax", options.name), axes_(std::move(axes)), single_axis_(false) {
  if (axes_.empty()) throw ValueError("Softmax layer \"" + name() + "\": `axis` must list at least one axis");
  supports_masking_ = true;
}

std::shared_ptr<Layer> Softmax::from_config(const Json& config) {
  ConfigReader c(config, "Softmax layer");
  Options o{.name = c.string("name", "")};
  std::shared_ptr<Softmax> layer;
  const Json& axis = c.has("axis") ? c.raw("axis") : Json(-1);
  if (axis.is_number_integer()) {
    layer = std::make_shared<Softmax>(axis.get<int>(), o);
  } else if (axis.is_array() && !axis.empty() &&
             std::all_of(axis.begin(), axis.end(), [](const Json& a) { return a.is_number_integer(); })) {
    layer = std::make_shared<Softmax>(axis.get<std::vector<int>>(), o);
  } else {
    c.fail("axis", "must be an integer or a non-empty list of integers");
  }
  return layer;
}

Tensor Softmax::call(const Tensor& inputs, bool) {
  Tensor x = inputs;
  Tensor keep;
  if (Tensor mask = inputs.mask(); mask.defined()) {
    if (!broadcasts_to(mask.shape(), x.shape())) {
      throw ShapeError("Softmax layer \"" + name() +
                       "\": the mask must be broadcastable to the inputs and must not have more dimensions. "
                       "Received: inputs.shape=" + x.shape().to_string() + ", mask.shape=" + mask.shape().to_string());
    }
    // Keras keeps positions where the mask is true (or > 0.5 for a numeric mask).
    keep = ops::greater(ops::cast(mask, float32), Tensor::scalar(0.5f, x.device()));
    x = ops::where(keep, x, Tensor::scalar(kLargeNegative, x.device()));
  }
  Tensor y;
  if (axes_.size() == 1) {
    y = ops::softmax(x, axes_[0]);
  } else {
    // exp(x - logsumexp(x)) over the axes jointly; the shift by the max only keeps exp finite.
    Tensor e = ops::exp(ops::subtract(x, ops::max(x, axes_, true)));
    y = ops::divide(e, ops::sum(e, axes_, true));
  }
  if (keep.defined()) y = ops::multiply(y, keep);
  return y;
}

Json Softmax::get_config() const {
  Json c = base_config();
  c["axis"] = single_axis_ ? Json(axes_[0]) : Json(axes_);
  return c;
}

}  // namespace keras::layers
