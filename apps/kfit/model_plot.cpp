#include "apps/kfit/model_plot.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "apps/kfit/output_files.h"
#include "libkeras/model/functional_graph.h"
#include "libkeras/model/sequential.h"
#include "libkeras/serialization/file_io.h"
#include "libkeras/utils/error.h"

namespace kfit {

using keras::Layer;
using keras::Shape;

namespace {

// What a layer's first call saw and made (Keras reads layer.input / layer.output: node 0).
struct LayerIO {
  std::optional<std::vector<Shape>> inputs, outputs;
  std::vector<std::string> output_dtypes;
};

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

std::string dot_id(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Python's str() of a shape tuple, or of the list of them when there are several.
std::string format_shapes(const std::optional<std::vector<Shape>>& shapes) {
  if (!shapes || shapes->empty()) return "?";
  if (shapes->size() == 1) return shapes->front().to_string();
  std::string s = "[";
  for (std::size_t i = 0; i < shapes->size(); ++i) s += (i ? ", " : "") + (*shapes)[i].to_string();
  return s + "]";
}

std::string format_dtypes(const std::vector<std::string>& dtypes) {
  if (dtypes.empty()) return "?";
  if (dtypes.size() == 1) return dtypes.front();
  std::string s = "[";
  for (std::size_t i = 0; i < dtypes.size(); ++i) s += (i ? ", '" : "'") + dtypes[i] + "'";
  return s + "]";
}

// A layer has an activation in Keras exactly when its config names one.
std::optional<std::string> activation_name(const Layer& layer) {
  const keras::Json config = layer.get_config();
  auto it = config.find("activation");
  if (it == config.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object() && it->contains("class_name")) return (*it)["class_name"].get<std::string>();
  return std::nullopt;
}

std::string policy_dtype(const Layer& layer) {
  const keras::Json config = layer.get_config();
  auto it = config.find("dtype");
  if (it == config.end()) return "?";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object() && it->contains("config") && (*it)["config"].contains("name")) {
    return (*it)["config"]["name"].get<std::string>();
  }
  return "?";
}

std::string make_layer_label(const Layer& layer, const LayerIO& io, const ModelPlotOptions& o) {
  const std::string class_name = layer.class_name();
  const int colspan = std::max(1, int(o.show_dtype) + int(o.show_trainable) + (o.show_shapes ? 2 : 0));
  const std::string span = "colspan=\"" + std::to_string(colspan) + "\"";
  std::string table = "<<table border=\"0\" cellborder=\"1\" bgcolor=\"black\" cellpadding=\"10\">";
  table += "<tr><td " + span + " bgcolor=\"black\"><font point-size=\"16\" color=\"white\">";
  table += o.show_layer_names ? "<b>" + html_escape(layer.name()) + "</b> (" + html_escape(class_name) + ")"
                              : "<b>" + html_escape(class_name) + "</b>";
  table += "</font></td></tr>";
  if (o.show_layer_activations) {
    if (auto activation = activation_name(layer)) {
      table += "<tr><td bgcolor=\"white\" " + span + "><font point-size=\"14\">Activation: <b>" +
               html_escape(*activation) + "</b></font></td></tr>";
    }
  }
  std::string cols;
  auto cell = [](const std::string& text) {
    return "<td bgcolor=\"white\"><font point-size=\"14\">" + text + "</font></td>";
  };
  if (o.show_shapes) {
    if (class_name != "InputLayer") cols += cell("Input shape: <b>" + format_shapes(io.inputs) + "</b>");
    cols += cell("Output shape: <b>" + format_shapes(io.outputs) + "</b>");
  }
  if (o.show_dtype) cols += cell("Output dtype: <b>" + format_dtypes(io.output_dtypes) + "</b>");
  if (o.show_trainable && !layer.weights().empty()) {
    cols += layer.trainable()
                ? "<td bgcolor=\"forestgreen\"><font point-size=\"14\" color=\"white\"><b>Trainable</b></font></td>"
                : "<td bgcolor=\"firebrick\"><font point-size=\"14\" color=\"white\"><b>Non-trainable</b></font></td>";
  }
  if (!cols.empty()) table += "<tr>" + cols + "</tr>";
  return table + "</table>>";
}

// `first_call`: the layer's earliest call in the model's graph (null when it has none).
LayerIO functional_io(const keras::Node* first_call) {
  LayerIO io;
  if (!first_call) return io;
  const keras::Node& node = *first_call;
  if (!node.inputs.empty()) {
    io.inputs.emplace();
    for (const keras::KerasTensor& t : node.inputs) io.inputs->push_back(t.shape);
  }
  io.outputs = node.output_shapes;
  for (keras::DType d : node.output_dtypes) io.output_dtypes.push_back(keras::dtype_name(d));
  return io;
}

// A Sequential model records no graph: its shapes follow from the input shape, layer by layer.
std::vector<LayerIO> sequential_io(const keras::Sequential& model) {
  std::optional<Shape> shape;
  if (model.input_layer()) {
    shape = model.input_layer()->batch_shape();
  } else if (model.build_input_shape()) {
    shape = *model.build_input_shape();
  }
  std::vector<LayerIO> ios;
  for (const auto& layer : model.layers()) {
    LayerIO io;
    io.output_dtypes = {policy_dtype(*layer)};
    if (shape) {
      io.inputs = std::vector<Shape>{*shape};
      try {
        shape = layer->compute_output_shape(*shape);
        io.outputs = std::vector<Shape>{*shape};
      } catch (const keras::Error&) {
        shape.reset();
      }
    }
    ios.push_back(std::move(io));
  }
  return ios;
}

// Keras adds each producer -> consumer edge once however many tensors run along it.
class Edges {
 public:
  void add(const std::string& from, const std::string& to) {
    if (seen_.insert({from, to}).second) lines_ += "  " + dot_id(from) + " -> " + dot_id(to) + " [penwidth=\"2\"];\n";
  }
  const std::string& lines() const { return lines_; }

