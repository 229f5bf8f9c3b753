#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>

#include "libkeras/serialization/hdf5_file.h"
#include "libkeras/serialization/hdf5_sandbox.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/files.h"
#include "test/support/keras_samples.h"

using namespace keras;
using namespace keras::testing;
using Catch::Matchers::Contains;

TEST_CASE("H5File writes and reads groups, string attributes and datasets", "[serialization][hdf5]") {
  TempDir dir;
  std::string path = dir / "a.h5";
  {
    io::H5File file = io::H5File::create(path);
    io::H5Group root = file.root();
    root.set_string_attribute("keras_version", "3.10.0");
    root.set_string_attribute("utf8", "caf\xc3\xa9");
    io::H5Group g = root.require_group("model_weights/dense");
    g.set_string_list_attribute("weight_names", {"dense/kernel:0", "dense/bias:0"});
    root.require_group("model_weights/dropout").set_string_list_attribute("weight_names", {});
    g.write_dataset("dense/kernel:0", random_tensor({3, 2}));
    g.write_dataset("scalar", Tensor::full(Shape{}, 7, int64));
    for (DType dt : {float64, int32, uint8}) g.write_dataset("t_" + dtype_name(dt), random_tensor({4}, 0, 9).astype(dt));
    file.save(path);
  }
  io::H5File file = io::H5File::open(path);
  io::H5Group root = file.root();
  CHECK(root.string_attribute("keras_version") == "3.10.0");
  CHECK(root.string_attribute("utf8") == "caf\xc3\xa9");
  CHECK(root.children() == std::vector<std::string>{"model_weights"});
  io::H5Group g = root.group("model_weights/dense");
  CHECK(g.path() == "/model_weights/dense");
  CHECK(g.string_list_attribute("weight_names") == std::vector<std::string>{"dense/kernel:0", "dense/bias:0"});
  CHECK(root.group("model_weights/dropout").string_list_attribute("weight_names").empty());
  Tensor k = g.read_dataset("dense/kernel:0");
  CHECK(k.dtype() == float32);
  check_close(k, random_tensor({3, 2}), 0, 0);
  Tensor s = g.read_dataset("scalar");
  CHECK(s.dtype() == int64);
  CHECK(s.shape() == Shape{});
  CHECK(s.item() == 7);
  for (DType dt : {float64, int32, uint8}) {
    Tensor t = g.read_dataset("t_" + dtype_name(dt));
    CHECK(t.dtype() == dt);
    CHECK(t.to_vector<double>() == random_tensor({4}, 0, 9).astype(dt).to_vector<double>());
  }
  CHECK(g.has_dataset("dense/kernel:0"));
  CHECK_FALSE(g.has_dataset("dense/missing/deeper"));
  CHECK_THROWS_WITH(g.read_dataset("nope"), Contains("/model_weights/dense/nope") && Contains(path));
  CHECK_THROWS_WITH(root.group("nope/deeper"), Contains("/nope/deeper") && Contains(path));
  CHECK_THROWS_WITH(root.string_attribute("missing"), Contains("missing") && Contains(path));
}

TEST_CASE("H5File chunks long name lists as Keras does and reads them back", "[serialization][hdf5]") {
  TempDir dir;
  std::vector<std::string> names;
  for (int i = 0; i < 3000; ++i) names.push_back("a_rather_long_layer_name_" + std::to_string(i));
  {
    io::H5File file = io::H5File::create(dir / "c.h5");
    file.root().set_string_list_attribute("layer_names", names);
    file.save(dir / "c.h5");
  }
  io::H5Group root = io::H5File::open(dir / "c.h5").root();
  CHECK_FALSE(root.has_attribute("layer_names"));
  CHECK(root.has_attribute("layer_names0"));
  CHECK(root.has_attribute("layer_names1"));
  CHECK(root.string_list_attribute("layer_names") == names);
}

TEST_CASE("H5File rejects missing, foreign, truncated and corrupt files naming them", "[serialization][hdf5]") {
  TempDir dir;
  CHECK_THROWS_AS(io::H5File::open(dir / "missing.h5"), IoError);
  CHECK_THROWS_WITH(io::H5File::open(dir / "missing.h5"), Contains("missing.h5"));
  write_bytes(dir / "text.h5", {'h', 'e', 'l', 'l', 'o'});
  CHECK_THROWS_WITH(io::H5File::open(dir / "text.h5"), Contains("text.h5") && Contains("not an HDF5 file"));

  std::string path = dir / "full.h5";
  {
    io::H5File file = io::H5File::create(path);
    io::H5Group g = file.root().require_group("layers/dense/vars");
    g.write_dataset("0", random_tensor({64, 64}));
    g.set_string_attribute("name", "dense");
    file.save(path);
  }
  std::vector<char> bytes = read_bytes(path);
  for (std::size_t cut : {std::size_t{8}, std::size_t{100}, bytes.size() / 2, bytes.size() - 10}) {
    std::vector<char> truncated(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(cut));
    write_bytes(dir / "cut.h5", truncated);
    try {
      io::H5File f = io::H5File::open(dir / "cut.h5");
      f.root().group("layers/dense/vars").read_dataset("0");
      FAIL("truncated at " << cut << " was read");
    } catch (const Error& e) {
      CHECK_THAT(e.what(), Contains("cut.h5"));
    }
  }
  // Flipped bytes anywhere: an error naming the file or, where HDF5 cannot tell, intact data.
  for (std::size_t pos = 0; pos < bytes.size(); pos += 97) {
    std::vector<char> corrupt = bytes;
    corrupt[pos] = static_cast<char>(corrupt[pos] ^ 0x5a);
    write_bytes(dir / "flip.h5", corrupt);
    try {
      io::H5File f = io::H5File::open(dir / "flip.h5");
      Tensor t = f.root().group("layers/dense/vars").read_dataset("0");
      CHECK(t.shape() == Shape{64, 64});
    } catch (const Error& e) {
      CHECK_THAT(e.what(), Contains("flip.h5"));
    }
  }
}

