#include "libkeras/model/functional_config.h"

#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "layers/input_layer.h"
#include "layers/layer_registry.h"
#include "libkeras/serialization/error_context.h"
#include "libkeras/serialization/json_util.h"
#include "libkeras/utils/error.h"

namespace keras {

namespace {

// Keras numbers a layer's nodes among those inside the model being saved only (a layer also
// called in another model keeps its indices here dense).
std::unordered_map<const Node*, int> own_node_indices(const std::vector<std::shared_ptr<Node>>& nodes,
                                                      const std::vector<std::shared_ptr<Layer>>& layers) {
  std::unordered_set<const Node*> own;
  std::unordered_map<const Node*, int> index;
  for (const auto& n : nodes) {
    own.insert(n.get());
    if (n->inputs.empty()) index[n.get()] = 0;  // an InputLayer's only node
  }
  for (const auto& layer : layers) {
    int k = 0;
    for (const auto& n : layer->inbound_nodes()) {
      if (own.count(n.get())) index[n.get()] = k++;
    }
  }
  return index;
}

Json keras_tensor_json(const KerasTensor& t, const std::unordered_map<const Node*, int>& index) {
  return {{"class_name", "__keras_tensor__"},
          {"config",
           {{"shape", layers::shape_json(t.shape)},
            {"dtype", dtype_name(t.dtype)},
            {"keras_history", Json::array({t.layer()->name(), index.at(t.node.get()), t.index})}}}};
}

// Recurrent layers take their initial states as extra inputs after the sequence; Keras calls
// them as layer(x, initial_state=[h, c]).
bool takes_initial_state(const std::string& cls) {
  return cls == "RNN" || cls == "SimpleRNN" || cls == "LSTM" || cls == "GRU" || cls == "ConvLSTM1D" ||
         cls == "ConvLSTM2D" || cls == "ConvLSTM3D" || cls == "Bidirectional";
}

// keras functional.serialize_node: the call's arguments with tensors in place. Layers that take
// several inputs take them as one list argument, except MultiHeadAttention's (query, value, key)
// and a recurrent layer's initial states (the "initial_state" keyword).
Json node_json(const Node& node, const std::unordered_map<const Node*, int>& index) {
  Json tensors = Json::array();
  for (const KerasTensor& t : node.inputs) tensors.push_back(keras_tensor_json(t, index));
  const std::string cls = node.layer->class_name();
  Json kwargs = Json::object();
  if (tensors.size() > 1 && takes_initial_state(cls)) {
    Json states = Json::array();
    for (std::size_t i = 1; i < tensors.size(); ++i) states.push_back(tensors[i]);
    kwargs["initial_state"] = states;
    return {{"args", Json::array({tensors[0]})}, {"kwargs", kwargs}};
  }
  Json args = tensors.size() == 1 || cls == "MultiHeadAttention" ? tensors : Json::array({tensors});
  return {{"args", args}, {"kwargs", kwargs}};
}

// ---- reading ----

struct Ref {
  std::string layer;
  std::int64_t node = 0, tensor = 0;
};

bool is_triple(const Json& j) {
  return j.is_array() && (j.size() == 3 || j.size() == 4) && j[0].is_string() && j[1].is_number_integer() &&
         j[2].is_number_integer();
}

Ref ref_from(const Json& j) { return {j[0].get<std::string>(), j[1].get<std::int64_t>(), j[2].get<std::int64_t>()}; }

// `depth` bounds the recursion for configs built in code (parsed ones are bounded already).
void collect_keras_tensors(const Json& j, const std::string& where, std::vector<Ref>& out, int depth = 0) {
  if (depth > kMaxJsonDepth) throw ValueError(where + ": call arguments nested too deeply");
  if (j.is_array()) {
    for (const Json& v : j) collect_keras_tensors(v, where, out, depth + 1);
    return;
  }
  if (!j.is_object()) return;  // a plain call argument (training=False, a constant)
  if (j.value("class_name", Json()) != "__keras_tensor__") {
    for (const auto& [k, v] : j.items()) collect_keras_tensors(v, where, out, depth + 1);
    return;
  }
  const Json* history = j.contains("config") && j["config"].is_object() && j["config"].contains("keras_history")
                            ? &j["config"]["keras_history"]
                            : nullptr;
  if (!history || !is_triple(*history)) {
    throw ValueError(where +
                     ": field 'keras_history' of a __keras_tensor__ must be [layer_name, node_index, "
                     "tensor_index], received " +
                     (history ? history->dump() : std::string("nothing")));
  }
  out.push_back(ref_from(*history));
}

// The tensors one inbound node feeds to its layer, in call order.
std::vector<Ref> node_refs(const Json& node, const std::string& where) {
  std::vector<Ref> refs;
  if (node.is_array()) {  // Keras 1/2: [[name, node, tensor(, kwargs)], ...]
    for (const Json& item : node) {
      if (!is_triple(item)) {
        throw ValueError(where + ": expected [layer_name, node_index, tensor_index, kwargs], received " + item.dump());
      }
      if (item[0] != "_CONSTANT_VALUE") refs.push_back(ref_from(item));
    }
    return refs;
  }
  if (!node.is_object()) {
    throw ValueError(where + ": expected an object {\"args\", \"kwargs\"} or a list, received " + node.dump());
  }
  if (node.contains("args")) collect_keras_tensors(node["args"], where, refs);
  if (node.contains("kwargs") && node["kwargs"].is_object()) {
    // Masks travel with the tensors in libkeras; any other tensor argument is an input.
    for (const auto& [k, v] : node["kwargs"].items()) {
      if (k != "mask") collect_keras_tensors(v, where, refs);
    }
  }
  return refs;
}

struct Entry {
  std::string name;
  std::shared_ptr<Layer> layer;
  Json nodes = Json::array();
  std::size_t done = 0;
  std::vector<std::vector<KerasTensor>> outputs;  // one per node created so far
  bool input = false, nested_model = false, functional = false;
  // The node being resolved (nodes[done]): its references as (entry index, ref), read once, and
  // the tensors found for them so far.
  std::vector<std::pair<std::size_t, Ref>> refs;
  std::vector<KerasTensor> inputs;
  bool refs_read = false;
  // Entries waiting for this entry's output of a node, by node index.
  std::unordered_map<std::int64_t, std::vector<std::size_t>> waiters;
};

class GraphBuilder {
 public:
  GraphBuilder(const Json& layer_list, const std::string& source) : source_(source) {
    for (std::size_t i = 0; i < layer_list.size(); ++i) add_entry(layer_list[i], i);
    for (const Entry& e : entries_) {
      for (const Json& n : e.nodes) legacy_ = legacy_ || n.is_array();
    }
  }

