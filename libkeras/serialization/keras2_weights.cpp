#include "libkeras/serialization/keras2_weights.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "libkeras/utils/error.h"

namespace keras::io {

namespace {

constexpr float kScale = 1.2f;  // Keras 2 slope 0.2 over Keras 3 slope 1/6

// An activation as configs write it: "relu", or a serialized function object.
std::string activation_of(const Json& config, const char* key) {
  if (!config.is_object() || !config.contains(key)) return "";
  const Json& a = config[key];
  if (a.is_string()) return a.get<std::string>();
  if (a.is_object() && a.contains("config") && a["config"].is_string()) return a["config"].get<std::string>();
  return "";
}

bool is_hard_sigmoid(const Json& config, const char* key) { return activation_of(config, key) == "hard_sigmoid"; }

[[noreturn]] void refuse(const std::string& source, const std::string& layer, const std::string& why) {
  throw ValueError("Cannot load '" + source + "': layer '" + layer + "' " + why +
                   ", and Keras 2's hard_sigmoid (slope 0.2) cannot be reproduced with Keras 3's (slope 1/6) there");
}

// Multiplies the columns [begin, end) of every row (last axis) by kScale.
void scale_columns(Tensor& t, std::int64_t begin, std::int64_t end) {
  Tensor scaled = t.astype(float32).clone();
  std::int64_t last = scaled.rank() == 0 ? 1 : scaled.dim(-1);
  float* p = scaled.data<float>();
  for (std::int64_t i = 0; i < scaled.size(); ++i) {
    std::int64_t col = i % last;
    if (col >= begin && col < end) p[i] *= kScale;
  }
  t = scaled;
}

void scale_all(Tensor& t) { scale_columns(t, 0, t.rank() == 0 ? 1 : t.dim(-1)); }

bool is_dense_or_conv(const std::string& cls) {
  if (cls.rfind("ConvLSTM", 0) == 0) return false;  // recurrent: the state feeds the activation
  return cls == "Dense" || cls.rfind("Conv", 0) == 0 || cls.rfind("DepthwiseConv", 0) == 0 ||
         cls.rfind("SeparableConv", 0) == 0;
}

// One layer entry's config applied to arrays[first, first + count).
void adapt_entry(const std::string& cls, const Json& config, std::vector<Tensor>& arrays, std::size_t first,
                 std::size_t count, const std::string& layer, const std::string& source) {
  if (cls == "Bidirectional") {
    const Json& forward = config.at("layer");
    const Json& backward = config.contains("backward_layer") && config["backward_layer"].is_object()
                               ? config["backward_layer"]
                               : forward;
    std::size_t half = count / 2;
    adapt_entry(forward.value("class_name", ""), forward.value("config", Json::object()), arrays, first, half, layer,
                source);
    adapt_entry(backward.value("class_name", ""), backward.value("config", Json::object()), arrays, first + half,
                count - half, layer, source);
    return;
  }
  if (cls == "TimeDistributed") {
    const Json& inner = config.at("layer");
    adapt_entry(inner.value("class_name", ""), inner.value("config", Json::object()), arrays, first, count, layer,
                source);
    return;
  }
  bool activation = is_hard_sigmoid(config, "activation");
  bool recurrent = is_hard_sigmoid(config, "recurrent_activation");
  if (!activation && !recurrent) return;
  if (cls == "LSTM" || cls == "GRU") {
    if (activation) refuse(source, layer, "uses hard_sigmoid as its cell activation");
    std::int64_t units = config.value("units", std::int64_t{0});
    for (std::size_t i = first; i < first + count && i < first + 3; ++i) {
      if (arrays[i].dim(-1) != (cls == "LSTM" ? 4 : 3) * units) {
        throw ShapeError("Cannot load '" + source + "': " + cls + " layer '" + layer + "' weight " +
                         std::to_string(i - first) + " has shape " + arrays[i].shape().to_string() +
                         ", which does not fit units=" + std::to_string(units));
      }
      if (cls == "LSTM") {  // gates i, f, c, o: scale i, f and o
        scale_columns(arrays[i], 0, 2 * units);
        scale_columns(arrays[i], 3 * units, 4 * units);
      } else {  // gates z, r, h: scale z and r (both bias rows when reset_after)
        scale_columns(arrays[i], 0, 2 * units);
      }
    }
    return;
  }
  if (cls == "SimpleRNN" && !recurrent) {
    for (std::size_t i = first; i < first + count; ++i) scale_all(arrays[i]);
    return;
  }
  if (is_dense_or_conv(cls) && !recurrent) {
    // A separable conv's activation input is linear in the pointwise kernel and bias only.
    std::size_t skip = cls.rfind("SeparableConv", 0) == 0 ? 1 : 0;
    for (std::size_t i = first + skip; i < first + count; ++i) scale_all(arrays[i]);
    return;
  }
  refuse(source, layer, "(" + cls + ") uses hard_sigmoid");
}

// The per-gate arrays come straight from the file: a malformed one would make the copy below
// divide by zero or index past a part, so their shapes must agree before anything is merged.
void check_gate_parts(const std::vector<Tensor>& parts, const std::string& source, const std::string& layer) {
  const std::vector<std::int64_t>& first = parts[0].shape().dims();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::vector<std::int64_t>& dims = parts[i].shape().dims();
    std::string why;
    if (dims.empty()) {
      why = "is a scalar";
    } else if (dims.back() <= 0) {
      why = "has an empty last axis";
    } else if (dims.size() != first.size() || !std::equal(dims.begin(), dims.end() - 1, first.begin())) {
      why = "has shape " + parts[i].shape().to_string() + ", whose leading axes differ from the first gate's " +
            parts[0].shape().to_string();
    }
    if (!why.empty()) {
      throw ShapeError("Cannot load '" + source + "': layer '" + layer + "' has Keras 1 per-gate weights, and gate " +
                       std::to_string(i) + "'s array " + why + ", so they cannot be merged into Keras 2 form");
    }
  }
}

// Concatenates equally-ranked float arrays along their last axis (check_gate_parts first).
Tensor concat_last(const std::vector<Tensor>& parts) {
  std::vector<std::int64_t> dims = parts[0].shape().dims();
  std::int64_t rows = parts[0].size() / dims.back(), width = 0;
  for (const Tensor& p : parts) width += p.dim(-1);
  dims.back() = width;
  Tensor out(Shape(dims), float32);
  float* o = out.data<float>();
  std::int64_t offset = 0;
  for (const Tensor& p : parts) {
    Tensor f = p.astype(float32);
    const float* src = f.data<float>();
    std::int64_t w = p.dim(-1);
    for (std::int64_t r = 0; r < rows; ++r) {
      for (std::int64_t c = 0; c < w; ++c) o[r * width + offset + c] = src[r * w + c];
    }
    offset += w;
  }
  return out;
}

// Keras 1 stored (W, U, b) per gate; `order` picks the gates in Keras 2 order.
void merge_keras1_gates(std::vector<Tensor>& arrays, const std::vector<int>& order, const std::string& source,
                        const std::string& layer) {
  std::vector<Tensor> merged;
  for (int which = 0; which < 3; ++which) {
    std::vector<Tensor> parts;
    for (int gate : order) parts.push_back(arrays[static_cast<std::size_t>(gate * 3 + which)]);
    check_gate_parts(parts, source, layer);
    merged.push_back(concat_last(parts));
  }
  arrays = merged;
}

void check_layer(const Layer& layer, const std::string& source) {
  if (const auto* model = dynamic_cast<const Model*>(&layer)) {
    for (const auto& inner : model->layers()) check_layer(*inner, source);
    return;
  }
  Json config = layer.get_config();
  std::string cls = layer.class_name();
  if (cls == "Activation" && is_hard_sigmoid(config, "activation")) {
    refuse(source, layer.name(), "is Activation(\"hard_sigmoid\")");
  }
  if ((cls == "LSTM" || cls == "GRU") && is_hard_sigmoid(config, "activation")) {
    refuse(source, layer.name(), "uses hard_sigmoid as its cell activation");
  }
}

}  // namespace