TEST_CASE("H5File reads the string spellings of real Keras files", "[serialization][hdf5]") {
  auto samples = require_keras_samples("HDF5 attribute spellings of real Keras files");
  if (!samples) return;
  // Keras 2.3.1: fixed-length null-padded name arrays, empty weight_names as float64.
  io::H5Group root = io::H5File::open(*samples + "/h5/ikukang__mnist_cnn_keras2.3.1.h5").root();
  CHECK(root.string_attribute("keras_version") == "2.3.1");
  std::vector<std::string> layers = root.group("model_weights").string_list_attribute("layer_names");
  REQUIRE(layers.size() >= 4);
  CHECK(layers[0].find('\0') == std::string::npos);
  bool saw_empty = false;
  for (const std::string& name : layers) {
    if (root.group("model_weights/" + name).string_list_attribute("weight_names").empty()) saw_empty = true;
  }
  CHECK(saw_empty);
  CHECK(root.group("model_weights/" + layers[0])
            .read_dataset(root.group("model_weights/" + layers[0]).string_list_attribute("weight_names")[0])
            .dtype() == float32);
}

namespace {

// Runs test/serialization/make_odd_h5 (built with HDF5) to write `kind` at `path`; false when
// the helper is not built, so the caller skips.
bool make_odd_h5(const std::string& path, const std::string& kind) {
  const std::string helper = std::string(KERAS_BUILD_ROOT) + "/test/serialization/make_odd_h5";
  if (!std::filesystem::exists(helper)) {
    WARN("make_odd_h5 is not built; skipping the " << kind << " file");
    return false;
  }
  CommandResult r = run_command("'" + helper + "' '" + path + "' " + kind);
  INFO(r.output);
  REQUIRE(r.status == 0);
  return true;
}

}  // namespace

TEST_CASE("H5File reads odd dtype attributes and dataspaces safely", "[serialization][hdf5]") {
  TempDir dir;
  // Two "bfloat16" strings: H5Aread writes both, so one must not be read into a one-slot
  // buffer; and only exactly one string "bfloat16" marks bfloat16 storage.
  if (make_odd_h5(dir / "multi.h5", "multi_dtype")) {
    Tensor t = io::H5File::open(dir / "multi.h5").root().read_dataset("d");
    CHECK(t.dtype() == float32);
    CHECK(t.to_vector<float>() == std::vector<float>{1, 2, 3, 4});
  }
  if (make_odd_h5(dir / "null.h5", "null_space")) {
    try {
      io::H5File f = io::H5File::open(dir / "null.h5");
      f.root().read_dataset("d");
      FAIL("a null dataspace was read");
    } catch (const IoError& e) {
      CHECK_THAT(e.what(), Contains("null.h5"));
    }
  }
  if (make_odd_h5(dir / "huge.h5", "huge_chunked")) {
    try {
      io::H5File f = io::H5File::open(dir / "huge.h5");
      f.root().read_dataset("d");
      FAIL("a 2^80-element dataset was read");
    } catch (const IoError& e) {
      CHECK_THAT(e.what(), Contains("huge.h5"));
    }
  }
}

TEST_CASE("The HDF5 reading child: a crash or an endless loop in it is an error naming the file",
          "[serialization][hdf5]") {
  auto crash = []() -> std::int64_t {
    std::raise(SIGSEGV);
    return -1;
  };
  REQUIRE_THROWS_WITH(io::sanitize_hdf5(crash, "crash.h5", 100),
                      Catch::Contains("crash.h5") && Catch::Contains("crashes the HDF5 library"));
  // What a damaged file did to HDF5 1.10 under fuzzing; ended after ten seconds.
  REQUIRE_THROWS_WITH(io::sanitize_hdf5(
                          []() -> std::int64_t {
                            for (volatile bool forever = true; forever;) {
                            }
                            return -1;
                          },
                          "loop.h5", 100),
                      Catch::Contains("loop.h5") && Catch::Contains("does not finish"));
  REQUIRE_THROWS_WITH(io::sanitize_hdf5([]() -> std::int64_t { return -1; }, "bad.h5", 100),
                      Catch::Contains("bad.h5") && Catch::Contains("truncated or corrupt"));
}
