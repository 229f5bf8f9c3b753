#include "libkeras/serialization/legacy_h5.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "libkeras/serialization/compile_config.h"
#include "libkeras/serialization/json_util.h"
#include "libkeras/serialization/keras2_weights.h"
#include "libkeras/serialization/saving.h"
#include "libkeras/serialization/weights_store.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/warnings.h"

namespace keras::io {

namespace {

// legacy_h5_format._legacy_weights: trainable weights, then non-trainable ones.
std::vector<Variable*> legacy_weights(const Layer& layer) {
  std::vector<Variable*> out = layer.trainable_weights();
  for (Variable* v : layer.non_trainable_weights()) out.push_back(v);
  return out;
}

// Keras 3's legacy writer names weights by variable.path under the model's scope; duplicates
// are made unique as Keras 2.2.4 did, since the names are also dataset paths.
std::vector<std::string> weight_names(const Model& model, const std::vector<Variable*>& weights) {
  std::vector<std::string> names;
  std::set<std::string> used;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    std::string base = model.name() + "/" + (weights[i]->path().empty() ? "param_" + std::to_string(i) : weights[i]->path());
    std::string name = base;
    for (int k = 1; used.count(name); ++k) name = base + "_" + std::to_string(k);
    used.insert(name);
    names.push_back(name);
  }
  return names;
}

void save_subset(H5Group group, const std::vector<std::string>& names, const std::vector<Tensor>& values) {
  group.set_string_list_attribute("weight_names", names);
  for (std::size_t i = 0; i < names.size(); ++i) group.write_dataset(names[i], values[i]);
}

std::vector<Tensor> read_subset(const H5Group& group) {
  std::vector<Tensor> values;
  for (const std::string& name : group.string_list_attribute("weight_names")) {
    if (!group.has_dataset(name)) {
      throw IoError("Weight '" + name + "' listed in weight_names of '" + group.path() + "' is missing from '" +
                    group.source() + "'");
    }
    values.push_back(group.read_dataset(name));
  }
  return values;
}

std::string saved_layer_list(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return "[" + out + "]";
}

// Reads, adapts and checks one layer's arrays; returns false (after a warning) when skipping.
bool prepare_layer(const Layer& layer, const H5Group& saved, int keras_major, bool skip_mismatch,
                   std::vector<std::pair<Variable*, Tensor>>& assignments) {
  std::vector<Variable*> symbolic = legacy_weights(layer);
  std::vector<Tensor> values = read_subset(saved);
  const std::string& source = saved.source();
  if (keras_major < 3) adapt_keras2_weights(layer, values, keras_major, source);
  std::string problem;
  if (values.size() != symbolic.size()) {
    problem = "Weight count mismatch for layer '" + layer.name() + "' (saved as '" + saved.path().substr(saved.path().rfind('/') + 1) +
              "' in '" + source + "'): the layer expects " + std::to_string(symbolic.size()) +
              " weights, but the saved weights have " + std::to_string(values.size()) + " elements";
  } else {
    for (std::size_t i = 0; i < values.size() && problem.empty(); ++i) {
      if (values[i].shape() != symbolic[i]->shape()) {
        problem = "Shape mismatch in layer '" + layer.name() + "' for weight '" + symbolic[i]->path() +
                  "': the weight expects shape " + symbolic[i]->shape().to_string() + ", but '" + saved.path() +
                  "' in '" + source + "' has shape " + values[i].shape().to_string();
      }
    }
  }
  if (!problem.empty()) {
    if (skip_mismatch) {
      utils::warn("Skipping loading of weights for layer '" + layer.name() + "': " + problem);
      return false;
    }
    if (values.size() != symbolic.size()) throw ValueError(problem);
    throw ShapeError(problem);
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    assignments.emplace_back(symbolic[i], values[i].astype(symbolic[i]->value().dtype()));
  }
  return true;
}

}  // namespace

