// TensorBoard: the event files are read back with an independent decoder (tfevents_reader.h:
// bit-by-bit CRC-32C, hand-written protobuf wire format) and compared with History, the batch
// logs and hand-set weights.

#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>

#include "callbacks/lambda_callback.h"
#include "callbacks/tensorboard.h"
#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "libkeras/summary/crc32c.h"
#include "libkeras/summary/histogram.h"
#include "libkeras/utils/error.h"
#include "optimizers/sgd.h"
#include "test/callbacks/tfevents_reader.h"
#include "test/support/files.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;
using callbacks::TensorBoard;

namespace {

// y = 2x + 1 on 8 samples: batch 4 gives 2 steps per epoch, batch 3 gives 3.
Tensor xs() { return Tensor::from_vector<float>({0, 1, 2, 3, 4, 5, 6, 7}, {8, 1}); }
Tensor ys() { return Tensor::from_vector<float>({1, 3, 5, 7, 9, 11, 13, 15}, {8, 1}); }

std::shared_ptr<Sequential> line_model(double learning_rate = 0.01) {
  auto model = std::make_shared<Sequential>(
      std::initializer_list<SequentialItem>{Input({1}), Dense(1, Dense::Options{.name = "probe"})}, "seq");
  model->compile({.optimizer = optimizers::SGD({.learning_rate = learning_rate}), .loss = "mse", .metrics = {"mae"}});
  return model;
}

// tag -> [(step, value)] of the scalar summaries of a run, in file order.
std::map<std::string, std::vector<std::pair<std::int64_t, float>>> scalars(const std::vector<DecodedEvent>& events) {
  std::map<std::string, std::vector<std::pair<std::int64_t, float>>> out;
  for (const DecodedEvent& e : events) {
    for (const DecodedValue& v : e.values) {
      if (v.plugin_name == "scalars") out[v.tag].emplace_back(e.step, v.scalar());
    }
  }
  return out;
}

std::vector<std::pair<std::int64_t, float>> per_epoch(const std::vector<double>& values) {
  std::vector<std::pair<std::int64_t, float>> out;
  for (std::size_t i = 0; i < values.size(); ++i) out.emplace_back(i, static_cast<float>(values[i]));
  return out;
}

const DecodedValue* find_value(const std::vector<DecodedEvent>& events, const std::string& tag, std::int64_t step) {
  for (const DecodedEvent& e : events) {
    for (const DecodedValue& v : e.values) {
      if (v.tag == tag && e.step == step) return &v;
    }
  }
  return nullptr;
}

std::string host_name() {
  char buf[256] = {};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

}  // namespace

TEST_CASE("CRC-32C and its TFRecord mask match TensorFlow's", "[callbacks][tensorboard]") {
  CHECK(summary::crc32c("123456789") == 0xE3069283u);
  CHECK(crc32c_bitwise("123456789") == 0xE3069283u);
  // The worked example of KERAS-FEATURES.md §3 (checked against tensorboardX's CRC code): the
  // file_version record of wall time 1700000001.
  const std::string event("\x09\x00\x00\x00\x40\xfc\x54\xd9\x41\x1a\x0d" "brain.Event:2", 24);
  CHECK(summary::masked_crc32c(std::string("\x18\0\0\0\0\0\0\0", 8)) == 0x224B7FA3u);
  CHECK(summary::masked_crc32c(event) == 0x9D8FEDECu);
  std::mt19937 rng(7);
  for (int n = 0; n < 300; n += 7) {
    std::string s(static_cast<std::size_t>(n), '\0');
    for (char& c : s) c = static_cast<char>(rng());
    CHECK(summary::crc32c(s) == crc32c_bitwise(s));
  }
}

TEST_CASE("histogram_buckets follows tf.summary.histogram's bucketing", "[callbacks][tensorboard]") {
  using summary::histogram_buckets;
  // Width 3.75 / 4 = 0.9375 (exact in binary): 0, 0.25 and 0.5 fall in bucket 0, the maximum in the last.
  auto rows = histogram_buckets({0.5, 0.0, 3.75, 0.25}, 4);
  REQUIRE(rows.size() == 4);
  const double edges[] = {0.0, 0.9375, 1.875, 2.8125, 3.75}, counts[] = {3, 0, 0, 1};
  for (int i = 0; i < 4; ++i) {
    CHECK(rows[i].left == edges[i]);
    CHECK(rows[i].right == edges[i + 1]);
    CHECK(rows[i].count == counts[i]);
  }
  // One distinct value: every row is [v, v], the whole count in the last one.
  rows = histogram_buckets({-2.0, -2.0, -2.0}, 30);
  REQUIRE(rows.size() == 30);
  CHECK(rows[0].left == -2.0);
  CHECK(rows[0].right == -2.0);
  CHECK(rows[0].count == 0.0);
  CHECK(rows[29].count == 3.0);
  // No data: bucket_count zero rows; no buckets: no rows; NaN and inf have no bucket.
  rows = histogram_buckets({}, 30);
  REQUIRE(rows.size() == 30);
  CHECK(rows[5].count == 0.0);
  CHECK(histogram_buckets({1.0, 2.0}, 0).empty());
  rows = histogram_buckets({1.0, std::nan(""), 3.0, INFINITY}, 2);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].left == 1.0);
  CHECK(rows[1].right == 3.0);
  CHECK(rows[0].count == 1.0);
  CHECK(rows[1].count == 1.0);
}

