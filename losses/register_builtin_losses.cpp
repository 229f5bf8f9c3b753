#include <algorithm>
#include <cctype>
#include <functional>
#include <nlohmann/json.hpp>

#include "losses/losses.h"
#include "libkeras/serialization/registry.h"

namespace keras::losses {

namespace {

using Factory = std::function<std::shared_ptr<Loss>(const Json&)>;

// Each loss under its class name and the function names / aliases Keras accepts as strings.
void register_builtin_losses(Registry<Factory>& r) {
  for (const char* n : {"SparseCategoricalCrossentropy", "sparse_categorical_crossentropy"})
    r.add(n, &SparseCategoricalCrossentropy::from_config);
  for (const char* n : {"CategoricalCrossentropy", "categorical_crossentropy"})
    r.add(n, &CategoricalCrossentropy::from_config);
  for (const char* n : {"BinaryCrossentropy", "binary_crossentropy", "bce", "BCE"})
    r.add(n, &BinaryCrossentropy::from_config);
  for (const char* n : {"MeanSquaredError", "mean_squared_error", "mse", "MSE"})
    r.add(n, &MeanSquaredError::from_config);
  for (const char* n : {"MeanAbsoluteError", "mean_absolute_error", "mae", "MAE"})
    r.add(n, &MeanAbsoluteError::from_config);
  for (const char* n : {"Huber", "huber", "huber_loss"}) r.add(n, &Huber::from_config);
  for (const char* n : {"MeanAbsolutePercentageError", "mean_absolute_percentage_error", "mape", "MAPE"})
    r.add(n, &MeanAbsolutePercentageError::from_config);
  for (const char* n : {"MeanSquaredLogarithmicError", "mean_squared_logarithmic_error", "msle", "MSLE"})
    r.add(n, &MeanSquaredLogarithmicError::from_config);
  for (const char* n : {"LogCosh", "log_cosh", "logcosh"}) r.add(n, &LogCosh::from_config);
  for (const char* n : {"CosineSimilarity", "cosine_similarity"}) r.add(n, &CosineSimilarity::from_config);
  for (const char* n : {"Hinge", "hinge"}) r.add(n, &Hinge::from_config);
  for (const char* n : {"SquaredHinge", "squared_hinge"}) r.add(n, &SquaredHinge::from_config);
  for (const char* n : {"CategoricalHinge", "categorical_hinge"}) r.add(n, &CategoricalHinge::from_config);
  for (const char* n : {"KLDivergence", "kl_divergence", "kld", "KLD"}) r.add(n, &KLDivergence::from_config);
  for (const char* n : {"Poisson", "poisson"}) r.add(n, &Poisson::from_config);
  for (const char* n : {"BinaryFocalCrossentropy", "binary_focal_crossentropy"})
    r.add(n, &BinaryFocalCrossentropy::from_config);
  for (const char* n : {"CategoricalFocalCrossentropy", "categorical_focal_crossentropy"})
    r.add(n, &CategoricalFocalCrossentropy::from_config);
  for (const char* n : {"Dice", "dice"}) r.add(n, &Dice::from_config);
  for (const char* n : {"Tversky", "tversky"}) r.add(n, &Tversky::from_config);
  for (const char* n : {"CategoricalGeneralizedCrossEntropy", "categorical_generalized_cross_entropy"})
    r.add(n, &CategoricalGeneralizedCrossEntropy::from_config);
}

const Registry<Factory>& registry() {
  static const Registry<Factory> r = [] {
    Registry<Factory> reg("loss");
    register_builtin_losses(reg);
    return reg;
  }();
  return r;
}

}  // namespace

std::shared_ptr<Loss> get(const std::string& name) {
  // A function name or alias names the loss after itself, as Keras'
  // LossFunctionWrapper(fn, name=identifier); a class name keeps the class's default name.
  Json config = Json::object();
  bool class_name = !name.empty() && std::isupper(static_cast<unsigned char>(name[0])) &&
                    std::any_of(name.begin(), name.end(), [](unsigned char ch) { return std::islower(ch); });
  if (!class_name) config["name"] = name;
  return registry().get(name)(config);
}

std::shared_ptr<Loss> deserialize(const Json& config) {
  if (config.is_string()) return get(config.get<std::string>());
  if (!config.is_object() || !config.contains("class_name") || !config["class_name"].is_string()) {
    throw ValueError("Invalid loss config: expected a name or an object with 'class_name', received " + config.dump());
  }
  return registry().get(config["class_name"].get<std::string>())(config.value("config", Json::object()));
}

std::vector<std::string> names() { return registry().names(); }

}  // namespace keras::losses

namespace keras {

std::shared_ptr<losses::Loss> LossArg::resolve(const Shape& y_true, const Shape& y_pred) const {
  if (loss_) return loss_;
  if (name_.empty()) throw ValueError("No loss to compute: call compile() with a `loss` argument first");
  if (name_ == "crossentropy" || name_ == "ce") {
    // keras compile_utils.get_loss: pick by the shapes of the data.
    bool binary = y_pred.dim(-1) == 1;
    bool sparse = y_true.rank() < y_pred.rank() || (y_true.dim(-1) == 1 && y_pred.dim(-1) > 1);
    if (binary) return losses::get("binary_crossentropy");
    if (sparse) return losses::get("sparse_categorical_crossentropy");
    return losses::get("categorical_crossentropy");
  }
  return losses::get(name_);
}

}  // namespace keras