int legacy_keras_major(const H5Group& group) {
  std::optional<std::string> version = group.find_string_attribute("keras_version");
  if (!version || version->empty() || !std::isdigit(static_cast<unsigned char>((*version)[0]))) return 1;
  // The attribute is the file's word: "2.4.0", "3.10.0", but also "", "tf" or a 40-digit
  // number. Only the leading digits count; no digits means an unknown (oldest) writer, and a
  // number too large for int is some future version, clamped rather than thrown.
  constexpr int kFuture = 1000;
  int major = 0;
  const std::errc ec = std::from_chars(version->data(), version->data() + version->size(), major).ec;
  if (ec == std::errc::result_out_of_range) return kFuture;
  return std::min(major, kFuture);
}

namespace {

// The version that governs a full-model file: the root's, as Keras writes it, else the one in
// model_weights/ (files whose writer only stamped the weights group).
int full_model_keras_major(const H5Group& root, const H5Group& weights) {
  return root.has_attribute("keras_version") ? legacy_keras_major(root) : legacy_keras_major(weights);
}

// An empty top_level_model_weights group (no weight_names at all) is what some writers leave;
// it holds no weights rather than being an error.
bool has_top_level_weights(const H5Group& top) {
  if (!top.has_attribute("weight_names") && !top.has_attribute("weight_names0")) return false;
  return !read_subset(top).empty();
}

}  // namespace

H5Group legacy_weights_group(const H5Group& root) {
  if (root.has_attribute("layer_names") || root.has_attribute("layer_names0")) return root;
  if (auto g = root.find_group("model_weights")) return *g;
  if (root.has_group("layers") || root.has_group("vars")) {
    throw IoError("'" + root.source() + "' is a Keras 3 weights file (layers/.../vars); give it a .weights.h5 name");
  }
  throw IoError("'" + root.source() + "' is an HDF5 file without Keras weights (no layer_names attribute, no "
                "model_weights group)");
}

void save_legacy_weights(const Model& model, H5Group group) {
  std::vector<std::string> layer_names;
  for (const auto& layer : model.layers()) layer_names.push_back(layer->name());
  group.set_string_list_attribute("layer_names", layer_names);
  group.set_string_attribute("backend", "tensorflow");
  group.set_string_attribute("keras_version", kWrittenKerasVersion);
  for (const auto& layer : model.layers()) {
    std::vector<Variable*> weights = legacy_weights(*layer);
    std::vector<Tensor> values;
    for (Variable* v : weights) values.push_back(v->value());
    save_subset(group.require_group(layer->name()), weight_names(model, weights), values);
  }
  save_subset(group.require_group("top_level_model_weights"), {}, {});
}