TEST_CASE("fit writes Keras' train and validation runs, equal to History", "[callbacks][tensorboard]") {
  TempDir dir;
  auto model = line_model(0.01);
  auto tb = std::make_shared<TensorBoard>(dir / "logs");
  const double before = static_cast<double>(std::time(nullptr));
  auto history = model->fit(xs(), ys(), {.batch_size = 4, .epochs = 3, .verbose = 0, .callbacks = {tb},
                                     .validation_data = ValidationData{xs(), ys()}});
  const double after = static_cast<double>(std::time(nullptr)) + 1;

  const std::string train_path = only_event_file(dir / "logs/train");
  const std::string val_path = only_event_file(dir / "logs/validation");
  // tf.summary.create_file_writer's name: seconds, host, pid, per-process counter, ".v2".
  const std::regex name("events\\.out\\.tfevents\\.\\d{10}\\." + std::regex_replace(host_name(), std::regex("\\."), "\\.") +
                        "\\." + std::to_string(getpid()) + "\\.\\d+\\.v2");
  CHECK(std::regex_match(std::filesystem::path(train_path).filename().string(), name));
  CHECK(std::regex_match(std::filesystem::path(val_path).filename().string(), name));

  const auto train = read_event_file(train_path);
  const auto val = read_event_file(val_path);
  for (const auto* run : {&train, &val}) {
    REQUIRE(!run->empty());
    CHECK(run->front().file_version == "brain.Event:2");
    CHECK(run->front().wall_time == std::floor(run->front().wall_time));
    for (const DecodedEvent& e : *run) {
      CHECK(e.wall_time >= before);
      CHECK(e.wall_time <= after);
      CHECK(e.file_version.has_value() != e.has_summary);
    }
  }
  CHECK(std::count_if(train.begin(), train.end(), [](const DecodedEvent& e) { return e.file_version; }) == 1);

  const auto& h = history.history;
  auto t = scalars(train);
  CHECK(t.size() == 3);  // no batch_ tags with update_freq="epoch"
  CHECK(t["epoch_loss"] == per_epoch(h.at("loss")));
  CHECK(t["epoch_mae"] == per_epoch(h.at("mae")));
  CHECK(t["epoch_learning_rate"] == per_epoch({0.01, 0.01, 0.01}));
  // The TF2 scalar form: float32 rank-0 tensor for the "scalars" plugin.
  const DecodedValue* loss0 = find_value(train, "epoch_loss", 0);
  REQUIRE(loss0);
  CHECK(loss0->dtype == 1);
  CHECK(loss0->has_shape);
  CHECK(loss0->plugin_content.empty());

  auto v = scalars(val);
  CHECK(v["epoch_loss"] == per_epoch(h.at("val_loss")));
  CHECK(v["epoch_mae"] == per_epoch(h.at("val_mae")));
  CHECK(v.count("epoch_learning_rate") == 0);
  // After each evaluation, at step = optimizer.iterations (2 steps per epoch).
  const std::vector<std::pair<std::int64_t, float>> eval_loss{
      {2, static_cast<float>(h.at("val_loss")[0])}, {4, static_cast<float>(h.at("val_loss")[1])},
      {6, static_cast<float>(h.at("val_loss")[2])}};
  CHECK(v["evaluation_loss_vs_iterations"] == eval_loss);
  CHECK(v.count("evaluation_mae_vs_iterations") == 1);
  CHECK(v.size() == 4);
}

