#include "libkeras/serialization/model_config.h"

#include <nlohmann/json.hpp>

#include "layers/input_layer.h"
#include "layers/layer_registry.h"
#include "libkeras/model/functional_config.h"
#include "libkeras/model/sequential.h"
#include "libkeras/serialization/compile_config.h"
#include "libkeras/serialization/error_context.h"
#include "libkeras/serialization/json_util.h"
#include "libkeras/serialization/legacy_config.h"
#include "libkeras/utils/error.h"

namespace keras {

namespace {

using legacy::is_model_class;

// Models nest as layers of models; beyond this many levels the config is corrupt or hostile
// (and the loaders, which recurse per level, would run off the stack).
constexpr int kMaxNestedModels = 32;
thread_local int nested_models = 0;

struct NestedModelGuard {
  NestedModelGuard(const std::string& source, const std::string& cls) {
    if (nested_models >= kMaxNestedModels) {
      throw ValueError(source + ": " + cls + " model nested more than " + std::to_string(kMaxNestedModels) +
                       " models deep; the config is corrupt");
    }
    ++nested_models;
  }
  ~NestedModelGuard() { --nested_models; }
  NestedModelGuard(const NestedModelGuard&) = delete;
  NestedModelGuard& operator=(const NestedModelGuard&) = delete;
};

// Dimensions beyond this are corrupt sizes, not a model anyone saved (and would overflow the
// element counts computed from them).
constexpr std::int64_t kMaxDim = std::int64_t{1} << 31;

// An integer in [0, kMaxDim]. Unsigned values above int64's range must not wrap to negative
// sizes, so they are compared unsigned.
bool is_dim(const Json& d) {
  if (d.is_number_unsigned()) return d.get<std::uint64_t>() <= static_cast<std::uint64_t>(kMaxDim);
  return d.is_number_integer() && d.get<std::int64_t>() >= 0 && d.get<std::int64_t>() <= kMaxDim;
}

// A shape list with null for unknown sizes; std::nullopt when absent or null.
std::optional<Shape> shape_field(const Json& object, const std::string& key, const std::string& where) {
  if (!object.is_object() || !object.contains(key) || object[key].is_null()) return std::nullopt;
  const Json& j = object[key];
  if (!j.is_array()) {
    throw ValueError(where + ": field '" + key + "' must be a list of integers or nulls, received " +
                     j.dump().substr(0, 200));
  }
  std::vector<std::int64_t> dims;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const Json& d = j[i];
    if (d.is_null()) {
      dims.push_back(-1);
      continue;
    }
    if (!is_dim(d)) {
      throw ValueError(where + ": field '" + key + "[" + std::to_string(i) +
                       "]' must be null or an integer in [0, 2^31], received " + d.dump().substr(0, 100));
    }
    dims.push_back(d.get<std::int64_t>());
  }
  return Shape(dims);
}

// Keras 1/2 Sequential models keep their input shape on the first layer: batch_input_shape
// (batch_shape after legacy_config), or input_shape (+ batch_size).
std::shared_ptr<layers::InputLayer> input_from_first_layer(const Json& entry, const std::string& where) {
  const Json& c = entry.contains("config") ? entry["config"] : Json();
  if (!c.is_object()) return nullptr;
  std::optional<Shape> batch_shape = shape_field(c, "batch_shape", where);
  if (!batch_shape) {
    std::optional<Shape> shape = shape_field(c, "input_shape", where);
    if (!shape) return nullptr;
    std::int64_t batch = -1;
    if (c.contains("batch_size") && !c["batch_size"].is_null()) {
      const Json& b = c["batch_size"];
      if (!is_dim(b)) {
        throw ValueError(where + ": field 'batch_size' must be null or an integer in [0, 2^31], received " +
                         b.dump().substr(0, 100));
      }
      batch = b.get<std::int64_t>();
    }
    batch_shape = shape->with_batch(batch);
  }
  if (batch_shape->rank() < 1) {
    throw ValueError(where + ": field 'batch_shape' must include the batch axis, received []");
  }
  layers::InputLayer::Options o;
  if ((*batch_shape)[0] >= 0) o.batch_size = (*batch_shape)[0];
  if (c.contains("dtype") && c["dtype"].is_string()) o.dtype = dtype_from_name(c["dtype"].get<std::string>());
  // tf.keras names the implicit input after the first layer.
  o.name = entry_name(entry).value_or("") + "_input";
  std::vector<std::int64_t> dims(batch_shape->dims().begin() + 1, batch_shape->dims().end());
  return std::make_shared<layers::InputLayer>(Shape(dims), o);
}

void apply_trainable(Layer& layer, const Json& config, const std::string& where) {
  if (!config.is_object() || !config.contains("trainable")) return;
  if (!config["trainable"].is_boolean()) {
    throw ValueError(where + ": field 'trainable' must be a boolean, received " + config["trainable"].dump());
  }
  layer.set_trainable(config["trainable"].get<bool>());
}

std::shared_ptr<Model> sequential_from_config(const Json& model, const std::string& source) {
  const Json& config = model["config"];
  const Json* list = &config;
  std::string name;
  if (config.is_object()) {
    if (!config.contains("layers") || !config["layers"].is_array()) {
      throw ValueError(source + ": Sequential config: field 'layers' must be a list, received " +
                       (config.contains("layers") ? config["layers"].dump().substr(0, 200) : std::string("nothing")));
    }
    list = &config["layers"];
    if (config.contains("name") && config["name"].is_string()) name = config["name"].get<std::string>();
  } else if (!config.is_array()) {
    throw ValueError(source + ": Sequential field 'config' must be a list of layers or an object, received " +
                     config.dump().substr(0, 200));
  }
  auto seq = std::make_shared<Sequential>(name);
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Json& entry = (*list)[i];
    const std::string where = source + ": layer \"" + entry_name(entry).value_or("") + "\"";
    std::shared_ptr<Layer> layer = layer_from_entry(entry, source);
    const bool is_input = std::dynamic_pointer_cast<layers::InputLayer>(layer) != nullptr;
    try {
      if (i == 0 && !is_input) {
        if (auto input = input_from_first_layer(entry, where)) seq->add(input);
      }
      seq->add(layer);
    } catch (...) {
      detail::rethrow_with_context(where + ": ");
    }
  }
  if (!seq->built()) {
    // Keras 3 records the shape a model without an Input was built for.
    std::optional<Shape> shape = shape_field(config, "build_input_shape", source + ": Sequential config");
    if (!shape && model.contains("build_config")) {
      shape = shape_field(model["build_config"], "input_shape", source + ": build_config");
    }
    if (shape) {
      try {
        seq->maybe_build(*shape);
      } catch (...) {
        detail::rethrow_with_context(source + ": building Sequential \"" + seq->name() +
                                     "\" for its build_input_shape: ");
      }
    }
  }
  apply_trainable(*seq, config, source + ": Sequential \"" + seq->name() + "\"");
  return seq;
}