void load_legacy_weights(Model& model, const H5Group& group, const LegacyWeightsOptions& options) {
  const std::string& source = group.source();
  int keras_major = options.keras_major ? *options.keras_major : legacy_keras_major(group);
  std::vector<std::string> saved_names = group.string_list_attribute("layer_names");
  // Keras 2 on Theano stored convolution kernels flipped (Theano convolves, TensorFlow
  // correlates). The shapes match, so loading them as they are would predict garbage.
  if (auto backend = group.find_string_attribute("backend"); backend && *backend == "theano") {
    for (const auto& layer : model.layers()) {
      if (layer->class_name().find("Conv") != std::string::npos && !legacy_weights(*layer).empty()) {
        throw ValueError("'" + source + "' was written by Keras with the Theano backend, whose convolution kernels "
                         "are stored flipped; layer '" + layer->name() + "' (" + layer->class_name() +
                         ") cannot load them. Convert the file with Keras 2.2 on TensorFlow first");
      }
    }
  }
  std::vector<std::pair<Variable*, Tensor>> assignments;
  if (options.by_name) {
    for (const std::string& name : saved_names) {
      H5Group saved = group.group(name);
      if (saved.string_list_attribute("weight_names").empty()) continue;
      for (const auto& layer : model.layers()) {
        if (layer->name() == name) prepare_layer(*layer, saved, keras_major, options.skip_mismatch, assignments);
      }
    }
  } else {
    std::vector<std::shared_ptr<Layer>> layers;
    for (const auto& layer : model.layers()) {
      if (!legacy_weights(*layer).empty()) layers.push_back(layer);
    }
    std::vector<std::string> with_weights;
    for (const std::string& name : saved_names) {
      if (!group.group(name).string_list_attribute("weight_names").empty()) with_weights.push_back(name);
    }
    if (layers.size() != with_weights.size()) {
      throw ValueError("Layer count mismatch when loading weights from file '" + source + "'. Model expected " +
                       std::to_string(layers.size()) + " layers with weights, found " +
                       std::to_string(with_weights.size()) + " saved layers with weights: " +
                       saved_layer_list(with_weights));
    }
    for (std::size_t k = 0; k < layers.size(); ++k) {
      prepare_layer(*layers[k], group.group(with_weights[k]), keras_major, false, assignments);
    }
  }
  if (auto top = group.find_group("top_level_model_weights"); top && has_top_level_weights(*top)) {
    throw ValueError("'" + source + "' holds model-level weights (top_level_model_weights), which model '" +
                     model.name() + "' does not have");
  }
  for (auto& [variable, value] : assignments) variable->assign(value);
}

void save_legacy_model(const Model& model, const std::string& path) {
  H5File file = H5File::create(path);
  H5Group root = file.root();
  root.set_string_attribute("keras_version", kWrittenKerasVersion);
  root.set_string_attribute("backend", "tensorflow");
  Json config = model_to_config(model);
  root.set_string_attribute("model_config", Json{{"class_name", config.at("class_name")}, {"config", config.at("config")}}.dump());
  Json training = legacy_training_config(model);
  if (!training.is_null()) root.set_string_attribute("training_config", training.dump());
  save_legacy_weights(model, root.require_group("model_weights"));
  const auto& optimizer = model.optimizer();
  if (model.compiled() && optimizer && optimizer->built()) {
    std::vector<std::string> names;
    for (const std::string& n : optimizer->variable_names()) names.push_back(optimizer->name() + "/" + n);
    save_subset(root.require_group("optimizer_weights"), names, optimizer->variables());
  }
  file.save(path);
}

std::shared_ptr<Model> load_legacy_model(const H5File& file, bool compile) {
  H5Group root = file.root();
  const std::string& source = file.source();
  std::optional<std::string> config_text = root.find_string_attribute("model_config");
  if (!config_text) {
    throw IoError("'" + source + "' has no model_config attribute: it holds weights only; build the model and "
                  "call load_weights");
  }
  Json config = parse_json(*config_text, "The model_config attribute of '" + source + "'");
  std::shared_ptr<Model> model = model_from_config(config, source);
  H5Group weights = legacy_weights_group(root);
  // One version for both: adapting the weights as Keras 2's but skipping the Keras 2
  // activation check (or the reverse) would load a silently different model.
  LegacyWeightsOptions options;
  options.keras_major = full_model_keras_major(root, weights);
  load_legacy_weights(*model, weights, options);
  if (*options.keras_major < 3) check_keras2_activations(*model, source);

  std::optional<std::string> training = root.find_string_attribute("training_config");
  if (!compile) return model;
  if (!training) {
    utils::warn("No training configuration found in save file '" + source + "', so the model was *not* compiled. "
                "Compile it manually.");
    return model;
  }
  Json training_config = parse_json(*training, "The training_config attribute of '" + source + "'");
  compile_from_config(*model, training_config, source);
  if (auto optimizer_group = root.find_group("optimizer_weights")) {
    restore_optimizer_state(*model, read_subset(*optimizer_group), source);
  }
  return model;
}

}  // namespace keras::io
