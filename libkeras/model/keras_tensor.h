#pragma once
// Symbolic tensors and graph nodes (Keras' KerasTensor and Node). keras::Input() returns a
// KerasTensor; calling a layer on KerasTensors records a Node and returns new KerasTensors;
// keras::Model(inputs, outputs) runs the recorded graph.

#include <memory>
#include <string>
#include <vector>

#include "libkeras/tensor/dtype.h"
#include "libkeras/tensor/shape.h"

namespace keras {

class Layer;
struct Node;

struct KerasTensor {
  Shape shape;  ///< batch axis included; -1 where unknown (None)
  DType dtype = float32;
  std::shared_ptr<Node> node;  ///< the call that produced it
  int index = 0;               ///< which output of that call

  /// The layer that produced this tensor.
  const std::shared_ptr<Layer>& layer() const;
  /// Where the producing node sits among its layer's calls (Keras' node_index).
  int node_index() const;
};

/// One call of a layer on symbolic inputs. Nodes own their layer; a layer refers back to its
/// nodes weakly, so graphs never form ownership cycles.
struct Node {
  std::shared_ptr<Layer> layer;
  std::vector<KerasTensor> inputs;
  std::vector<Shape> output_shapes;
  std::vector<DType> output_dtypes;
  int index = 0;  ///< position among the layer's calls
};

}  // namespace keras