void adapt_keras2_weights(const Layer& layer, std::vector<Tensor>& arrays, int keras_major, const std::string& source) {
  if (keras_major <= 1 && layer.class_name() == "LSTM" && arrays.size() == 12) merge_keras1_gates(arrays, {0, 2, 1, 3}, source, layer.name());
  if (keras_major <= 1 && layer.class_name() == "GRU" && arrays.size() == 9) merge_keras1_gates(arrays, {0, 1, 2}, source, layer.name());
  if (const auto* model = dynamic_cast<const Model*>(&layer)) {
    for (const auto& inner : model->layers()) {
      Json config = inner->get_config();
      if (is_hard_sigmoid(config, "activation") || is_hard_sigmoid(config, "recurrent_activation")) {
        refuse(source, inner->name(), "is inside nested model '" + layer.name() + "' and uses hard_sigmoid");
      }
      if (dynamic_cast<const Model*>(inner.get())) {
        std::vector<Tensor> none;
        adapt_keras2_weights(*inner, none, keras_major, source);
      }
    }
    return;
  }
  adapt_entry(layer.class_name(), layer.get_config(), arrays, 0, arrays.size(), layer.name(), source);
}

void check_keras2_activations(const Model& model, const std::string& source) { check_layer(model, source); }

}  // namespace keras::io
