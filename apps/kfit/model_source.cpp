#include "apps/kfit/model_source.h"

#include "libkeras/model/sequential.h"
#include "libkeras/serialization/saving.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/random.h"

namespace kfit {

using namespace keras;

namespace {

Shape first_input_shape(const Model& model, const std::string& name) {
  if (!model.inputs().empty()) return model.inputs().front().shape;
  if (const auto* seq = dynamic_cast<const Sequential*>(&model); seq && seq->input_layer()) {
    return seq->input_layer()->batch_shape();
  }
  if (model.build_input_shape()) return *model.build_input_shape();
  throw ValueError("Model '" + name +
                   "' does not say its input shape (no InputLayer, batch_input_shape or build_input_shape), so kfit "
                   "cannot shape data for it");
}

}  // namespace

bool is_model_file(const std::string& arg) {
  return arg.ends_with(".json") || arg.ends_with(".h5") || arg.ends_with(".hdf5") || arg.ends_with(".keras");
}

ModelSource open_model(const std::string& arg, const std::optional<std::uint64_t>& seed) {
  if (seed) utils::set_random_seed(*seed);
  ModelSource source;
  source.name = arg;
  if (is_model_file(arg)) {
    source.model = load_model(arg);
  } else {
    source.example = &find_example(arg);
    source.model = source.example->build();
  }
  source.input_shape = first_input_shape(*source.model, arg);
  return source;
}

SyntheticData synthetic_spec_for(const Model& model) {
  Shape out = model.compute_output_shape(first_input_shape(model, model.name()));
  const std::int64_t units = out.rank() > 0 ? out.dim(out.rank() - 1) : 1;
  return {.train_samples = 1000, .test_samples = 200, .classes = units <= 1 ? 2 : units};
}

}  // namespace kfit