TEST_CASE("update_freq writes batch scalars at the global train step", "[callbacks][tensorboard]") {
  TempDir dir;
  auto model = line_model();
  std::int64_t global = 0;
  std::map<std::int64_t, Logs> batch_logs;
  auto recorder = std::make_shared<callbacks::LambdaCallback>(callbacks::LambdaCallback::Options{
      .on_train_batch_end = [&](std::int64_t, const Logs& logs) { batch_logs[++global] = logs; }});

  SECTION("every 2 batches, with steps per second") {
    auto tb = std::make_shared<TensorBoard>(
        dir / "logs", TensorBoard::Options{.write_steps_per_second = true, .update_freq = std::int64_t{2}});
    model->fit(xs(), ys(), {.batch_size = 3, .epochs = 2, .verbose = 0, .callbacks = {tb, recorder}});
    auto t = scalars(read_event_file(only_event_file(dir / "logs/train")));
    std::vector<std::pair<std::int64_t, float>> loss, mae;
    for (std::int64_t step : {2, 4, 6}) {
      loss.emplace_back(step, static_cast<float>(batch_logs.at(step).at("loss")));
      mae.emplace_back(step, static_cast<float>(batch_logs.at(step).at("mae")));
    }
    CHECK(t["batch_loss"] == loss);
    CHECK(t["batch_mae"] == mae);
    REQUIRE(t["batch_steps_per_second"].size() == 3);
    CHECK(t["batch_steps_per_second"][1].first == 4);
    CHECK(t["batch_steps_per_second"][1].second > 0.0f);
    REQUIRE(t["epoch_steps_per_second"].size() == 2);
    CHECK(t["epoch_steps_per_second"][1].first == 1);
    CHECK(t["epoch_steps_per_second"][1].second > 0.0f);
  }
  SECTION("every batch") {
    auto tb = std::make_shared<TensorBoard>(dir / "logs", TensorBoard::Options{.update_freq = "batch"});
    model->fit(xs(), ys(), {.batch_size = 3, .epochs = 2, .verbose = 0, .callbacks = {tb, recorder}});
    auto t = scalars(read_event_file(only_event_file(dir / "logs/train")));
    REQUIRE(t["batch_loss"].size() == 6);
    for (std::int64_t step = 1; step <= 6; ++step) {
      CHECK(t["batch_loss"][step - 1] == std::make_pair(step, static_cast<float>(batch_logs.at(step).at("loss"))));
    }
    CHECK(t.count("batch_steps_per_second") == 0);
  }
}

TEST_CASE("histogram_freq writes weight histograms with Keras' tags", "[callbacks][tensorboard]") {
  TempDir dir;
  // Kernel 0..30: width 30 / 30 = 1, so bucket i is [i, i + 1] with one value, the last two.
  std::vector<float> kernel(31);
  for (int i = 0; i < 31; ++i) kernel[i] = static_cast<float>(i);
  auto check_histograms = [&](const std::vector<DecodedEvent>& run, const std::string& prefix) {
    for (std::int64_t step : {0, 2}) {  // histogram_freq=2 over 3 epochs: epochs 0 and 2
      const DecodedValue* k = find_value(run, prefix + "probe/kernel/histogram", step);
      REQUIRE(k);
      CHECK(k->plugin_name == "histograms");
      CHECK(k->shape == std::vector<std::int64_t>{30, 3});
      const std::vector<double> rows = k->doubles();
      double total = 0;
      for (int i = 0; i < 30; ++i) {
        CHECK(rows[3 * i] == i);
        CHECK(rows[3 * i + 1] == i + 1);
        CHECK(rows[3 * i + 2] == (i == 29 ? 2 : 1));
        total += rows[3 * i + 2];
      }
      CHECK(total == 31);
      // The zero bias: one distinct value, so [0, 0] rows and all 31 in the last.
      const DecodedValue* b = find_value(run, prefix + "probe/bias/histogram", step);
      REQUIRE(b);
      CHECK(b->doubles()[3 * 29 + 2] == 31);
      CHECK(b->doubles()[3 * 29] == 0.0);
    }
    CHECK(find_value(run, prefix + "probe/kernel/histogram", 1) == nullptr);
  };
  const Tensor y = Tensor::zeros({8, 31});
  const auto options = FitOptions{.batch_size = 4, .epochs = 3, .verbose = 0};
  auto tb = std::make_shared<TensorBoard>(dir / "logs", TensorBoard::Options{.histogram_freq = 2});

  SECTION("Sequential: the variables' paths start with the model's name") {
    Sequential model({Input({1}), Dense(31, Dense::Options{.name = "probe"})}, "seq");
    model.compile({.optimizer = optimizers::SGD({.learning_rate = 0.0}), .loss = "mse"});
    model.get_layer("probe").weights()[0]->assign(Tensor::from_vector(kernel, {1, 31}));
    FitOptions o = options;
    o.callbacks = {tb};
    model.fit(xs(), y, o);
    check_histograms(read_event_file(only_event_file(dir / "logs/train")), "seq/");
  }
  SECTION("Functional: they do not") {
    KerasTensor in = Input({1});
    Model model(in, Dense(31, Dense::Options{.name = "probe"})(in), "fun");
    model.compile({.optimizer = optimizers::SGD({.learning_rate = 0.0}), .loss = "mse"});
    model.get_layer("probe").weights()[0]->assign(Tensor::from_vector(kernel, {1, 31}));
    FitOptions o = options;
    o.callbacks = {tb};
    model.fit(xs(), y, o);
    check_histograms(read_event_file(only_event_file(dir / "logs/train")), "");
  }
}

