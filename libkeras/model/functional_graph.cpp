#include "libkeras/model/functional_graph.h"

#include <algorithm>
#include <map>
#include <unordered_set>

#include "libkeras/model/layer.h"
#include "libkeras/utils/error.h"

namespace keras::detail {

namespace {

bool is_input_tensor(const KerasTensor& t, const std::vector<KerasTensor>& inputs) {
  return std::any_of(inputs.begin(), inputs.end(),
                     [&](const KerasTensor& in) { return in.node == t.node && in.index == t.index; });
}

}  // namespace

GraphMap map_graph(const std::vector<KerasTensor>& inputs, const std::vector<KerasTensor>& outputs) {
  GraphMap g;
  std::unordered_set<const Node*> finished, in_progress;
  std::unordered_map<const Layer*, int> layer_index;  // first (pre-order) traversal from the outputs
  std::vector<std::string> accessed;                   // for the "disconnected" message

  struct Frame {
    std::shared_ptr<Node> node;
    bool expand;
    std::size_t next = 0;
  };
  for (const KerasTensor& output : outputs) {
    std::vector<Frame> stack;
    auto visit = [&](const KerasTensor& t, const Layer* consumer) {
      const std::shared_ptr<Node>& node = t.node;
      if (finished.count(node.get())) return;
      if (in_progress.count(node.get())) {
        throw ValueError("Tensor from layer '" + node->layer->name() + "' is part of a cycle.");
      }
      bool input = is_input_tensor(t, inputs);
      if (node->inputs.empty() && !input) {
        std::string seen;
        for (const auto& n : accessed) seen += (seen.empty() ? "" : ", ") + n;
        throw ValueError("Graph disconnected: cannot find parent for tensor of shape " + t.shape.to_string() +
                         " from layer '" + node->layer->name() + "' at layer '" +
                         (consumer ? consumer->name() : node->layer->name()) +
                         "': it is not one of the model's inputs. The following previous layers were accessed "
                         "without issue: [" + seen + "]");
      }
      layer_index.emplace(node->layer.get(), static_cast<int>(layer_index.size()));
      in_progress.insert(node.get());
      stack.push_back({node, !input && !node->inputs.empty()});
    };
    visit(output, nullptr);
    while (!stack.empty()) {
      Frame& f = stack.back();
      if (f.expand && f.next < f.node->inputs.size()) {
        const KerasTensor& child = f.node->inputs[f.next++];
        visit(child, f.node->layer.get());
        continue;
      }
      finished.insert(f.node.get());
      in_progress.erase(f.node.get());
      accessed.push_back(f.node->layer->name());
      g.nodes.push_back(f.node);
      stack.pop_back();
    }
  }

  // Depths: outputs at 0, a node's parents one deeper than it; a layer takes its deepest node's.
  std::unordered_map<const Layer*, int> layer_depth;
  for (auto it = g.nodes.rbegin(); it != g.nodes.rend(); ++it) {
    const Node* node = it->get();
    int depth = g.node_depth.emplace(node, 0).first->second;
    auto ld = layer_depth.find(node->layer.get());
    depth = std::max(depth, ld == layer_depth.end() ? 0 : ld->second);
    layer_depth[node->layer.get()] = depth;
    g.node_depth[node] = depth;
    for (const KerasTensor& parent : node->inputs) {
      int& d = g.node_depth[parent.node.get()];
      d = std::max(d, depth + 1);
    }
  }
  // Inputs that no output depends on are still part of the model.
  for (const KerasTensor& in : inputs) {
    if (!layer_depth.count(in.node->layer.get())) {
      layer_depth[in.node->layer.get()] = 0;
      layer_index[in.node->layer.get()] = -1;
      g.node_depth[in.node.get()] = 0;
      g.nodes.insert(g.nodes.begin(), in.node);
    }
  }
  // Layers: by decreasing depth, then by first traversal.
  std::map<const Layer*, std::shared_ptr<Layer>> owner;
  for (const auto& n : g.nodes) owner[n->layer.get()] = n->layer;
  std::vector<std::shared_ptr<Layer>> layers;
  for (const auto& [ptr, layer] : owner) layers.push_back(layer);
  std::sort(layers.begin(), layers.end(), [&](const auto& a, const auto& b) {
    int da = layer_depth[a.get()], db = layer_depth[b.get()];
    if (da != db) return da > db;
    return layer_index[a.get()] < layer_index[b.get()];
  });
  g.layers = layers;

  std::map<std::string, int> counts;
  for (const auto& l : g.layers) counts[l->name()]++;
  for (const auto& [name, count] : counts) {
    if (count > 1) {
      throw ValueError("The name \"" + name + "\" is used " + std::to_string(count) +
                       " times in the model. All operation names should be unique.");
    }
  }
  return g;
}

}  // namespace keras::detail
