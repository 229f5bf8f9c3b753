#include "apps/kfit/callback_flags.h"

#include <CLI/CLI.hpp>
#include <charconv>

#include "apps/kfit/output_files.h"
#include "callbacks/backup_and_restore.h"
#include "callbacks/csv_logger.h"
#include "callbacks/early_stopping.h"
#include "callbacks/model_checkpoint.h"
#include "callbacks/reduce_lr_on_plateau.h"
#include "callbacks/tensorboard.h"
#include "libkeras/utils/error.h"

namespace kfit {

using keras::callbacks::CallbackPtr;

namespace {

// What every builder may use besides its own flag's value.
struct Settings {
  std::string monitor;
  bool save_best_only;
};

struct CallbackFlag {
  const char* name;
  const char* value_name;  // null for a switch
  const char* help;
  CallbackPtr (*build)(const std::string& value, const Settings& settings);
};

CallbackPtr build_checkpoint(const std::string& path, const Settings& s) {
  // ModelCheckpoint makes the folders the (formatted) path names.
  check_output_path(path, "--checkpoint", true);
  return std::make_shared<keras::callbacks::ModelCheckpoint>(
      path, keras::callbacks::ModelCheckpointOptions{.monitor = s.monitor, .save_best_only = s.save_best_only});
}

CallbackPtr build_early_stopping(const std::string& patience, const Settings& s) {
  int epochs = -1;
  auto [end, ec] = std::from_chars(patience.data(), patience.data() + patience.size(), epochs);
  if (ec != std::errc() || end != patience.data() + patience.size() || epochs < 0) {
    throw keras::ValueError("--early-stopping: PATIENCE must be a whole number of epochs >= 0, got '" + patience + "'");
  }
  return std::make_shared<keras::callbacks::EarlyStopping>(
      keras::callbacks::EarlyStoppingOptions{.monitor = s.monitor, .patience = epochs});
}

CallbackPtr build_reduce_lr_on_plateau(const std::string&, const Settings& s) {
  return std::make_shared<keras::callbacks::ReduceLROnPlateau>(
      keras::callbacks::ReduceLROnPlateauOptions{.monitor = s.monitor});
}

CallbackPtr build_csv_logger(const std::string& path, const Settings&) {
  check_output_path(path, "--csv");
  return std::make_shared<keras::callbacks::CSVLogger>(path);
}

CallbackPtr build_tensorboard(const std::string& log_dir, const Settings&) {
  check_output_path(log_dir + "/train/events.out.tfevents", "--tensorboard", true);
  return std::make_shared<keras::callbacks::TensorBoard>(log_dir);
}

CallbackPtr build_backup(const std::string& backup_dir, const Settings&) {
  check_output_path(backup_dir + "/latest.weights.h5", "--backup", true);
  return std::make_shared<keras::callbacks::BackupAndRestore>(backup_dir);
}

const CallbackFlag kCallbackFlags[] = {
    {"--checkpoint", "PATH",
     "Save the model after every epoch (keras.callbacks.ModelCheckpoint): a .keras or .h5 path, or a "
     "template such as ckpt-{epoch:02d}-{val_loss:.2f}.keras (epoch counts from 1; any logged quantity fits)",
     build_checkpoint},
    {"--early-stopping", "PATIENCE",
     "Stop once --monitor has not improved for PATIENCE epochs (keras.callbacks.EarlyStopping; Keras' defaults "
     "otherwise: min_delta 0, restore_best_weights false, so the last epoch's weights are kept)",
     build_early_stopping},
    {"--reduce-lr-on-plateau", nullptr,
     "Cut the learning rate tenfold once --monitor has not improved for 10 epochs (keras.callbacks."
     "ReduceLROnPlateau with Keras' defaults: factor 0.1, patience 10, min_delta 1e-4, cooldown 0, min_lr 0); "
     "the history gains learning_rate",
     build_reduce_lr_on_plateau},
    {"--csv", "FILE", "Write each epoch's metrics to a CSV file (keras.callbacks.CSVLogger)", build_csv_logger},
    {"--tensorboard", "DIR",
     "Write TensorBoard event files to DIR/train and DIR/validation (keras.callbacks.TensorBoard with Keras' "
     "defaults: epoch scalars and the model graph); view with `tensorboard --logdir DIR`",
     build_tensorboard},
    {"--backup", "DIR",
     "Back the training state up to DIR after every epoch and resume from it when the same command runs "
     "again after an interruption (keras.callbacks.BackupAndRestore); DIR is removed when training completes",
     build_backup},
};

}  // namespace

void add_callback_flags(CLI::App* fit, CallbackFlags& flags) {
  for (const CallbackFlag& flag : kCallbackFlags) {
    const std::string name = flag.name;
    if (flag.value_name) {
      fit->add_option_function<std::string>(
             name, [&flags, name](const std::string& value) { flags.given[name] = value; }, flag.help)
          ->type_name(flag.value_name);
    } else {
      fit->add_flag_callback(name, [&flags, name] { flags.given[name] = ""; }, flag.help);
    }
  }
  fit->add_option("--monitor", flags.monitor,
                  "The logged quantity --early-stopping, --reduce-lr-on-plateau and --save-best-only watch "
                  "(default: val_loss with validation data, else loss; Keras' own default is always val_loss)")
      ->type_name("NAME");
  fit->add_flag("--save-best-only", flags.save_best_only,
                "With --checkpoint: save only when --monitor improves (ModelCheckpoint's save_best_only)")
      ->needs(fit->get_option("--checkpoint"));
}

std::vector<CallbackPtr> make_callbacks(const CallbackFlags& flags, bool has_validation) {
  const Settings settings{flags.monitor.empty() ? (has_validation ? "val_loss" : "loss") : flags.monitor,
                          flags.save_best_only};
  std::vector<CallbackPtr> callbacks;
  for (const CallbackFlag& flag : kCallbackFlags) {
    auto it = flags.given.find(flag.name);
    if (it != flags.given.end()) callbacks.push_back(flag.build(it->second, settings));
  }
  return callbacks;
}

}  // namespace kfit
