#pragma once
// A symbolic tensor (Keras' KerasTensor): a shape and dtype with the layer that produces it.
// keras::Input() returns one; Sequential accepts it as its first item.

#include <memory>

#include "libkeras/tensor/dtype.h"
#include "libkeras/tensor/shape.h"

namespace keras {

class Layer;

struct KerasTensor {
  Shape shape;  // batch axis included; -1 where unknown (None)
  DType dtype = float32;
  std::shared_ptr<Layer> layer;
};

}  // namespace keras
