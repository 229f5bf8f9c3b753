// BackupAndRestore: a fit() killed mid-epoch (SIGKILL, in a forked child) and run again with a
// fresh model ends bitwise where the uninterrupted run ends; batch-level backups, the `.bkp`
// fallback, delete_checkpoint, and clear errors for unreadable backups.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <stdexcept>

#include "callbacks/backup_and_restore.h"
#include "callbacks/lambda_callback.h"
#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/naming.h"
#include "libkeras/utils/random.h"
#include "optimizers/optimizers.h"
#include "test/support/check.h"
#include "test/support/files.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;
using callbacks::BackupAndRestore;
using callbacks::LambdaCallback;
namespace fs = std::filesystem;

namespace {

// 40 samples in batches of 8: 5 steps per epoch.
const Tensor& x_data() {
  static const Tensor x = random_tensor({40, 4}, -1.0f, 1.0f, 5);
  return x;
}
const Tensor& y_data() {
  static const Tensor y = random_tensor({40, 1}, -1.0f, 1.0f, 6);
  return y;
}

// As a new process would build it: same names, same seed, so the same initial weights. Adam has
// per-weight state and Dropout draws per step, so a resume that lost either would show.
std::shared_ptr<Sequential> make_model() {
  backend::clear_session();
  utils::set_random_seed(31);
  auto model = std::make_shared<Sequential>(
      std::initializer_list<SequentialItem>{Input({4}), Dense(8, "relu"), Dropout(0.3), Dense(1)});
  model->compile({.optimizer = optimizers::Adam({.learning_rate = 0.01}), .loss = "mse"});
  return model;
}

callbacks::History fit(Model& model, int epochs, std::vector<callbacks::CallbackPtr> cbs, int initial_epoch = 0) {
  return model.fit(x_data(), y_data(),
                   {.batch_size = 8, .epochs = epochs, .verbose = 0, .callbacks = std::move(cbs),
                    .shuffle = true, .initial_epoch = initial_epoch});
}

std::vector<std::vector<float>> weights_of(const Model& model) {
  std::vector<std::vector<float>> values;
  for (Variable* v : model.weights()) values.push_back(v->value().to_vector<float>());
  return values;
}

std::vector<std::vector<float>> optimizer_state_of(const Model& model) {
  std::vector<std::vector<float>> values;
  for (const Tensor& t : model.optimizer()->variables()) values.push_back(t.to_vector<float>());
  return values;
}

// Kills the process, as a crash or a preempted machine would, at the end of that batch.
callbacks::CallbackPtr kill_at(int epoch, std::int64_t batch) {
  auto current = std::make_shared<int>(0);
  return std::make_shared<LambdaCallback>(LambdaCallback::Options{
      .on_epoch_begin = [current](int e, const Logs&) { *current = e; },
      .on_train_batch_end = [current, epoch, batch](std::int64_t b, const Logs&) {
        if (*current == epoch && b == batch) raise(SIGKILL);
      }});
}

// Runs `body` in a forked child, which leaves by _exit (never through Catch2): 0 when body
// returns, 3 when it throws; an alarm turns a hang into SIGALRM. Returns the wait status.
int run_in_child(const std::function<void()>& body) {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    alarm(60);
    try {
      body();
    } catch (...) {
      _exit(3);
    }
    _exit(0);
  }
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  return status;
}

std::string text_of(const std::string& path) {
  std::vector<char> bytes = read_bytes(path);
  return std::string(bytes.begin(), bytes.end());
}

std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// Interrupts fit() in-process, as Keras' tests do, by throwing from a callback.
callbacks::CallbackPtr throw_at_epoch_begin(int epoch) {
  return std::make_shared<LambdaCallback>(LambdaCallback::Options{.on_epoch_begin = [epoch](int e, const Logs&) {
    if (e == epoch) throw std::runtime_error("interrupted");
  }});
}

}  // namespace

