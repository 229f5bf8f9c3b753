// Model's saving conveniences (Keras' model.save, save_weights, load_weights) forward to the
// free functions of libkeras/serialization/saving.h, which know every file format.
#include "libkeras/model/model.h"
#include "libkeras/serialization/saving.h"

namespace keras {

void Model::save(const std::string& path) const { save_model(*this, path); }

void Model::save_weights(const std::string& path) const { keras::save_weights(*this, path); }

void Model::load_weights(const std::string& path) { keras::load_weights(*this, path); }

void Model::load_weights(const std::string& path, const LoadWeightsOptions& options) {
  keras::load_weights(*this, path, options);
}

}  // namespace keras
