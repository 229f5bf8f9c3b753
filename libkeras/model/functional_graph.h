#pragma once
// Keras' map_graph for Functional models: the nodes between inputs and outputs in a
// topological order, each node's depth (its distance from the outputs), and the layers in
// Keras' order (deepest first, then by first traversal from the outputs).

#include <memory>
#include <unordered_map>
#include <vector>

#include "libkeras/model/keras_tensor.h"

namespace keras::detail {

struct GraphMap {
  std::vector<std::shared_ptr<Node>> nodes;  ///< topological order (inputs first)
  std::unordered_map<const Node*, int> node_depth;
  std::vector<std::shared_ptr<Layer>> layers;  ///< Keras' model.layers order
};

/// Throws ValueError for a graph that is disconnected from `inputs`, has a cycle, or uses a
/// layer name twice. Traversal is iterative, so deep graphs cannot overflow the stack.
GraphMap map_graph(const std::vector<KerasTensor>& inputs, const std::vector<KerasTensor>& outputs);

}  // namespace keras::detail