TEST_CASE("A fit killed mid-epoch resumes from the last epoch backup, bitwise as if uninterrupted",
          "[callbacks][backup]") {
  auto reference = make_model();
  callbacks::History full = fit(*reference, 4, {});

  TempDir dir;
  const std::string backup = dir / "backup";
  int status = run_in_child([&] {
    auto model = make_model();
    fit(*model, 4, {std::make_shared<BackupAndRestore>(backup), kill_at(2, 2)});
  });
  REQUIRE(WIFSIGNALED(status));
  REQUIRE(WTERMSIG(status) == SIGKILL);
  // The last backup is the end of epoch 1 (0-based): the next epoch to run is 2.
  CHECK(files_in(backup) == std::vector<std::string>{"latest.weights.h5", "training_metadata.json"});
  CHECK(text_of(backup + "/training_metadata.json") == R"({"epoch": 2, "batch": 0})");

  auto model = make_model();
  callbacks::History resumed = fit(*model, 4, {std::make_shared<BackupAndRestore>(backup)});
  CHECK(resumed.epoch == std::vector<int>{2, 3});
  REQUIRE(resumed.history.at("loss").size() == 2);
  CHECK(resumed.history.at("loss")[0] == full.history.at("loss")[2]);
  CHECK(resumed.history.at("loss")[1] == full.history.at("loss")[3]);
  CHECK(model->optimizer()->iterations() == 20);
  CHECK(weights_of(*model) == weights_of(*reference));  // bitwise
  CHECK(optimizer_state_of(*model) == optimizer_state_of(*reference));
  CHECK_FALSE(fs::exists(backup));  // delete_checkpoint defaults to true
}

TEST_CASE("save_freq=N backs up every N batches; a resume re-runs that epoch from the mid-epoch state, as Keras",
          "[callbacks][backup]") {
  TempDir dir, aside;
  const std::string backup = dir / "backup";
  BackupAndRestore::Options every3{.save_freq = std::int64_t{3}};
  // Batches counted across epochs (5 per epoch): saves after epoch 0 batch 2, epoch 1 batches 0
  // and 3, epoch 2 batch 1; killed at epoch 2 batch 3.
  int status = run_in_child([&] {
    auto model = make_model();
    fit(*model, 4, {std::make_shared<BackupAndRestore>(backup, every3), kill_at(2, 3)});
  });
  REQUIRE(WIFSIGNALED(status));
  REQUIRE(WTERMSIG(status) == SIGKILL);
  CHECK(text_of(backup + "/training_metadata.json") == R"({"epoch": 2, "batch": 1})");
  fs::copy_file(backup + "/latest.weights.h5", aside / "mid_epoch.weights.h5");

  auto model = make_model();
  std::int64_t batches = 0;
  auto count = std::make_shared<LambdaCallback>(
      LambdaCallback::Options{.on_train_batch_end = [&](std::int64_t, const Logs&) { ++batches; }});
  callbacks::History resumed = fit(*model, 4, {std::make_shared<BackupAndRestore>(backup, every3), count});
  CHECK(resumed.epoch == std::vector<int>{2, 3});
  CHECK(batches == 10);  // epoch 2 runs whole again (Keras uses the epoch, not the batch)
  CHECK(model->optimizer()->iterations() == 12 + 10);

  // The same as loading the mid-epoch weights by hand and starting at epoch 2.
  auto by_hand = make_model();
  by_hand->optimizer()->build_for(by_hand->trainable_weights());
  by_hand->load_weights(aside / "mid_epoch.weights.h5");
  REQUIRE(by_hand->optimizer()->iterations() == 12);
  fit(*by_hand, 4, {}, 2);
  CHECK(weights_of(*model) == weights_of(*by_hand));
}

TEST_CASE("double_checkpoint keeps the previous backup and restores it when the latest weights are corrupt",
          "[callbacks][backup]") {
  auto reference = make_model();
  fit(*reference, 5, {});

  TempDir dir;
  const std::string backup = dir / "backup";
  BackupAndRestore::Options twice{.double_checkpoint = true};
  auto model = make_model();
  CHECK_THROWS_WITH(fit(*model, 5, {std::make_shared<BackupAndRestore>(backup, twice), throw_at_epoch_begin(3)}),
                    "interrupted");
  CHECK(files_in(backup) == std::vector<std::string>{"latest.weights.h5", "latest.weights.h5.bkp",
                                                     "training_metadata.json", "training_metadata.json.bkp"});
  CHECK(text_of(backup + "/training_metadata.json") == R"({"epoch": 3, "batch": 0})");
  CHECK(text_of(backup + "/training_metadata.json.bkp") == R"({"epoch": 2, "batch": 0})");

  write_bytes(backup + "/latest.weights.h5", {'0'});  // as Keras' test corrupts it
  model = make_model();
  callbacks::History resumed = fit(*model, 5, {std::make_shared<BackupAndRestore>(backup, twice)});
  CHECK(resumed.epoch == std::vector<int>{2, 3, 4});
  CHECK(weights_of(*model) == weights_of(*reference));
}

