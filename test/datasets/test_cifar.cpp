// cifar10 and cifar100 on batches written in the layouts Toronto's archives use: Python 2 cPickle
// protocol-2 dicts (what Keras downloads) and the -bin records. The expected pixels and labels were
// printed by numpy 1.24 running Keras' own load_batch/load_data steps on the same bytes
// (RestrictedUnpickler(f, encoding="bytes"), reshape (n, 3, 32, 32), concatenate, transpose(0, 2, 3, 1)).

#include <catch2/catch.hpp>
#include <filesystem>

#include "datasets/datasets.h"
#include "libkeras/utils/error.h"
#include "test/datasets/keras_home.h"
#include "test/datasets/pickle_bytes.h"
#include "test/support/files.h"

using namespace keras;
using namespace keras::testing;
namespace fs = std::filesystem;

namespace {

// Batch b holds n images whose planar pixels are (i * 7 + b * 31 + 3) % 251.
std::string pixels(int b, int n) {
  std::string data(static_cast<std::size_t>(n) * 3072, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>((i * 7 + b * 31 + 3) % 251);
  return data;
}

using LabelLists = std::vector<std::pair<std::string, std::vector<std::int64_t>>>;

// A batch as Python 2's cPickle.dump(d, f, 2) lays out CIFAR's dict.
std::string py2_batch(int b, int n, const LabelLists& labels) {
  PickleBytes p(PickleBytes::Dialect::cpickle2);
  p.raw("\x80\x02}").put().raw("(");
  p.py2_str("data").put().global("numpy.core.multiarray", "_reconstruct").put().global("numpy", "ndarray").put();
  p.integer(0).raw("\x85").py2_str("b").raw("\x87R").put();
  p.raw("(").integer(1).integer(n).integer(3072).raw("\x86").global("numpy", "dtype").put();
  p.py2_str("u1").integer(0).integer(1).raw("\x87R").put();
  p.raw("(").integer(3).py2_str("|").raw("NNN").integer(-1).integer(-1).integer(0).raw("tb\x89");
  p.py2_str(pixels(b, n)).raw("tb");
  for (const auto& [key, values] : labels) p.py2_str(key).put().int_list(values);
  p.py2_str("batch_label").put().py2_str("training batch " + std::to_string(b)).put();
  p.py2_str("filenames").put().list(static_cast<std::size_t>(n), [&](std::size_t j) {
    p.py2_str("img_" + std::to_string(j) + ".png").put();
  });
  return p.raw("u.").str();
}

// The same images as -bin records: <label bytes><3072 planar pixels>.
std::string bin_batch(int b, int n, const std::vector<std::vector<std::int64_t>>& label_columns) {
  const std::string data = pixels(b, n);
  std::string out;
  for (int j = 0; j < n; ++j) {
    for (const auto& column : label_columns) out += static_cast<char>(column[static_cast<std::size_t>(j)]);
    out += data.substr(static_cast<std::size_t>(j) * 3072, 3072);
  }
  return out;
}

void write(const std::string& path, const std::string& bytes) {
  fs::create_directories(fs::path(path).parent_path());
  write_bytes(path, {bytes.begin(), bytes.end()});
}

const int kSizes[] = {2, 1, 1, 1, 2};  // images in data_batch_1..5
std::vector<std::int64_t> cifar10_labels(int b, int n) {
  std::vector<std::int64_t> v;
  for (int j = 0; j < n; ++j) v.push_back((b * 3 + j) % 10);
  return v;
}

void write_cifar10(const std::string& folder, bool binary) {
  for (int b = 1; b <= 5; ++b) {
    const auto labels = cifar10_labels(b, kSizes[b - 1]);
    const std::string name = folder + "/data_batch_" + std::to_string(b);
    if (binary) {
      write(name + ".bin", bin_batch(b, kSizes[b - 1], {labels}));
    } else {
      write(name, py2_batch(b, kSizes[b - 1], {{"labels", labels}}));
    }
  }
  if (binary) {
    write(folder + "/test_batch.bin", bin_batch(6, 1, {{4}}));
  } else {
    write(folder + "/test_batch", py2_batch(6, 1, {{"labels", {4}}}));
  }
}

int px(const Tensor& x, std::int64_t n, std::int64_t h, std::int64_t w, std::int64_t c) {
  return x.data<std::uint8_t>()[((n * 32 + h) * 32 + w) * 3 + c];
}

void check_cifar10(const datasets::LoadedData& d) {
  CHECK(d.x_train.shape() == Shape{7, 32, 32, 3});
  CHECK(d.x_train.dtype() == uint8);
  CHECK(d.y_train.shape() == Shape{7, 1});
  CHECK(d.y_train.dtype() == uint8);
  CHECK(d.y_train.to_vector<int>() == std::vector<int>{3, 4, 6, 9, 2, 5, 6});
  CHECK(d.x_test.shape() == Shape{1, 32, 32, 3});
  CHECK(d.y_test.dtype() == uint8);
  CHECK(d.y_test.to_vector<int>() == std::vector<int>{4});
  CHECK(px(d.x_train, 0, 0, 0, 0) == 34);
  CHECK(px(d.x_train, 0, 0, 0, 1) == 174);
  CHECK(px(d.x_train, 0, 0, 0, 2) == 63);
  CHECK(px(d.x_train, 0, 0, 1, 0) == 41);
  CHECK(px(d.x_train, 1, 5, 7, 2) == 146);
  CHECK(px(d.x_train, 6, 31, 31, 2) == 238);
  CHECK(px(d.x_train, 3, 10, 20, 1) == 106);
  CHECK(px(d.x_test, 0, 17, 3, 1) == 142);
  CHECK(px(d.x_test, 0, 0, 0, 2) == 218);
}

}  // namespace

TEST_CASE("The test's batch writer lays out a batch as cPickle protocol 2 does", "[datasets][cifar]") {
  // The bytes before the pixel data of a 2-image batch, from the reference pickle checked with
  // Keras' RestrictedUnpickler; the real data_batch_1 differs only in n (M\x10\x27 for 10000).
  const std::string prefix = bytes_of(
      "\x80\x02}q\x01(U\x04\x64\x61taq\x02\x63numpy.core.multiarray\n_reconstruct\nq\x03\x63numpy\nndarray\nq\x04"
      "K\x00\x85U\x01\x62\x87Rq\x05(K\x01K\x02M\x00\x0c\x86\x63numpy\ndtype\nq\x06U\x02u1K\x00K\x01\x87Rq\x07(K\x03U"
      "\x01|NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb\x89T\x00\x18\x00\x00");
  CHECK(py2_batch(1, 2, {{"labels", {3, 4}}}).substr(0, prefix.size()) == prefix);
}

TEST_CASE("cifar10::load_data reads Keras' extracted pickles as (n, 32, 32, 3) uint8", "[datasets][cifar]") {
  KerasHome home;
  const std::string folder = home / "cifar-10-batches-py-target/cifar-10-batches-py";
  write_cifar10(folder, false);
  CHECK(datasets::cifar10::locate() == folder);
  check_cifar10(datasets::cifar10::load_data());
}

TEST_CASE("cifar10 reads a manual extraction and the -bin records to the same arrays", "[datasets][cifar]") {
  for (const char* name : {"cifar-10-batches-py", "cifar-10-batches-bin"}) {
    KerasHome home;
    write_cifar10(home / name, std::string(name).ends_with("bin"));
    INFO(name);
    check_cifar10(datasets::cifar10::load_data());
  }
}

TEST_CASE("cifar100::load_data gives fine or coarse int64 labels", "[datasets][cifar]") {
  // fine = (b * 13 + j * 7) % 100, coarse = fine // 5; Keras' np.reshape of the lists gives int64.
  const std::vector<std::int64_t> fine_train{91, 98, 5}, coarse_train{18, 19, 1}, fine_test{4, 11}, coarse_test{0, 2};
  for (bool binary : {false, true}) {
    KerasHome home;
    if (binary) {
      write(home / "cifar-100-binary/train.bin", bin_batch(7, 3, {coarse_train, fine_train}));
      write(home / "cifar-100-binary/test.bin", bin_batch(8, 2, {coarse_test, fine_test}));
    } else {
      const std::string folder = home / "cifar-100-python-target/cifar-100-python";
      write(folder + "/train", py2_batch(7, 3, {{"fine_labels", fine_train}, {"coarse_labels", coarse_train}}));
      write(folder + "/test", py2_batch(8, 2, {{"fine_labels", fine_test}, {"coarse_labels", coarse_test}}));
    }
    INFO((binary ? "binary" : "pickle"));
    auto fine = datasets::cifar100::load_data();
    CHECK(fine.x_train.shape() == Shape{3, 32, 32, 3});
    CHECK(fine.y_train.shape() == Shape{3, 1});
    CHECK(fine.y_train.dtype() == int64);
    CHECK(fine.y_train.to_vector<std::int64_t>() == fine_train);
    CHECK(fine.y_test.to_vector<std::int64_t>() == fine_test);
    CHECK(px(fine.x_train, 2, 9, 4, 1) == 232);
    auto coarse = datasets::cifar100::load_data("coarse");
    CHECK(coarse.y_train.to_vector<std::int64_t>() == coarse_train);
    CHECK(coarse.y_test.to_vector<std::int64_t>() == coarse_test);
  }
  CHECK_THROWS_WITH(
      datasets::cifar100::load_data("medium"),
      Catch::Contains("`label_mode` must be one of `\"fine\"`, `\"coarse\"`. Received: label_mode=medium."));
}

TEST_CASE("Missing, incomplete and corrupt CIFAR files are IoErrors naming the file", "[datasets][cifar][errors]") {
  KerasHome home;
  CHECK_THROWS_WITH(datasets::cifar10::load_data(), Catch::Contains("CIFAR-10 data not found") &&
                                                        Catch::Contains(home / "cifar-10-batches-py") &&
                                                        Catch::Contains("cifar-10-python.tar.gz"));
  CHECK_THROWS_WITH(datasets::cifar100::load_data(), Catch::Contains(home / "cifar-100-python"));

  const std::string folder = home / "cifar-10-batches-py";
  write_cifar10(folder, false);
  fs::remove(folder + "/data_batch_3");
  CHECK_THROWS_WITH(datasets::cifar10::load_data(), Catch::Contains(folder + "/data_batch_3"));

  const std::string batch = py2_batch(3, 1, {{"labels", {1}}});
  write(folder + "/data_batch_3", batch.substr(0, batch.size() / 2));
  CHECK_THROWS_WITH(datasets::cifar10::load_data(),
                    Catch::Contains(folder + "/data_batch_3") && Catch::Contains("truncated"));
  write(folder + "/data_batch_3", py2_batch(3, 1, {{"labels", {300}}}));
  CHECK_THROWS_WITH(datasets::cifar10::load_data(), Catch::Contains("label 300 does not fit uint8"));
  write(folder + "/data_batch_3", py2_batch(3, 1, {{"labels", {1, 2}}}));
  CHECK_THROWS_WITH(datasets::cifar10::load_data(), Catch::Contains("holds 1 images but 2 labels"));
  write(folder + "/data_batch_3", py2_batch(3, 1, {{"fine_labels", {1}}}));
  CHECK_THROWS_WITH(datasets::cifar10::load_data(), Catch::Contains("has no 'labels' entry"));

  KerasHome bin_home;
  write_cifar10(bin_home / "cifar-10-batches-bin", true);
  write(bin_home / "cifar-10-batches-bin/test_batch.bin", std::string(3000, '\1'));
  CHECK_THROWS_WITH(datasets::cifar10::load_data(),
                    Catch::Contains("test_batch.bin") && Catch::Contains("3073-byte CIFAR records"));
}