  void create_layers(const Json& list, const LayerEntryLoader& load) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      Entry& e = entries_[i];
      try {
        e.layer = load(list[i]);
      } catch (...) {
        detail::rethrow_with_context(source_ + ": layer \"" + e.name + "\": ");
      }
      if (auto input = std::dynamic_pointer_cast<layers::InputLayer>(e.layer)) {
        e.input = true;
        e.outputs.push_back({input->output()});
      }
    }
  }

  // Calls every layer's nodes, each once the tensors it takes exist. An entry blocked on a
  // missing tensor waits on that (layer, node) and is queued again when the node is called, so
  // the work is linear in the references whatever the order of 'layers' (re-scanning every
  // entry per pass is quadratic, which a large config in reverse order turns into a hang).
  void call_layers() {
    std::deque<std::size_t> ready;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      if (!entries_[i].input && !entries_[i].nodes.empty()) ready.push_back(i);
    }
    while (!ready.empty()) {
      const std::size_t i = ready.front();
      ready.pop_front();
      Entry& e = entries_[i];
      while (e.done < e.nodes.size()) {
        if (auto blocker = try_call(e)) {
          entries_[blocker->first].waiters[blocker->second].push_back(i);
          break;
        }
        ++e.done;
        auto waiting = e.waiters.find(static_cast<std::int64_t>(e.outputs.size()) - 1);
        if (waiting != e.waiters.end()) {
          for (std::size_t w : waiting->second) ready.push_back(w);
          e.waiters.erase(waiting);
        }
      }
    }
    // Whatever still waits depends, directly or not, on itself.
    for (const Entry& e : entries_) {
      if (!e.input && e.done < e.nodes.size()) {
        throw ValueError(where(e) +
                         " waits on the output of a layer call that never happens: the "
                         "inbound_nodes form a cycle");
      }
    }
  }

  std::vector<KerasTensor> endpoints(const Json& j, const char* field) {
    std::vector<Json> triples;
    if (is_triple(j)) {
      triples.push_back(j);
    } else if (j.is_array()) {
      for (const Json& t : j) triples.push_back(t);
    } else if (j.is_object()) {  // dict inputs are flattened in sorted key order, as Keras' tree
      std::map<std::string, Json> sorted;
      for (const auto& [k, t] : j.items()) sorted[k] = t;
      for (const auto& [k, t] : sorted) triples.push_back(t);
    }
    if (triples.empty()) {
      throw ValueError(source_ + ": field '" + field +
                       "' must list [layer_name, node_index, tensor_index] triples, received " + j.dump());
    }
    std::vector<KerasTensor> out;
    for (const Json& t : triples) {
      if (!is_triple(t)) {
        throw ValueError(source_ + ": field '" + field +
                         "': expected [layer_name, node_index, tensor_index], received " + t.dump());
      }
      Ref r = ref_from(t);
      const std::string what = source_ + ": field '" + field + "'";
      Entry& e = find(r.layer, what);
      // input_layers / output_layers count a nested Functional's own construction node (Keras 2
      // also a nested Sequential's); the calls recorded here start at 0.
      if ((e.functional || (legacy_ && e.nested_model)) && r.node > 0) --r.node;
      std::optional<KerasTensor> tensor = lookup(e, r, what);
      if (!tensor) {
        throw ValueError(what + " refers to node " + std::to_string(r.node) + " of layer \"" + r.layer +
                         "\", which is never called");
      }
      out.push_back(*tensor);
    }
    return out;
  }

 private:
  void add_entry(const Json& entry, std::size_t i) {
    if (!entry.is_object()) {
      throw ValueError(source_ + ": field 'layers[" + std::to_string(i) + "]' must be a layer object, received " +
                       entry.dump().substr(0, 200));
    }
    Entry e;
    std::optional<std::string> name = entry_name(entry);
    if (!name) throw ValueError(source_ + ": field 'layers[" + std::to_string(i) + "]' has no 'name'");
    e.name = *name;
    if (by_name_.count(e.name)) {
      throw ValueError(source_ + ": layer name \"" + e.name + "\" appears twice in field 'layers'");
    }
    if (entry.contains("inbound_nodes")) {
      if (!entry["inbound_nodes"].is_array()) {
        throw ValueError(source_ + ": layer \"" + e.name + "\": field 'inbound_nodes' must be a list, received " +
                         entry["inbound_nodes"].dump());
      }
      e.nodes = entry["inbound_nodes"];
    }
    const std::string cls = string_field(entry, "class_name", "", source_ + ": layer \"" + e.name + "\"");
    e.functional = cls == "Functional" || cls == "Model";
    e.nested_model = e.functional || cls == "Sequential";
    by_name_[e.name] = entries_.size();
    entries_.push_back(std::move(e));
  }

  std::string where(const Entry& e) const {
    return source_ + ": layer \"" + e.name + "\": field 'inbound_nodes[" + std::to_string(e.done) + "]'";
  }

  std::size_t index_of(const std::string& name, const std::string& what) const {
    auto it = by_name_.find(name);
    if (it == by_name_.end()) {
      throw ValueError(what + " refers to layer \"" + name +
                       "\", which is not in the model's 'layers' (a dangling keras_history reference)");
    }
    return it->second;
  }

  Entry& find(const std::string& name, const std::string& what) { return entries_[index_of(name, what)]; }

  std::optional<KerasTensor> lookup(const Entry& e, const Ref& r, const std::string& what) const {
    const std::int64_t total = e.input ? 1 : static_cast<std::int64_t>(e.nodes.size());
    if (r.node < 0 || r.node >= total) {
      throw ValueError(what + " refers to node " + std::to_string(r.node) + " of layer \"" + e.name + "\", which has " +
                       std::to_string(total) + " node(s)");
    }
    if (r.node >= static_cast<std::int64_t>(e.outputs.size())) return std::nullopt;
    const auto& outs = e.outputs[static_cast<std::size_t>(r.node)];
    if (r.tensor < 0 || r.tensor >= static_cast<std::int64_t>(outs.size())) {
      throw ValueError(what + " refers to output " + std::to_string(r.tensor) + " of layer \"" + e.name +
                       "\", which has " + std::to_string(outs.size()) + " output(s)");
    }
    return outs[static_cast<std::size_t>(r.tensor)];
  }

  // Calls e's next node if every tensor it takes exists; otherwise returns the (entry index,
  // node index) whose output it waits on. Tensors found are kept, so that each reference is
  // looked up once however often the node waits.
  std::optional<std::pair<std::size_t, std::int64_t>> try_call(Entry& e) {
    const std::string at = where(e);
    const Json& node = e.nodes[e.done];
    if (!e.refs_read) {
      for (Ref r : node_refs(node, at)) {
        const std::size_t from = index_of(r.layer, at);
        // Keras 1/2 count a nested model's construction node; Keras 3 does not.
        if (node.is_array() && entries_[from].nested_model && r.node > 0) --r.node;
        e.refs.emplace_back(from, std::move(r));
      }
      if (e.refs.empty()) {
        throw ValueError(at + " passes no tensor to the layer, received " + node.dump().substr(0, 200));
      }
      e.refs_read = true;
    }
    while (e.inputs.size() < e.refs.size()) {
      const auto& [from, r] = e.refs[e.inputs.size()];
      std::optional<KerasTensor> t = lookup(entries_[from], r, at);
      if (!t) return std::make_pair(from, r.node);
      e.inputs.push_back(*t);
    }
    try {
      e.outputs.push_back((*e.layer)(e.inputs));
    } catch (...) {
      detail::rethrow_with_context(at + ": ");
    }
    e.refs.clear();
    e.inputs.clear();
    e.refs_read = false;
    return std::nullopt;
  }

  std::string source_;
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::size_t> by_name_;
  bool legacy_ = false;
};

}  // namespace

