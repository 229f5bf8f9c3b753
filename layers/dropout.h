#pragma once
// keras.layers.Dropout: in training, zeroes inputs with probability `rate` and scales the rest
// by 1 / (1 - rate); at inference it is the identity. A noise_shape draws one decision per
// entry of that shape, broadcast over the input: (-1, 1, features) drops a feature at every
// timestep at once (-1, Keras' None, takes the input's size).

#include <optional>
#include <vector>

#include "libkeras/model/layer.h"
#include "libkeras/utils/random.h"

namespace keras::layers {

struct DropoutOptions {
  // Explicit initialiser keeps `Options{.name = ...}` clean under -Wmissing-field-initializers.
  std::vector<std::int64_t> noise_shape = {};  ///< empty: Keras' None (the input's shape)
  std::optional<std::uint64_t> seed = std::nullopt;
  std::string name = "";
};

class Dropout final : public Shareable<Dropout> {
 public:
  using Options = DropoutOptions;
  explicit Dropout(double rate, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Dropout"; }
  Json get_config() const override;

 protected:
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  double rate_;
  std::vector<std::int64_t> noise_shape_;
  std::optional<std::uint64_t> seed_;
  random::SeedGenerator generator_;
};

}  // namespace keras::layers
