#pragma once
// The one place where Keras 1 and Keras 2 (standalone and tf.keras) configs are mapped to the
// Keras 3 form before layers, losses, metrics and optimizers see them. Structural forms (the
// Sequential list config, nested-list inbound nodes) are read by the model loaders; this file
// only rewrites fields: renamed keys, changed defaults, values whose type changed.
//
// Activation names are left alone: Keras 2's hard_sigmoid (slope 0.2) differs from Keras 3's
// (slope 1/6), and the weights loader, which knows the file's Keras version, deals with it.

#include <string>

#include "libkeras/serialization/json.h"

namespace keras::legacy {

/// Whether a layer entry's class_name is a model (Sequential, Functional, Model), which nests
/// as a whole model config.
bool is_model_class(const std::string& cls);

/// The Keras major version that wrote a model config {"class_name", "config", ...}: from its
/// "keras_version" when present ("2.2.4-tf" -> 2), else from markers only one version writes
/// ("module" keys or DTypePolicy objects -> 3; a Sequential list config, nested-list inbound
/// nodes or batch_input_shape -> 2; 3-element inbound references -> 1); 0 when nothing tells.
int keras_major_version(const Json& model_config);

/// The model config with every layer config (nested models and wrapped layers included) in
/// Keras 3 form. `source` names the file in error messages.
Json upgrade_model_config(const Json& model_config, const std::string& source);

/// One layer entry {"class_name", "config", ...} in Keras 3 form, for a config written by
/// Keras `major_version` (0 = unknown: only changes that are safe for every version).
Json upgrade_layer_entry(const Json& entry, int major_version, const std::string& source);

/// An optimizer {"class_name", "config"} (or a name) in Keras 3 form: "Custom>Adam" -> "Adam",
/// "lr" -> "learning_rate", a null epsilon -> 1e-7, a zero Keras 2 "decay" dropped. A non-zero
/// decay (Keras 2's per-iteration learning-rate decay, which Keras 3 rejects) is a ValueError
/// naming the field: load such a model with compile = false and compile it anew.
Json upgrade_optimizer(const Json& optimizer, const std::string& source);

/// A loss entry (a name or {"class_name", "config"}): tf.keras' "auto" reduction ->
/// "sum_over_batch_size".
Json upgrade_loss(const Json& loss);

/// A metric entry (a name or {"class_name", "config"}): tf.keras' MeanMetricWrapper with "fn"
/// becomes the metric that function names, keeping the entry's "name".
Json upgrade_metric(const Json& metric);

}  // namespace keras::legacy