Json Model::get_config() const {
  const auto index = own_node_indices(nodes_, layers_);
  Json layer_list = Json::array();
  for (const auto& layer : layers_) {
    Json entry = layers::serialize_model_entry(*layer);
    entry["name"] = layer->name();
    Json inbound = Json::array();
    for (const auto& n : layer->inbound_nodes()) {
      if (index.count(n.get()) && !n->inputs.empty()) inbound.push_back(node_json(*n, index));
    }
    entry["inbound_nodes"] = inbound;
    layer_list.push_back(entry);
  }
  // keras Functional.get_config: node_reindexing_map starts a nested Functional at 1 (its own
  // construction node), and a single input or output is written as a flat triple.
  auto triple = [&](const KerasTensor& t) {
    const int node = index.at(t.node.get()) + (t.layer()->class_name() == "Functional" ? 1 : 0);
    return Json::array({t.layer()->name(), node, t.index});
  };
  auto endpoints = [&](const std::vector<KerasTensor>& tensors) {
    if (tensors.size() == 1) return triple(tensors[0]);
    Json list = Json::array();
    for (const KerasTensor& t : tensors) list.push_back(triple(t));
    return list;
  };
  return {{"name", name()},
          {"trainable", trainable()},
          {"layers", layer_list},
          {"input_layers", endpoints(inputs_)},
          {"output_layers", endpoints(outputs_)}};
}

