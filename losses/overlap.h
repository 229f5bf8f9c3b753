#pragma once
// Overlap losses for segmentation: keras.losses.Dice, Tversky and their function forms.
// Both compare y_true and y_pred summed over `axis`: by default (no axis) over every axis,
// which gives one value for the whole batch, as in Keras; axis = {1, 2, 3} gives one per sample.

#include <optional>
#include <vector>

#include "losses/loss.h"

namespace keras::losses {

/// 1 - 2 * sum(y_true * y_pred) / (sum(y_true) + sum(y_pred) + epsilon), sums over `axis`.
Tensor dice(const Tensor& y_true, const Tensor& y_pred, const std::optional<std::vector<int>>& axis = std::nullopt);
/// 1 - tp / (tp + alpha * fp + beta * fn + epsilon), with tp = sum(y_true * y_pred),
/// fp = sum((1 - y_true) * y_pred), fn = sum(y_true * (1 - y_pred)) over `axis`.
/// alpha = beta = 0.5 is the Dice loss.
Tensor tversky(const Tensor& y_true, const Tensor& y_pred, double alpha = 0.5, double beta = 0.5,
               const std::optional<std::vector<int>>& axis = std::nullopt);

struct DiceOptions {
  std::string reduction = "sum_over_batch_size";
  std::string name = "dice";
  /// The axes summed over; none: every axis.
  std::optional<std::vector<int>> axis = std::nullopt;
};

class Dice final : public Loss {
 public:
  using Options = DiceOptions;
  explicit Dice(Options options = {});
  static std::shared_ptr<Loss> from_config(const Json& config);
  std::string class_name() const override { return "Dice"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
  Json get_config() const override;

 private:
  Options options_;
};

struct TverskyOptions {
  double alpha = 0.5;  ///< weight of false positives
  double beta = 0.5;   ///< weight of false negatives
  std::string reduction = "sum_over_batch_size";
  std::string name = "tversky";
  /// The axes summed over; none: every axis.
  std::optional<std::vector<int>> axis = std::nullopt;
};

class Tversky final : public Loss {
 public:
  using Options = TverskyOptions;
  explicit Tversky(Options options = {});
  static std::shared_ptr<Loss> from_config(const Json& config);
  std::string class_name() const override { return "Tversky"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
  Json get_config() const override;

 private:
  Options options_;
};

}  // namespace keras::losses