TEST_CASE("write_graph writes the model's JSON for the graph plugin", "[callbacks][tensorboard]") {
  TempDir dir;
  auto model = line_model();
  model->fit(xs(), ys(), {.batch_size = 4, .epochs = 1, .verbose = 0,
                      .callbacks = {std::make_shared<TensorBoard>(dir / "on")}});
  const auto run = read_event_file(only_event_file(dir / "on/train"));
  REQUIRE(run.size() >= 2);
  // Written in set_model, before any epoch: the first record after file_version.
  REQUIRE(run[1].values.size() == 1);
  const DecodedValue& graph = run[1].values[0];
  CHECK(run[1].step == 0);
  CHECK(graph.tag == "keras");
  CHECK(graph.plugin_name == "graph_keras_model");
  CHECK(graph.plugin_content == "1");
  CHECK(graph.dtype == 7);
  CHECK(graph.has_shape);
  CHECK(graph.shape.empty());
  REQUIRE(graph.string_val.size() == 1);
  CHECK(graph.string_val[0] == model->to_json());
  const auto json = nlohmann::json::parse(graph.string_val[0]);
  CHECK(json.at("class_name") == "Sequential");
  CHECK(json.at("config").at("name") == "seq");
  bool has_probe = false;
  for (const auto& layer : json.at("config").at("layers")) has_probe = has_probe || layer.at("config").at("name") == "probe";
  CHECK(has_probe);

  model->fit(xs(), ys(), {.batch_size = 4, .epochs = 1, .verbose = 0,
                      .callbacks = {std::make_shared<TensorBoard>(dir / "off", TensorBoard::Options{.write_graph = false})}});
  for (const DecodedEvent& e : read_event_file(only_event_file(dir / "off/train"))) {
    for (const DecodedValue& value : e.values) CHECK(value.tag != "keras");
  }
}

TEST_CASE("TensorBoard records reach disk at every epoch end", "[callbacks][tensorboard]") {
  TempDir dir;
  auto model = line_model();
  auto tb = std::make_shared<TensorBoard>(dir / "logs");
  int checked = 0;
  // Runs after TensorBoard's on_epoch_end, while the files are still open.
  auto reader = std::make_shared<callbacks::LambdaCallback>(callbacks::LambdaCallback::Options{
      .on_epoch_end = [&](int epoch, const Logs& logs) {
        auto t = scalars(read_event_file(only_event_file(dir / "logs/train")));
        auto v = scalars(read_event_file(only_event_file(dir / "logs/validation")));
        REQUIRE(t["epoch_loss"].size() == static_cast<std::size_t>(epoch + 1));
        CHECK(t["epoch_loss"].back() == std::make_pair(std::int64_t{epoch}, static_cast<float>(logs.at("loss"))));
        CHECK(v["epoch_loss"].back() == std::make_pair(std::int64_t{epoch}, static_cast<float>(logs.at("val_loss"))));
        ++checked;
      }});
  model->fit(xs(), ys(), {.batch_size = 4, .epochs = 2, .verbose = 0, .callbacks = {tb, reader},
                      .validation_split = 0.25});
  CHECK(checked == 2);
}

