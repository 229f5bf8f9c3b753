// Model::summary(): Keras 3's summary_utils.print_summary for sequential-like models.

#include <iostream>

#include "libkeras/model/model.h"
#include "libkeras/model/summary_table.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/format.h"
#include "libkeras/utils/terminal.h"

namespace keras {

namespace {

std::string shapes_cell(const std::vector<Shape>& shapes) {
  if (shapes.size() == 1) return shapes[0].to_string();
  // Keras prints str(list) of the shapes, quotes removed.
  std::string s = "[";
  for (std::size_t i = 0; i < shapes.size(); ++i) s += (i ? ", " : "") + shapes[i].to_string();
  return s + "]";
}

std::string output_shape_cell(const Layer& layer, const std::vector<const Node*>& nodes) {
  if (!nodes.empty()) return shapes_cell(nodes.back()->output_shapes);
  if (!layer.built() || layer.build_input_shapes().empty()) return "?";
  try {
    return shapes_cell(layer.compute_output_shapes(layer.build_input_shapes()));
  } catch (const Error&) {
    return "?";
  }
}

std::string connections_cell(const std::vector<const Node*>& nodes) {
  std::string s;
  for (const Node* node : nodes) {
    for (const KerasTensor& t : node->inputs) {
      s += (s.empty() ? "" : ", ") + t.layer()->name() + "[" + std::to_string(t.node_index()) + "][" +
           std::to_string(t.index) + "]";
    }
  }
  return s.empty() ? "-" : s;
}

double weight_bytes(const std::vector<Variable*>& vars) {
  double bytes = 0.0;
  for (const Variable* v : vars) bytes += static_cast<double>(v->value().nbytes());
  return bytes;
}

std::int64_t weight_count(const std::vector<Variable*>& vars) {
  std::int64_t n = 0;
  for (const Variable* v : vars) n += v->shape().size();
  return n;
}

}  // namespace

void Model::summary(SummaryOptions o) const {
  const bool seq = sequential_like();
  const std::size_t ncols = seq ? 3 : 4;
  const int line_length = o.line_length.value_or(std::min(seq ? 88 : 108, terminal::columns() - 4));
  std::vector<double> positions = o.positions;
  if (positions.empty()) positions = seq ? std::vector<double>{0.45, 0.80, 1.0} : std::vector<double>{0.3, 0.56, 0.74, 1.0};
  if (positions.size() != ncols) {
    throw ValueError("summary(): `positions` needs " + std::to_string(ncols) + " entries, one per column");
  }
  std::vector<detail::TableColumn> columns;
  const char* headers[] = {"Layer (type)", "Output Shape", "Param #", "Connected to"};
  int current = 0;
  for (std::size_t i = 0; i < ncols; ++i) {
    int width = static_cast<int>(positions[i] * line_length) - current;
    if (width < 4) throw ValueError("Insufficient console width to print summary.");
    columns.push_back({headers[i], width, i == 2 ? detail::Justify::right : detail::Justify::left});
    current += width;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& layer : layers()) {
    std::vector<const Node*> nodes;
    for (const auto& n : nodes_) {
      if (n->layer == layer) nodes.push_back(n.get());
    }
    std::string params = layer->built() ? format::thousands(layer->count_params()) : "0 (unbuilt)";
    std::vector<std::string> row{layer->name() + " (" + layer->class_name() + ")", output_shape_cell(*layer, nodes),
                                 params};
    if (!seq) row.push_back(connections_cell(nodes));
    rows.push_back(row);
  }
  const auto trainable = trainable_weights();
  const auto non_trainable = non_trainable_weights();
  std::int64_t optimizer_count = 0;
  double optimizer_bytes = 0.0;
  const bool optimizer_built = compiled_ && optimizer_ && optimizer_->built();
  if (optimizer_built) {
    optimizer_count = optimizer_->count_params();
    optimizer_bytes = optimizer_->memory_bytes();
  }
  std::int64_t total = weight_count(trainable) + weight_count(non_trainable) + optimizer_count;
  double total_bytes = weight_bytes(trainable) + weight_bytes(non_trainable) + optimizer_bytes;

  std::string text = "Model: \"" + name() + "\"\n";
  text += detail::render_table(columns, rows, line_length);
  auto footer = [](const std::string& label, std::int64_t count, double bytes) {
    return " " + label + ": " + format::thousands(count) + " (" + format::memory_size(bytes) + ")\n";
  };
  text += footer("Total params", total, total_bytes);
  text += footer("Trainable params", weight_count(trainable), weight_bytes(trainable));
  text += footer("Non-trainable params", weight_count(non_trainable), weight_bytes(non_trainable));
  if (optimizer_built) text += footer("Optimizer params", optimizer_count, optimizer_bytes);
  if (o.print_fn) {
    o.print_fn(text);
  } else {
    std::cout << text << std::flush;
  }
}

}  // namespace keras
