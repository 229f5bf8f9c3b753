#include "layers/rnn/recurrent_cell.h"

#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

RecurrentCell::RecurrentCell(const std::string& default_prefix, const std::string& name,
                             std::optional<std::uint64_t> seed)
    : Layer(default_prefix, name), generator_(seed) {
  input_spec_.min_ndim = 2;
}

std::vector<Shape> RecurrentCell::compute_output_shapes(const std::vector<Shape>& input_shapes) const {
  std::vector<Shape> out{compute_output_shape(input_shapes.at(0))};
  for (const Shape& s : state_shapes(input_shapes.at(0))) out.push_back(s);
  return out;
}

void RecurrentCell::check_inputs(const std::vector<Shape>& shapes) const {
  Layer::check_inputs(shapes);
  if (shapes.size() == 1) return;  // built from the step input alone (by keras.layers.RNN)
  const std::vector<Shape> expected = state_shapes(shapes[0]);
  bool ok = shapes.size() == expected.size() + 1;
  for (std::size_t i = 0; ok && i < expected.size(); ++i) {
    const Shape& got = shapes[i + 1];
    ok = got.rank() == expected[i].rank();
    for (int k = 0; ok && k < got.rank(); ++k) ok = got[k] < 0 || expected[i][k] < 0 || got[k] == expected[i][k];
  }
  if (!ok) {
    std::string want, have;
    for (const Shape& s : expected) want += (want.empty() ? "" : ", ") + s.to_string();
    for (std::size_t i = 1; i < shapes.size(); ++i) have += (have.empty() ? "" : ", ") + shapes[i].to_string();
    throw ShapeError("Cell \"" + name() + "\" (" + class_name() + ") expects its step input followed by " +
                     std::to_string(expected.size()) + " states of shapes " + want + ", received states of shapes [" +
                     have + "]");
  }
}

std::vector<Tensor> RecurrentCell::call_multi(const std::vector<Tensor>& inputs, bool training) {
  if (inputs.size() == 1) {
    throw ValueError("Cell \"" + name() + "\" (" + class_name() +
                     ") computes one step: call it on [inputs, states...], or wrap it in keras::layers::RNN");
  }
  const std::vector<Tensor> states(inputs.begin() + 1, inputs.end());
  std::vector<Tensor> out = run_sequence(ops::expand_dims(inputs[0], 1), states, Tensor(), {}, training);
  out[0] = ops::squeeze(out[0], 1);
  return out;
}

Tensor RecurrentCell::dropout_masks(double rate, int count, const Shape& step_shape, Device device, bool training) {
  if (!training || !(rate > 0.0 && rate < 1.0)) return Tensor();
  std::vector<std::int64_t> dims{count};
  for (std::int64_t d : step_shape.dims()) dims.push_back(d);
  autograd::NoGradGuard no_grad;
  return ops::dropout(Tensor::ones(Shape(dims), float32, device), static_cast<float>(rate), generator_.next_u64());
}

}  // namespace keras::layers