std::shared_ptr<Model> functional_from_config(const Json& config, const std::string& source,
                                              const LayerEntryLoader& load_layer) {
  if (!config.is_object()) {
    throw ValueError(source + ": a Functional model's 'config' must be an object, received " +
                     config.dump().substr(0, 200));
  }
  for (const char* field : {"layers", "input_layers", "output_layers"}) {
    if (!config.contains(field)) throw ValueError(source + ": Functional model config has no field '" + field + "'");
  }
  if (!config["layers"].is_array()) {
    throw ValueError(source + ": field 'layers' must be a list, received " + config["layers"].dump().substr(0, 200));
  }
  GraphBuilder graph(config["layers"], source);
  graph.create_layers(config["layers"], load_layer);
  graph.call_layers();
  std::vector<KerasTensor> inputs = graph.endpoints(config["input_layers"], "input_layers");
  std::vector<KerasTensor> outputs = graph.endpoints(config["output_layers"], "output_layers");
  std::string name;
  if (config.contains("name") && config["name"].is_string()) name = config["name"].get<std::string>();
  std::shared_ptr<Model> model;
  try {
    model = std::make_shared<Model>(inputs, outputs, name);
  } catch (...) {
    detail::rethrow_with_context(source + ": ");
  }
  if (config.contains("trainable")) {
    if (!config["trainable"].is_boolean()) {
      throw ValueError(source + ": model \"" + name + "\": field 'trainable' must be a boolean, received " +
                       config["trainable"].dump());
    }
    model->set_trainable(config["trainable"].get<bool>());
  }
  return model;
}

}  // namespace keras