TEST_CASE("An unreadable backup is an error naming the file, never a silent restart", "[callbacks][backup]") {
  TempDir dir;
  const std::string backup = dir / "backup";
  const std::string weights = backup + "/latest.weights.h5", metadata = backup + "/training_metadata.json";
  BackupAndRestore::Options keep{.delete_checkpoint = false};
  fit(*make_model(), 2, {std::make_shared<BackupAndRestore>(backup, keep)});
  const std::vector<char> good_weights = read_bytes(weights), good_metadata = read_bytes(metadata);
  auto resume = [&] { return fit(*make_model(), 4, {std::make_shared<BackupAndRestore>(backup, keep)}); };

  SECTION("truncated weights") {
    write_bytes(weights, std::vector<char>(good_weights.begin(), good_weights.begin() + good_weights.size() / 2));
    CHECK_THROWS_AS(resume(), IoError);
    CHECK_THROWS_WITH(resume(), Catch::Contains(weights));
  }
  SECTION("truncated metadata") {
    write_bytes(metadata, std::vector<char>(good_metadata.begin(), good_metadata.begin() + 8));
    CHECK_THROWS_AS(resume(), ValueError);
    CHECK_THROWS_WITH(resume(), Catch::Contains(metadata));
  }
  SECTION("metadata without a usable epoch") {
    for (const char* text : {"{}", R"({"epoch": -1})", R"({"epoch": "2"})", "[2]"}) {
      INFO(text);
      write_bytes(metadata, std::vector<char>(text, text + std::char_traits<char>::length(text)));
      CHECK_THROWS_AS(resume(), ValueError);
      CHECK_THROWS_WITH(resume(), Catch::Contains(metadata) && Catch::Contains("epoch"));
    }
  }
  SECTION("both the latest and the previous weights corrupt") {
    write_bytes(weights, {'0'});
    write_bytes(weights + ".bkp", {'1'});
    CHECK_THROWS_AS(resume(), IoError);
    write_bytes(weights, {'0'});
    CHECK_THROWS_WITH(resume(), Catch::Contains(weights) && Catch::Contains(weights + ".bkp"));
  }
  CHECK(fs::exists(backup));  // a failed restore deletes nothing
}

TEST_CASE("delete_checkpoint=false keeps the backup, and the next fit resumes from its epoch", "[callbacks][backup]") {
  TempDir dir;
  const std::string backup = dir / "backup";
  BackupAndRestore::Options keep{.delete_checkpoint = false};
  fit(*make_model(), 2, {std::make_shared<BackupAndRestore>(backup, keep)});
  CHECK(files_in(backup) == std::vector<std::string>{"latest.weights.h5", "training_metadata.json"});
  CHECK(text_of(backup + "/training_metadata.json") == R"({"epoch": 2, "batch": 0})");

  callbacks::History done = fit(*make_model(), 2, {std::make_shared<BackupAndRestore>(backup, keep)});
  CHECK(done.epoch.empty());
  auto resumed = make_model();
  callbacks::History more = fit(*resumed, 3, {std::make_shared<BackupAndRestore>(backup)});
  CHECK(more.epoch == std::vector<int>{2});
  CHECK_FALSE(fs::exists(backup));
  // The restored epoch applies to that one fit only.
  CHECK(fit(*resumed, 1, {}).epoch == std::vector<int>{0});
}

TEST_CASE("BackupAndRestore rejects Keras' invalid arguments", "[callbacks][backup]") {
  CHECK_THROWS_WITH(BackupAndRestore(""), "Empty `backup_dir` argument passed");
  CHECK_THROWS_AS(BackupAndRestore("dir", {.save_freq = "batch"}), ValueError);
  CHECK_THROWS_WITH(BackupAndRestore("dir", {.save_freq = "batch"}), Catch::StartsWith("Invalid value for argument `save_freq`"));
  CHECK_THROWS_AS(BackupAndRestore("dir", {.save_freq = std::int64_t{0}}), ValueError);
}