std::shared_ptr<Model> model_from_upgraded(const Json& model, const std::string& source) {
  if (!model.is_object() || !model.contains("class_name") || !model["class_name"].is_string() ||
      !model.contains("config")) {
    throw ValueError(source +
                     ": a model config must be an object with a 'class_name' string and a 'config', received " +
                     model.dump().substr(0, 200));
  }
  const std::string cls = model["class_name"].get<std::string>();
  NestedModelGuard guard(source, cls);
  if (cls == "Sequential") return sequential_from_config(model, source);
  if (cls == "Functional" || cls == "Model") {
    auto load = [&source](const Json& entry) { return layer_from_entry(entry, source); };
    return functional_from_config(model["config"], source, load);
  }
  throw ValueError(source + ": field 'class_name' = \"" + cls +
                   "\" is not a built-in Keras model class (Sequential, Functional, Model): subclassed and custom "
                   "models cannot be loaded outside Python");
}

}  // namespace

std::shared_ptr<Layer> layer_from_entry(const Json& entry, const std::string& source) {
  if (!entry.is_object() || !entry.contains("class_name") || !entry["class_name"].is_string()) {
    throw ValueError(source + ": a layer entry must be an object with a 'class_name' string, received " +
                     entry.dump().substr(0, 200));
  }
  const std::string cls = entry["class_name"].get<std::string>();
  const std::string where = source + ": layer \"" + entry_name(entry).value_or("") + "\"";
  if (is_model_class(cls)) return model_from_upgraded(entry, source);
  if (cls == "Lambda") {
    throw ValueError(where +
                     ": field 'class_name' = \"Lambda\": a Lambda layer holds Python code (marshalled "
                     "bytecode or a lambda), which cannot be loaded outside Python. Replace it with "
                     "built-in layers in Keras and save the model again");
  }
  if (!layers::registry().contains(cls)) {
    std::string hint;
    try {
      layers::registry().get(cls);
    } catch (const ValueError& e) {
      hint = e.what();
    }
    throw ValueError(where + ": field 'class_name' = \"" + cls +
                     "\" is not a built-in Keras layer (custom and subclassed layers cannot be loaded outside "
                     "Python). " +
                     hint);
  }
  try {
    return layers::deserialize(entry);
  } catch (...) {
    detail::rethrow_with_context(where + ": ");
  }
}

std::shared_ptr<Model> model_from_config(const Json& config, const std::string& source) {
  // Parsed configs are bounded by parse_json already; one built in code may nest arbitrarily.
  check_json_depth(config, source);
  return model_from_upgraded(legacy::upgrade_model_config(config, source), source);
}

std::shared_ptr<Model> model_from_json(const std::string& json, const std::string& source) {
  return model_from_config(parse_json(json, source), source);
}

Json model_to_config(const Model& model) {
  Json out = layers::serialize_model_entry(model);
  Json compile = compile_config(model);
  if (!compile.is_null()) out["compile_config"] = compile;
  return out;
}

std::string Model::to_json() const { return model_to_config(*this).dump(); }

}  // namespace keras
