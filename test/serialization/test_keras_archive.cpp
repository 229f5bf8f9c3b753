// The `.keras` zip: round trips, Keras' member layout, and damaged archives.

#include <zip.h>

#include <catch2/catch.hpp>
#include <string_view>
#include <nlohmann/json.hpp>

#include "libkeras/serialization/hdf5_file.h"
#include "libkeras/serialization/keras_archive.h"
#include "libkeras/serialization/saving.h"
#include "libkeras/utils/error.h"
#include "test/serialization/saving_zoo.h"
#include "test/support/check.h"
#include "test/support/files.h"
#include "test/support/keras_samples.h"

using namespace keras;
using namespace keras::testing;
using Catch::Matchers::Contains;

TEST_CASE(".keras round-trips every weighted layer family", "[serialization][keras-archive]") {
  TempDir dir;
  for (const ZooModel& spec : saving_zoo()) {
    INFO(spec.name);
    auto model = spec.make();
    scramble_weights(*model, 7);
    std::vector<Tensor> expected = model->predict_all(spec.inputs, {.verbose = 0});
    save_model(*model, dir / (spec.name + ".keras"));
    auto loaded = load_model(dir / (spec.name + ".keras"));
    CHECK(model_to_config(*loaded).dump() == model_to_config(*model).dump());
    std::vector<Tensor> actual = loaded->predict_all(spec.inputs, {.verbose = 0});
    REQUIRE(actual.size() == expected.size());
    for (std::size_t i = 0; i < actual.size(); ++i) check_close(actual[i], expected[i], 0, 0);
  }
}

TEST_CASE(".keras archives hold Keras' three stored members", "[serialization][keras-archive]") {
  TempDir dir;
  auto model = saving_zoo()[1].make();
  model->compile({.optimizer = "adam", .loss = "mse"});
  model->train_on_batch(saving_zoo()[1].inputs[0], Tensor::zeros({2, 2}));
  save_model(*model, dir / "m.keras");
  io::KerasArchive archive = io::read_keras_archive(dir / "m.keras");
  Json metadata = Json::parse(archive.metadata);
  CHECK(metadata["keras_version"] == "3.10.0");
  std::string date = metadata["date_saved"];
  CHECK(date.size() == 19);
  CHECK(date[10] == '@');
  Json config = Json::parse(archive.config);
  CHECK(config["class_name"] == "Sequential");
  CHECK(config["compile_config"]["optimizer"]["class_name"] == "Adam");
  io::H5Group root = io::H5File::open_image(archive.weights, "m.keras/model.weights.h5").root();
  CHECK(root.group("optimizer/vars").string_attribute("name") == "adam");
  CHECK(root.group("optimizer/vars").read_dataset("0").dtype() == int64);
  CHECK(root.group("optimizer/vars").read_dataset("0").item() == 1);
  CHECK(root.group("optimizer/vars").read_dataset("1").dtype() == float32);
  CHECK(root.group("optimizer/vars").dataset_shape("2") == model->trainable_weights()[0]->shape());
  CHECK(root.group("optimizer/vars").dataset_shape("3") == model->trainable_weights()[0]->shape());
  // Stored, not deflated: the weights file appears verbatim in the zip.
  std::vector<char> bytes = read_bytes(dir / "m.keras");
  CHECK(std::search(bytes.begin(), bytes.end(), archive.weights.begin(), archive.weights.end()) != bytes.end());
}

TEST_CASE("Damaged .keras archives give errors naming the file", "[serialization][keras-archive]") {
  TempDir dir;
  auto model = saving_zoo()[1].make();
  save_model(*model, dir / "m.keras");
  std::vector<char> bytes = read_bytes(dir / "m.keras");
  for (std::size_t cut : {std::size_t{0}, std::size_t{3}, std::size_t{30}, bytes.size() / 3, bytes.size() / 2,
                          bytes.size() - 30, bytes.size() - 1}) {
    INFO("cut at " << cut);
    write_bytes(dir / "cut.keras", std::vector<char>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(cut)));
    CHECK_THROWS_WITH(load_model(dir / "cut.keras"), Contains("cut.keras"));
  }
  // Flipped bytes: an error naming the file, or (HDF5 padding, zip slack) an intact model.
  Tensor x = saving_zoo()[1].inputs[0];
  Tensor expected = model->predict(x, {.verbose = 0});
  for (std::size_t pos = 0; pos < bytes.size(); pos += 131) {
    std::vector<char> corrupt = bytes;
    corrupt[pos] = static_cast<char>(corrupt[pos] ^ 0xff);
    write_bytes(dir / "flip.keras", corrupt);
    try {
      auto loaded = load_model(dir / "flip.keras");
      loaded->predict(x, {.verbose = 0});
    } catch (const Error& e) {
      CHECK_THAT(e.what(), Contains("flip.keras"));
    }
  }
}

TEST_CASE("A real Keras 3.10 .keras archive loads with its optimizer state", "[serialization][keras-samples]") {
  auto samples = require_keras_samples("a real .keras archive");
  if (!samples) return;
  auto model = load_model(*samples + "/keras3/aman21k__fashion_cnn_k3.10.0.keras");
  REQUIRE(model->compiled());
  CHECK(model->optimizer()->iterations() > 0);
  auto uncompiled = load_model(*samples + "/keras3/aman21k__fashion_cnn_k3.10.0.keras", {.compile = false});
  CHECK_FALSE(uncompiled->compiled());
}

TEST_CASE(".keras members whose declared sizes cannot be right are refused", "[serialization][keras-archive]") {
  TempDir dir;
  // A 65 MiB config.json (deflated to little): past the 64 MiB allowed for the JSON members.
  {
    int error = 0;
    zip_t* zip = zip_open((dir / "big.keras").c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    REQUIRE(zip);
    static const std::string config(std::size_t{65} << 20, ' ');
    zip_source_t* source = zip_source_buffer(zip, config.data(), config.size(), 0);
    REQUIRE(zip_file_add(zip, "config.json", source, 0) >= 0);
    REQUIRE(zip_close(zip) == 0);
  }
  CHECK_THROWS_AS(io::read_keras_archive(dir / "big.keras"), IoError);
  CHECK_THROWS_WITH(io::read_keras_archive(dir / "big.keras"), Contains("big.keras") && Contains("config.json"));

  // A stored member whose directory entry claims ~2 GiB in a small archive.
  auto model = saving_zoo()[1].make();
  save_model(*model, dir / "m.keras");
  std::vector<char> bytes = read_bytes(dir / "m.keras");
  const std::string central = std::string("PK\x01\x02", 4);
  std::size_t patched = 0;
  for (std::size_t pos = 0; (pos = std::string_view(bytes.data(), bytes.size()).find(central, pos)) != std::string::npos;
       pos += 4) {
    for (std::size_t field : {std::size_t{20}, std::size_t{24}}) {  // compressed, uncompressed size
      for (std::size_t b = 0; b < 4; ++b) bytes[pos + field + b] = b == 3 ? '\x7f' : '\xf0';
    }
    ++patched;
  }
  REQUIRE(patched == 3);
  write_bytes(dir / "lying.keras", bytes);
  CHECK_THROWS_AS(io::read_keras_archive(dir / "lying.keras"), IoError);
  CHECK_THROWS_WITH(io::read_keras_archive(dir / "lying.keras"), Contains("lying.keras"));
}
