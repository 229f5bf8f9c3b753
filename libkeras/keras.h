#pragma once
// libkeras: Keras in C++. One include for the whole public API.
//
//   #include <libkeras/keras.h>
//   using namespace keras;
//   using namespace keras::layers;
//   Sequential model{Input({784}), Dense(64, "relu"), Dense(10, "softmax")};

#include "activations/activations.h"
#include "callbacks/backup_and_restore.h"
#include "callbacks/callback.h"
#include "callbacks/csv_logger.h"
#include "callbacks/early_stopping.h"
#include "callbacks/history.h"
#include "callbacks/lambda_callback.h"
#include "callbacks/learning_rate_scheduler.h"
#include "callbacks/model_checkpoint.h"
#include "callbacks/progbar_logger.h"
#include "callbacks/reduce_lr_on_plateau.h"
#include "callbacks/tensorboard.h"
#include "callbacks/terminate_on_nan.h"
#include "datasets/datasets.h"
#include "initializers/initializers.h"
#include "layers/layer_registry.h"
#include "layers/layers.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/model/model.h"
#include "libkeras/model/sequential.h"
#include "libkeras/ops/ops.h"
#include "libkeras/serialization/npy.h"
#include "libkeras/serialization/saving.h"
#include "libkeras/tensor/tensor.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/naming.h"
#include "libkeras/utils/numerical_utils.h"
#include "libkeras/utils/random.h"
#include "losses/losses.h"
#include "metrics/metrics.h"
#include "optimizers/optimizers.h"
