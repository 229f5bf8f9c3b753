#pragma once
// The shared body of Cropping1D/2D/3D, channels_last: removes elements before and after each
// spatial axis of (batch, *spatial, channels). Each axis must keep at least one element.

#include "layers/reshaping/spatial_args.h"
#include "libkeras/model/layer.h"

namespace keras::layers {

struct CroppingOptions {
  std::string data_format = "channels_last";  ///< Cropping2D/3D only (Cropping1D has none in Keras)
  std::string name = "";
};

class BaseCropping : public Layer {
 public:
  using Options = CroppingOptions;
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;

 protected:
  /// `label` is the class name for messages ("Cropping2D"); `has_data_format` is false for
  /// Cropping1D, whose Keras config has no data_format.
  BaseCropping(const std::string& prefix, const std::string& label, std::vector<SidePair> cropping, Options options,
               bool has_data_format);
  struct Parsed {
    std::vector<SidePair> cropping;
    Options options;
  };
  /// The (cropping, options) of a Cropping*D config; `fallback` is Keras' default.
  static Parsed parse_config(const Json& config, const std::string& what, int rank, int fallback);

  Tensor call(const Tensor& inputs, bool training) override;

 private:
  std::string label_;
  std::vector<SidePair> cropping_;
  std::string data_format_;
  bool has_data_format_;
};

}  // namespace keras::layers
