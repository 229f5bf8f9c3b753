#pragma once
// `kfit fit`'s callback flags. Each flag builds one keras.callbacks class with Keras' defaults;
// a new one is a row of kCallbackFlags (callback_flags.cpp) plus the function that builds it.

#include <map>
#include <string>
#include <vector>

#include "callbacks/callback.h"

namespace CLI {
class App;
}

namespace kfit {

struct CallbackFlags {
  /// The callback flags given: flag -> value ("" for a switch).
  std::map<std::string, std::string> given;
  /// --monitor; empty: val_loss when fit has validation data, else loss.
  std::string monitor;
  bool save_best_only = false;
};

/// Adds the callback flags and their modifiers (--monitor, --save-best-only) to `fit`.
void add_callback_flags(CLI::App* fit, CallbackFlags& flags);

/// The callbacks the given flags ask for, in the table's order. `has_validation`: whether fit
/// computes val_ metrics (the default --monitor). Throws ValueError for a bad flag value and
/// IoError for an output path that cannot be written, so both fail before training.
std::vector<keras::callbacks::CallbackPtr> make_callbacks(const CallbackFlags& flags, bool has_validation);

}  // namespace kfit
