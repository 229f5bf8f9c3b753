#pragma once
// What compile() was given, as Keras saves it: the Keras 3 compile_config (.keras files,
// model_to_config) and the legacy training_config (.h5 files); and compiling a model from
// either, whichever Keras version wrote it (Keras 1/2 fields are mapped by legacy_config.h).

#include <string>

#include "libkeras/model/model.h"
#include "libkeras/serialization/json.h"

namespace keras {

/// Keras 3 compile_config of a compiled model: {"optimizer": serialized, "loss", "loss_weights",
/// "metrics", "weighted_metrics", "run_eagerly": false, "steps_per_execution": 1,
/// "jit_compile": false}; null when not compiled.
Json compile_config(const Model& model);
/// The legacy .h5 training_config: the same with "optimizer_config": {"class_name", "config"}
/// in place of "optimizer".
Json legacy_training_config(const Model& model);
/// Compiles `model` from a Keras 3 compile_config or a legacy training_config of any Keras
/// version (`source` names the file in error messages).
void compile_from_config(Model& model, const Json& config, const std::string& source);

}  // namespace keras
