#include "libkeras/serialization/weights_store.h"

#include <map>
#include <optional>
#include <utility>

#include "libkeras/utils/error.h"
#include "libkeras/utils/naming.h"
#include "libkeras/utils/warnings.h"

namespace keras::io {

namespace {

std::string join(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return a + "/" + b;
}

// saving_lib._get_unique_name over to_snake_case(class name): dense, dense_1, dense_2, ...
class ContainerNames {
 public:
  std::string next(const Layer& layer) {
    std::string key = utils::to_snake_case(layer.class_name());
    auto [it, fresh] = used_.try_emplace(key, 0);
    if (fresh) return key;
    return key + "_" + std::to_string(++it->second);
  }

 private:
  std::map<std::string, int> used_;
};

// One `vars` group of the store: the model object it belongs to and its variables.
struct Entry {
  std::string path;  // "layers/lstm/cell"
  std::string name;  // the Keras object name, for the `name` attribute and messages
  std::vector<Variable*> variables;
};

void collect(const Model& model, const std::string& path, std::vector<Entry>& out) {
  out.push_back({path, model.name(), {}});  // a model owns no variables of its own here
  ContainerNames names;
  for (const auto& layer : model.layers()) {
    std::string layer_path = join(path, "layers/" + names.next(*layer));
    if (const auto* nested = dynamic_cast<const Model*>(layer.get())) {
      collect(*nested, layer_path, out);
      continue;
    }
    for (Layer::SaveableVars& group : layer->saveable_vars()) {
      out.push_back({join(layer_path, group.path), group.name, std::move(group.variables)});
    }
  }
}

std::string variable_list(const std::vector<Variable*>& variables) {
  std::string out = "[";
  for (std::size_t i = 0; i < variables.size(); ++i) {
    out += (i ? ", " : "") + variables[i]->path() + " " + variables[i]->shape().to_string();
  }
  return out + "]";
}

// H5IOStore.get: `<path>/vars`, else (tf-keras 2.13 files) under `_layer_checkpoint_dependencies`.
std::optional<H5Group> find_vars(const H5Group& root, const std::string& path) {
  std::string vars = join(path, "vars");
  if (auto g = root.find_group(vars)) return g;
  std::string legacy = vars;
  for (std::size_t pos = 0; (pos = legacy.find("layers", pos)) != std::string::npos;) {
    bool whole = (pos == 0 || legacy[pos - 1] == '/') && (pos + 6 == legacy.size() || legacy[pos + 6] == '/');
    if (whole) legacy.replace(pos, 6, "_layer_checkpoint_dependencies");
    pos += whole ? 30 : 6;
  }
  if (legacy != vars) return root.find_group(legacy);
  return std::nullopt;
}

std::size_t count_numbered(const H5Group& group) {
  std::size_t n = 0;
  while (group.has_dataset(std::to_string(n))) ++n;
  return n;
}

// `optimizer/vars/<i>`, read whole; nullopt (after a warning naming the file) when a dataset
// cannot be read, and when there is nothing to restore.
std::optional<std::vector<Tensor>> read_optimizer_state(const Model& model, const H5Group& root, bool load_optimizer) {
  if (!load_optimizer || !model.compiled() || !model.optimizer()) return std::nullopt;
  std::optional<H5Group> vars = root.find_group("optimizer/vars");
  if (!vars) return std::nullopt;
  try {
    std::vector<Tensor> state;
    for (std::size_t i = 0, n = count_numbered(*vars); i < n; ++i) state.push_back(vars->read_dataset(std::to_string(i)));
    return state;
  } catch (const Error& e) {
    utils::warn(std::string("Skipping variable loading for optimizer '") + model.optimizer()->name() + "': " +
                e.what() + ". Training will start with a freshly initialized optimizer.");
    return std::nullopt;
  }
}

}  // namespace

void save_weights_store(const Model& model, H5Group root, bool include_optimizer) {
  std::vector<Entry> entries;
  collect(model, "", entries);
  for (const Entry& entry : entries) {
    H5Group vars = root.require_group(join(entry.path, "vars"));
    vars.set_string_attribute("name", entry.name);
    for (std::size_t i = 0; i < entry.variables.size(); ++i) {
      vars.write_dataset(std::to_string(i), entry.variables[i]->value());
    }
  }
  const auto& optimizer = model.optimizer();
  if (include_optimizer && optimizer && optimizer->built()) {
    H5Group vars = root.require_group("optimizer/vars");
    vars.set_string_attribute("name", optimizer->name());
    std::vector<Tensor> state = optimizer->variables();
    for (std::size_t i = 0; i < state.size(); ++i) vars.write_dataset(std::to_string(i), state[i]);
  }
}

bool restore_optimizer_state(Model& model, const std::vector<Tensor>& values, const std::string& source) {
  const auto& optimizer = model.optimizer();
  if (!optimizer) return false;
  try {
    optimizer->build_for(model.trainable_weights());
    optimizer->assign_variables(values, source);
    return true;
  } catch (const Error& e) {
    utils::warn(std::string("Skipping variable loading for optimizer '") + optimizer->name() + "': " + e.what() +
                ". Training will start with a freshly initialized optimizer.");
    return false;
  }
}

void load_weights_store(Model& model, const H5Group& root, bool load_optimizer) {
  std::vector<Entry> entries;
  collect(model, "", entries);
  std::vector<std::pair<Variable*, Tensor>> assignments;
  for (const Entry& entry : entries) {
    std::optional<H5Group> vars = find_vars(root, entry.path);
    std::size_t received = vars ? count_numbered(*vars) : 0;
    if (received != entry.variables.size()) {
      // A model or weightless layer without a group is fine (Keras creates groups lazily).
      if (entry.variables.empty() && !vars) continue;
      throw ValueError("Layer '" + entry.name + "' expected " + std::to_string(entry.variables.size()) +
                       " variables, but received " + std::to_string(received) + " variables during loading from '" +
                       root.source() + "' (group '/" + join(entry.path, "vars") +
                       (vars ? "'" : "' is missing") + "). Expected: " + variable_list(entry.variables));
    }
    for (std::size_t i = 0; i < received; ++i) {
      Variable* variable = entry.variables[i];
      Tensor value = vars->read_dataset(std::to_string(i));
      if (value.shape() != variable->shape()) {
        throw ShapeError("Layer '" + entry.name + "': variable '" + variable->path() + "' has shape " +
                         variable->shape().to_string() + ", but '" + vars->path() + "/" + std::to_string(i) +
                         "' in '" + root.source() + "' has shape " + value.shape().to_string());
      }
      assignments.emplace_back(variable, value.astype(variable->value().dtype()));
    }
  }
  // The optimizer's arrays are read before any layer weight is assigned: a corrupt dataset
  // there must not leave the model half loaded. Like Keras' Optimizer.load_own_variables (and
  // restore_optimizer_state), unusable optimizer state is a warning, never a failed load.
  std::optional<std::vector<Tensor>> state = read_optimizer_state(model, root, load_optimizer);
  for (auto& [variable, value] : assignments) variable->assign(value);
  if (state) restore_optimizer_state(model, *state, root.source());
}

}  // namespace keras::io