TEST_CASE("evaluate logs at optimizer.iterations; each fit opens new files", "[callbacks][tensorboard]") {
  TempDir dir;
  auto model = line_model();
  auto tb = std::make_shared<TensorBoard>(dir / "logs", TensorBoard::Options{.write_graph = false});
  model->fit(xs(), ys(), {.batch_size = 4, .epochs = 2, .verbose = 0, .callbacks = {tb}});
  CHECK_FALSE(std::filesystem::exists(dir / "logs/validation"));  // no validation, no run
  auto result = model->evaluate(xs(), ys(), {.verbose = 0, .callbacks = {tb}});
  // Flushed at the end of the evaluation, though the callback is still alive.
  auto v = scalars(read_event_file(only_event_file(dir / "logs/validation")));
  const std::vector<std::pair<std::int64_t, float>> expected{{4, static_cast<float>(result["loss"])}};
  CHECK(v["evaluation_loss_vs_iterations"] == expected);

  model->fit(xs(), ys(), {.batch_size = 4, .epochs = 1, .verbose = 0, .callbacks = {tb}});
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "logs/train")) {
    files += 1;
    read_event_file(entry.path().string());
  }
  CHECK(files == 2);
}

TEST_CASE("TensorBoard rejects unsupported options and unwritable folders", "[callbacks][tensorboard]") {
  using Options = TensorBoard::Options;
  CHECK_THROWS_WITH(TensorBoard("logs", Options{.write_images = true}), Catch::Contains("write_images"));
  CHECK_THROWS_AS(TensorBoard("logs", Options{.write_images = true}), ValueError);
  CHECK_THROWS_WITH(TensorBoard("logs", Options{.profile_batch = 5}),
                    "Profiling is not yet available with the libkeras backend. Received: profile_batch=5 (must be 0)");
  CHECK_THROWS_WITH(TensorBoard("logs", Options{.embeddings_freq = 1}), Catch::Contains("embeddings_freq=1"));
  CHECK_THROWS_WITH(TensorBoard("logs", Options{.embeddings_metadata = {{"emb", "meta.tsv"}}}),
                    Catch::Contains("embeddings_metadata"));
  CHECK_THROWS_WITH(TensorBoard("logs", Options{.histogram_freq = -1}), Catch::Contains("histogram_freq=-1"));
  CHECK_THROWS_WITH(TensorBoard("logs", Options{.update_freq = "weekly"}), Catch::Contains("'weekly'"));
  CHECK_THROWS_WITH(TensorBoard("logs", Options{.update_freq = std::int64_t{0}}), Catch::Contains("update_freq=0"));

  TempDir dir;
  write_bytes(dir / "blocker", {'x'});
  auto model = line_model();
  for (bool graph : {true, false}) {
    auto tb = std::make_shared<TensorBoard>(dir / "blocker/logs", Options{.write_graph = graph});
    CHECK_THROWS_AS(model->fit(xs(), ys(), {.epochs = 1, .verbose = 0, .callbacks = {tb}}), IoError);
    CHECK_THROWS_WITH(model->fit(xs(), ys(), {.epochs = 1, .verbose = 0, .callbacks = {tb}}),
                      Catch::Contains("blocker/logs/train"));
  }
}

TEST_CASE("The test reader's checks are live: truncation and corruption are caught", "[callbacks][tensorboard]") {
  TempDir dir;
  auto model = line_model();
  model->fit(xs(), ys(), {.batch_size = 4, .epochs = 1, .verbose = 0,
                      .callbacks = {std::make_shared<TensorBoard>(dir / "logs")}});
  const std::vector<char> good = read_bytes(only_event_file(dir / "logs/train"));
  REQUIRE_NOTHROW(read_event_file(only_event_file(dir / "logs/train")));
  auto with = [&](std::vector<char> bytes) {
    write_bytes(dir / "copy", bytes);
    return dir / "copy";
  };
  CHECK_THROWS_WITH(read_event_file(with({good.begin(), good.end() - 1})), Catch::Contains("truncated record data"));
  // The file_version record is 40 bytes; 3 more are no record header.
  CHECK_THROWS_WITH(read_event_file(with({good.begin(), good.begin() + 43})),
                    Catch::Contains("record 1: truncated record header"));
  std::vector<char> flipped = good;
  flipped[20] ^= 0x01;  // inside the first Event
  CHECK_THROWS_WITH(read_event_file(with(flipped)), Catch::Contains("record 0: data CRC mismatch"));
  flipped = good;
  flipped[2] ^= 0x01;  // the length
  CHECK_THROWS_WITH(read_event_file(with(flipped)), Catch::Contains("length CRC mismatch"));
}