 private:
  std::set<std::pair<std::string, std::string>> seen_;
  std::string lines_;
};

// Graphviz reports through a process-wide callback without a user pointer.
std::string graphviz_messages;
int collect_graphviz_message(char* message) {
  graphviz_messages += message;
  return 0;
}

std::vector<char> render(const std::string& dot, const std::string& format, const std::string& path) {
  graphviz_messages.clear();
  const agusererrf previous = agseterrf(collect_graphviz_message);
  struct Restore {
    agusererrf f;
    ~Restore() { agseterrf(f); }
  } restore{previous};
  auto fail = [&](const std::string& what) {
    return keras::IoError("Cannot render '" + path + "' with Graphviz: " + what +
                          (graphviz_messages.empty() ? "" : ": " + graphviz_messages));
  };

  std::unique_ptr<GVC_t, decltype(&gvFreeContext)> gvc(gvContext(), gvFreeContext);
  if (!gvc) throw fail("cannot start Graphviz");
  std::unique_ptr<Agraph_t, decltype(&agclose)> graph(agmemread(dot.c_str()), agclose);
  if (!graph) throw fail("cannot read the DOT text");
  if (gvLayout(gvc.get(), graph.get(), "dot") != 0) throw fail("layout failed");
  struct FreeLayout {
    GVC_t* gvc;
    Agraph_t* graph;
    ~FreeLayout() { gvFreeLayout(gvc, graph); }
  } free_layout{gvc.get(), graph.get()};
  char* data = nullptr;
  unsigned int length = 0;
  if (gvRenderData(gvc.get(), graph.get(), format.c_str(), &data, &length) != 0 || !data) {
    if (data) gvFreeRenderData(data);
    throw fail("no renderer for format '" + format + "' (is the Graphviz cairo plugin installed?)");
  }
  std::vector<char> bytes(data, data + length);
  gvFreeRenderData(data);
  return bytes;
}

}  // namespace

std::string model_to_dot(const keras::Model& model, const ModelPlotOptions& o) {
  if (o.rankdir != "TB" && o.rankdir != "LR") {
    throw keras::ValueError("rankdir must be 'TB' or 'LR', got '" + o.rankdir + "'");
  }
  if (!model.built()) {
    throw keras::ValueError("This model has not yet been built. Build the model first by calling `build()` or by "
                            "calling the model on a batch of data.");
  }
  std::string dot = "digraph G {\n  rankdir=" + o.rankdir + ";\n  concentrate=true;\n  dpi=" + std::to_string(o.dpi) +
                    ";\n  splines=ortho;\n  node [shape=record];\n";
  auto add_node = [&](const Layer& layer, const LayerIO& io) {
    dot += "  " + dot_id(layer.name()) + " [label=" + make_layer_label(layer, io, o) +
           ", fontname=\"Helvetica\", margin=\"0\"];\n";
  };
  Edges edges;
  if (const auto* seq = dynamic_cast<const keras::Sequential*>(&model)) {
    const auto layers = seq->layers();
    const auto ios = sequential_io(*seq);
    for (std::size_t i = 0; i < layers.size(); ++i) add_node(*layers[i], ios[i]);
    for (std::size_t i = 1; i < layers.size(); ++i) edges.add(layers[i - 1]->name(), layers[i]->name());
  } else if (model.inputs().empty()) {
    // As Keras draws a subclassed model: one box.
    add_node(model, LayerIO{});
  } else {
    const keras::detail::GraphMap graph = keras::detail::map_graph(model.inputs(), model.outputs());
    std::unordered_set<const keras::Node*> in_model;
    std::unordered_map<const Layer*, const keras::Node*> first_call;
    for (const auto& node : graph.nodes) {
      in_model.insert(node.get());
      const keras::Node*& first = first_call[node->layer.get()];
      if (!first || node->index < first->index) first = node.get();
    }
    const auto layers = model.layers();
    for (const auto& layer : layers) add_node(*layer, functional_io(first_call[layer.get()]));
    for (const auto& layer : layers) {
      for (const auto& node : layer->inbound_nodes()) {
        if (!in_model.contains(node.get())) continue;  // a call of the layer in another model
        for (const keras::KerasTensor& t : node->inputs) edges.add(t.layer()->name(), layer->name());
      }
    }
  }
  return dot + edges.lines() + "}\n";
}

void plot_model(const keras::Model& model, const std::string& to_file, const ModelPlotOptions& options) {
  std::string format = extension_of(to_file);
  if (format.empty()) format = "png";
  if (format != "png" && format != "svg" && format != "pdf" && format != "dot") {
    throw keras::ValueError("Cannot plot the model to '" + to_file + "': unknown extension '." + format +
                            "'; expected .png, .svg, .pdf or .dot");
  }
  const std::string dot = model_to_dot(model, options);
  keras::io::write_file_atomic(to_file, format == "dot" ? std::vector<char>(dot.begin(), dot.end())
                                                        : render(dot, format, to_file));
}

}  // namespace kfit
