#include "libkeras/serialization/legacy_config.h"

#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "libkeras/serialization/json_util.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/warnings.h"

namespace keras::legacy {

bool is_model_class(const std::string& cls) { return cls == "Sequential" || cls == "Functional" || cls == "Model"; }

namespace {

// Markers only some Keras versions write, searched through the whole config tree.
struct Markers {
  bool keras3 = false, keras2 = false, keras1 = false;
};

// Iterative: the config may come from code rather than parse_json, so its depth is unbounded.
void scan(const Json& root, Markers& m) {
  std::vector<const Json*> stack{&root};
  while (!stack.empty()) {
    const Json& j = *stack.back();
    stack.pop_back();
    if (j.is_object()) {
      if (j.contains("module") || (j.value("class_name", Json()) == "DTypePolicy")) m.keras3 = true;
      if (j.contains("batch_input_shape")) m.keras2 = true;
      if (j.contains("inbound_nodes") && j["inbound_nodes"].is_array()) {
        for (const Json& node : j["inbound_nodes"]) {
          if (!node.is_array()) continue;
          m.keras2 = true;
          for (const Json& ref : node) {
            if (ref.is_array() && ref.size() == 3) m.keras1 = true;
          }
        }
      }
    }
    if (j.is_structured()) {
      for (const Json& v : j) stack.push_back(&v);
    }
  }
}

void rename(Json& c, const char* from, const char* to) {
  if (!c.contains(from)) return;
  if (!c.contains(to)) c[to] = c[from];
  c.erase(from);
}

// Keras 1 layer arguments that Keras 2 renamed (keras@2.0.0 legacy/interfaces.py).
void upgrade_keras1_fields(std::string& cls, Json& c, int major, const std::string& source) {
  static const std::pair<const char*, const char*> classes[] = {{"Convolution1D", "Conv1D"},
                                                                {"Convolution2D", "Conv2D"},
                                                                {"Convolution3D", "Conv3D"},
                                                                {"AtrousConvolution1D", "Conv1D"},
                                                                {"AtrousConvolution2D", "Conv2D"}};
  for (const auto& [from, to] : classes) {
    if (cls == from) cls = to;
  }
  if (cls == "Merge") {
    static const std::pair<const char*, const char*> modes[] = {
        {"sum", "Add"}, {"mul", "Multiply"}, {"concat", "Concatenate"}, {"ave", "Average"}, {"max", "Maximum"}};
    const std::string where = source + ": Keras 1 Merge layer \"" + string_or(c, "name", "") + "\"";
    // A lambda mode is saved as its marshalled Python function (a list), not a name.
    if (c.contains("mode") && !c["mode"].is_string() && !c["mode"].is_null()) {
      throw ValueError(where + ": field 'mode' is a Python function (received " + c["mode"].dump().substr(0, 100) +
                       "), which cannot be loaded outside Python (supported modes: sum, mul, concat, ave, max)");
    }
    const std::string mode = string_or(c, "mode", "sum");
    bool known = false;
    for (const auto& [from, to] : modes) {
      if (mode == from) cls = to, known = true;
    }
    if (!known) {
      throw ValueError(where + ": field 'mode' = \"" + mode +
                       "\" has no Keras 3 equivalent (supported: sum, mul, concat, ave, max)");
    }
    rename(c, "concat_axis", "axis");
  }
  if (cls == "Dense" || cls == "SimpleRNN" || cls == "LSTM" || cls == "GRU") rename(c, "output_dim", "units");
  static const std::pair<const char*, const char*> keys[] = {{"init", "kernel_initializer"},
                                                             {"inner_init", "recurrent_initializer"},
                                                             {"W_regularizer", "kernel_regularizer"},
                                                             {"U_regularizer", "recurrent_regularizer"},
                                                             {"b_regularizer", "bias_regularizer"},
                                                             {"W_constraint", "kernel_constraint"},
                                                             {"U_constraint", "recurrent_constraint"},
                                                             {"b_constraint", "bias_constraint"},
                                                             {"bias", "use_bias"},
                                                             {"nb_filter", "filters"},
                                                             {"filter_length", "kernel_size"},
                                                             {"border_mode", "padding"},
                                                             {"subsample_length", "strides"},
                                                             {"subsample", "strides"},
                                                             {"pool_length", "pool_size"},
                                                             {"stride", "strides"},
                                                             {"atrous_rate", "dilation_rate"},
                                                             {"dropout_W", "dropout"},
                                                             {"dropout_U", "recurrent_dropout"},
                                                             {"inner_activation", "recurrent_activation"}};
  for (const auto& [from, to] : keys) rename(c, from, to);
  if (cls == "Dropout" || cls.find("SpatialDropout") == 0) rename(c, "p", "rate");
  if (c.contains("nb_row") && c.contains("nb_col")) {
    c["kernel_size"] = Json::array({c["nb_row"], c["nb_col"]});
    c.erase("nb_row");
    c.erase("nb_col");
  }
  if (c.contains("dim_ordering")) {
    const Json order = c["dim_ordering"];
    if (order == "th") c["data_format"] = "channels_first";
    if (order == "tf") c["data_format"] = "channels_last";
    c.erase("dim_ordering");
  }
  if (c.contains("forget_bias_init")) {
    c["unit_forget_bias"] = c["forget_bias_init"] == "one";
    c.erase("forget_bias_init");
  }
  // Keras 1's recurrent default was hard_sigmoid.
  if (major == 1 && (cls == "LSTM" || cls == "GRU") && !c.contains("recurrent_activation")) {
    c["recurrent_activation"] = "hard_sigmoid";
  }
}

// Wrapped layers and RNN cells are layer entries inside a layer's config.
void upgrade_nested_layers(Json& c, int major, const std::string& source) {
  for (const char* key : {"layer", "forward_layer", "backward_layer", "cell"}) {
    if (c.contains(key) && c[key].is_object() && c[key].contains("class_name")) {
      c[key] = upgrade_layer_entry(c[key], major, source);
    }
  }
  if (c.contains("cells") && c["cells"].is_array()) {
    for (Json& cell : c["cells"]) {
      if (cell.is_object() && cell.contains("class_name")) cell = upgrade_layer_entry(cell, major, source);
    }
  }
}

}  // namespace

int keras_major_version(const Json& model_config) {
  if (model_config.is_object() && model_config.contains("keras_version") && model_config["keras_version"].is_string()) {
    const std::string v = model_config["keras_version"].get<std::string>();
    if (!v.empty() && v[0] >= '1' && v[0] <= '9') return v[0] - '0';
  }
  Markers m;
  scan(model_config, m);
  if (m.keras3) return 3;
  if (m.keras1) return 1;
  if (m.keras2) return 2;
  if (model_config.is_object() && model_config.contains("config") && model_config["config"].is_array()) return 2;
  return 0;
}

Json upgrade_layer_entry(const Json& entry, int major, const std::string& source) {
  if (!entry.is_object() || !entry.contains("class_name") || !entry["class_name"].is_string()) return entry;
  Json out = entry;
  std::string cls = out["class_name"].get<std::string>();
  if (is_model_class(cls)) {
    Json nested = out;
    if (major > 0 && !nested.contains("keras_version")) nested["keras_version"] = std::to_string(major);
    Json upgraded = upgrade_model_config(nested, source);
    if (!entry.contains("keras_version")) upgraded.erase("keras_version");
    return upgraded;
  }
  if (!out.contains("config") || !out["config"].is_object()) return out;
  Json& c = out["config"];
  // Keras 1 field names never appear in later configs, so they are mapped whatever the version.
  if (major != 3) upgrade_keras1_fields(cls, c, major, source);
  rename(c, "batch_input_shape", "batch_shape");
  // Keras 3 writes the dtype as a DTypePolicy object; the layers read its name.
  if (c.contains("dtype") && c["dtype"].is_object()) {
    const Json& policy = c["dtype"];
    if (policy.contains("config") && policy["config"].is_object() && policy["config"].contains("name")) {
      c["dtype"] = policy["config"]["name"];
    }
  }
  // tf.keras writes BatchNormalization's axis as a one-element list.
  if (cls == "BatchNormalization" && c.contains("axis") && c["axis"].is_array() && c["axis"].size() == 1) {
    c["axis"] = c["axis"][0];
  }
  // Before Keras 2.1 GRU had no reset_after option and computed what reset_after=False does;
  // every later writer records the field, so a Keras 1/2 config without it means False.
  if (cls == "GRU" && (major == 1 || major == 2) && !c.contains("reset_after")) c["reset_after"] = false;
  upgrade_nested_layers(c, major, source);
  out["class_name"] = cls;
  return out;
}

Json upgrade_model_config(const Json& model_config, const std::string& source) {
  if (!model_config.is_object() || !model_config.contains("config")) return model_config;
  const int major = keras_major_version(model_config);
  Json out = model_config;
  Json& config = out["config"];
  Json* layers =
      config.is_array() ? &config : (config.is_object() && config.contains("layers") ? &config["layers"] : nullptr);
  if (layers && layers->is_array()) {
    for (Json& entry : *layers) entry = upgrade_layer_entry(entry, major, source);
  }
  return out;
}

Json upgrade_optimizer(const Json& optimizer, const std::string& source) {
  if (!optimizer.is_object()) return optimizer;
  Json out = optimizer;
  if (out.contains("class_name") && out["class_name"].is_string()) {
    std::string cls = out["class_name"].get<std::string>();
    // tf.keras 2.11+ registers its built-in optimizers as "Custom>Adam".
    if (cls.rfind("Custom>", 0) == 0) out["class_name"] = cls.substr(7);
  }
  if (!out.contains("config") || !out["config"].is_object()) return out;
  Json& c = out["config"];
  rename(c, "lr", "learning_rate");
  if (c.contains("epsilon") && c["epsilon"].is_null()) c["epsilon"] = 1e-7;
  // Keras 3 warns about Keras 2's per-iteration learning-rate decay and trains without it.
  if (c.contains("decay")) {
    const Json& decay = c["decay"];
    if (!decay.is_null() && !(decay.is_number() && decay.get<double>() == 0.0)) {
      utils::warn(source + ": optimizer " + string_or(out, "class_name", "?") + ": argument `decay` = " +
                  decay.dump() + " is no longer supported and will be ignored.");
    }
    c.erase("decay");
  }
  return out;
}

Json upgrade_loss(const Json& loss) {
  if (!loss.is_object() || !loss.contains("config") || !loss["config"].is_object()) return loss;
  Json out = loss;
  Json& c = out["config"];
  if (c.contains("reduction") && c["reduction"] == "auto") c["reduction"] = "sum_over_batch_size";
  if (out.contains("class_name") && out["class_name"].is_string()) {
    std::string cls = out["class_name"].get<std::string>();
    if (cls.rfind("Custom>", 0) == 0) out["class_name"] = cls.substr(7);
  }
  return out;
}

Json upgrade_metric(const Json& metric) {
  if (!metric.is_object() || !metric.contains("class_name") || !metric["class_name"].is_string()) return metric;
  Json out = metric;
  std::string cls = out["class_name"].get<std::string>();
  if (cls.rfind("Custom>", 0) == 0) out["class_name"] = cls = cls.substr(7);
  // tf.keras wraps string metrics as MeanMetricWrapper(fn=<function name>, name=<user's string>):
  // the function name is a registered metric name.
  if (cls == "MeanMetricWrapper" && out.contains("config") && out["config"].is_object() &&
      out["config"].contains("fn") && out["config"]["fn"].is_string()) {
    Json config = out["config"];
    out["class_name"] = config["fn"];
    config.erase("fn");
    out["config"] = config;
  }
  return out;
}

}  // namespace keras::legacy
