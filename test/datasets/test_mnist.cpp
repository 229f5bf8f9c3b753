// The MNIST and Fashion-MNIST loaders on files generated in Keras' on-disk formats.

#include <stdlib.h>
#include <zip.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "datasets/datasets.h"
#include "libkeras/serialization/npy.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/files.h"

using namespace keras;
using namespace keras::testing;

namespace {

struct Split {
  Tensor x_train, y_train, x_test, y_test;
};

Split tiny_split() {
  std::vector<std::uint8_t> img(5 * 28 * 28), lab{3, 1, 4, 1, 5}, img_t(2 * 28 * 28), lab_t{9, 2};
  for (std::size_t i = 0; i < img.size(); ++i) img[i] = static_cast<std::uint8_t>(i % 251);
  for (std::size_t i = 0; i < img_t.size(); ++i) img_t[i] = static_cast<std::uint8_t>(i % 13);
  return {Tensor::from_vector(img, Shape{5, 28, 28}), Tensor::from_vector(lab, Shape{5}),
          Tensor::from_vector(img_t, Shape{2, 28, 28}), Tensor::from_vector(lab_t, Shape{2})};
}

void check_loaded(const datasets::LoadedData& d, const Split& s) {
  CHECK(d.x_train.shape() == Shape{5, 28, 28});
  CHECK(d.x_train.dtype() == uint8);
  CHECK(d.y_train.to_vector<int>() == std::vector<int>{3, 1, 4, 1, 5});
  CHECK(d.x_test.to_vector<int>() == s.x_test.to_vector<int>());
  CHECK(d.y_test.to_vector<int>() == std::vector<int>{9, 2});
}

// Writes Keras' mnist.npz: a zip holding x_train.npy, y_train.npy, x_test.npy, y_test.npy.
void write_mnist_npz(const std::string& path, const Split& s, bool drop_y_test = false) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  REQUIRE(z != nullptr);
  std::vector<std::vector<char>> buffers;
  const std::pair<const char*, const Tensor*> arrays[] = {
      {"x_train.npy", &s.x_train}, {"y_train.npy", &s.y_train}, {"x_test.npy", &s.x_test}, {"y_test.npy", &s.y_test}};
  buffers.reserve(4);
  for (const auto& [name, t] : arrays) {
    if (drop_y_test && std::string(name) == "y_test.npy") continue;
    buffers.push_back(io::encode_npy(*t));
    zip_source_t* src = zip_source_buffer(z, buffers.back().data(), buffers.back().size(), 0);
    REQUIRE(zip_file_add(z, name, src, ZIP_FL_OVERWRITE) >= 0);
  }
  REQUIRE(zip_close(z) == 0);
}

}  // namespace

TEST_CASE("load_idx_folder reads the four MNIST-layout files, plain or .gz", "[datasets][mnist]") {
  Split s = tiny_split();
  for (bool gz : {false, true}) {
    TempDir dir;
    write_idx_folder(dir.path(), s.x_train, s.y_train, s.x_test, s.y_test, gz);
    check_loaded(datasets::load_idx_folder(dir.path()), s);
  }
  TempDir empty;
  REQUIRE_THROWS_WITH(datasets::load_idx_folder(empty.path()),
                      Catch::Contains("train-images-idx3-ubyte") && Catch::Contains(empty.path()));
}

TEST_CASE("Mismatched image and label counts are rejected", "[datasets][mnist][errors]") {
  Split s = tiny_split();
  TempDir dir;
  write_idx_folder(dir.path(), s.x_train, s.y_test, s.x_test, s.y_test, true);
  REQUIRE_THROWS_WITH(datasets::load_idx_folder(dir.path()), Catch::Contains("do not match"));
}

TEST_CASE("mnist::load_data reads Keras' mnist.npz from $KERAS_HOME/datasets", "[datasets][mnist]") {
  Split s = tiny_split();
  TempDir home;
  std::filesystem::create_directories(home / "datasets");
  write_mnist_npz(home / "datasets/mnist.npz", s);
  setenv("KERAS_HOME", home.path().c_str(), 1);
  CHECK(datasets::mnist::locate() == home / "datasets/mnist.npz");
  check_loaded(datasets::mnist::load_data(), s);
  check_loaded(datasets::mnist::load_data(home / "datasets/mnist.npz"), s);

  write_mnist_npz(home / "datasets/broken.npz", s, true);
  REQUIRE_THROWS_WITH(datasets::mnist::load_data("broken.npz"), Catch::Contains("has no array 'y_test'"));
  write_bytes(home / "datasets/garbage.npz", {'n', 'o', 't', ' ', 'a', ' ', 'z', 'i', 'p'});
  REQUIRE_THROWS_WITH(datasets::mnist::load_data("garbage.npz"), Catch::Contains("garbage.npz"));
  REQUIRE_THROWS_WITH(datasets::mnist::load_data("absent.npz"),
                      Catch::Contains("MNIST data not found") && Catch::Contains(home / "datasets/absent.npz"));
  unsetenv("KERAS_HOME");
}

TEST_CASE("fashion_mnist::load_data looks in $KERAS_HOME first", "[datasets][fashion_mnist]") {
  Split s = tiny_split();
  TempDir home;
  write_idx_folder(home / "datasets/fashion-mnist", s.x_train, s.y_train, s.x_test, s.y_test, true);
  setenv("KERAS_HOME", home.path().c_str(), 1);
  CHECK(datasets::fashion_mnist::locate() == home / "datasets/fashion-mnist");
  check_loaded(datasets::fashion_mnist::load_data(), s);
  unsetenv("KERAS_HOME");
}

TEST_CASE("Debian's Fashion-MNIST has Keras' shapes and dtypes", "[datasets][fashion_mnist]") {
  if (!std::filesystem::exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")) {
    WARN("SKIPPED: dataset-fashion-mnist is not installed");
    return;
  }
  auto [x_train, y_train, x_test, y_test] = datasets::load_idx_folder("/usr/share/datasets/fashion-mnist");
  CHECK(x_train.shape() == Shape{60000, 28, 28});
  CHECK(y_train.shape() == Shape{60000});
  CHECK(x_test.shape() == Shape{10000, 28, 28});
  CHECK(y_test.shape() == Shape{10000});
  CHECK(x_train.dtype() == uint8);
  std::vector<int> labels = y_train.to_vector<int>();
  CHECK(*std::max_element(labels.begin(), labels.end()) == 9);
  CHECK(labels[0] == 9);  // the first training image is an ankle boot
}
