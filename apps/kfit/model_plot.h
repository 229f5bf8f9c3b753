#pragma once
// `kfit plot-model`: keras.utils.model_to_dot and plot_model (keras/src/utils/model_visualization.py).
// We write the DOT text ourselves and lay it out and render it with Graphviz's library.

#include <string>

#include "libkeras/model/model.h"

namespace kfit {

/// plot_model's arguments, with its defaults (model_to_dot's show_layer_names is true instead).
struct ModelPlotOptions {
  bool show_shapes = false;
  bool show_dtype = false;
  bool show_layer_names = false;
  std::string rankdir = "TB";  ///< "TB" top to bottom, "LR" left to right
  int dpi = 200;
  bool show_layer_activations = false;
  bool show_trainable = false;
};

/// The model as a DOT digraph: one node per layer, named by the layer's name and labelled as
/// Keras labels it (an HTML table: name and class, activation, input and output shapes, output
/// dtype, trainable), one edge per producer -> consumer pair. A Sequential model lists its layers
/// without the InputLayer and links them in order; a Functional model lists its InputLayers and
/// takes its edges from the graph's nodes, so shared layers and several inputs and outputs give
/// one edge per distinct pair. Throws ValueError for a model that is not built.
std::string model_to_dot(const keras::Model& model, const ModelPlotOptions& options = {});

/// Writes the model's plot to `to_file` by its extension: .dot (the DOT text), .png, .svg or .pdf
/// (rendered by Graphviz's dot layout); no extension means .png, as in Keras. The file is written
/// atomically. Throws ValueError for another extension, IoError when it cannot be written.
void plot_model(const keras::Model& model, const std::string& to_file, const ModelPlotOptions& options = {});

}  // namespace kfit
