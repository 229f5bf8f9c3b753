#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "libkeras/serialization/npy.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/files.h"
#include "test/support/keras_samples.h"

using namespace keras;
using namespace keras::testing;

TEST_CASE(".npy round-trips every dtype and shape", "[serialization][npy]") {
  TempDir dir;
  for (DType dt : {float32, float64, int32, int64, uint8}) {
    for (const Shape& shape : {Shape{}, Shape{5}, Shape{2, 3, 4}}) {
      Tensor t = random_tensor(shape, 0, 100).astype(dt);
      io::save_npy(dir / "a.npy", t);
      Tensor back = io::load_npy(dir / "a.npy");
      CHECK(back.dtype() == dt);
      CHECK(back.shape() == shape);
      CHECK(back.to_vector<double>() == t.to_vector<double>());
    }
  }
  // numpy's layout: the header is padded so the data starts at byte 128 (a multiple of 64).
  io::save_npy(dir / "b.npy", Tensor::ones({3}));
  std::vector<char> b = read_bytes(dir / "b.npy");
  CHECK(b.size() == 128 + 12);
  CHECK(static_cast<unsigned char>(b[8]) == 0x76);
  CHECK(b[127] == '\n');
  // Atomic write: no temporary file is left behind.
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator{}) == 2);
}

TEST_CASE(".npy files written by numpy load", "[serialization][npy][keras-samples]") {
  auto samples = require_keras_samples("numpy-written .npy files");
  if (!samples) return;
  Tensor x = io::load_npy(*samples + "/h5/dl4j__cnn_batch_norm.keras_input.npy");
  CHECK(x.dtype() == float64);
  CHECK(x.shape() == Shape{5, 10, 10, 3});
  Tensor p = io::load_npy(*samples + "/h5/dl4j__cnn_batch_norm.keras_predictions.npy");
  CHECK(p.shape() == Shape{5, 1});
  check_close(p, {-0.0520611, 0.04986075, 0.16297522, 0.15389983, 0.15537278}, 1e-7, 1e-6);
}

TEST_CASE("Bad .npy files give errors naming the file", "[serialization][npy][errors]") {
  TempDir dir;
  std::vector<char> good = io::encode_npy(Tensor::ones({4, 4}));
  write_bytes(dir / "short.npy", std::vector<char>(good.begin(), good.end() - 8));
  REQUIRE_THROWS_WITH(io::load_npy(dir / "short.npy"), Catch::Contains("short.npy") && Catch::Contains("truncated"));
  write_bytes(dir / "text.npy", {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd'});
  REQUIRE_THROWS_WITH(io::load_npy(dir / "text.npy"), Catch::Contains("not a .npy file"));
  std::string header(good.begin() + 10, good.begin() + 64);
  auto patch = [&](const std::string& from, const std::string& to) {
    std::vector<char> bytes = good;
    std::string h = header;
    h.replace(h.find(from), from.size(), to);
    std::copy(h.begin(), h.end(), bytes.begin() + 10);
    return bytes;
  };
  write_bytes(dir / "fortran.npy", patch("'fortran_order': False", "'fortran_order': True "));
  REQUIRE_THROWS_WITH(io::load_npy(dir / "fortran.npy"), Catch::Contains("Fortran"));
  // Found by libFuzzer: a dimension past int64 threw std::out_of_range from std::stoll; and
  // dimensions whose byte count overflows must not pass the size check.
  auto with_shape = [](const std::string& shape) {
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
    header.resize(((header.size() + 11) / 64 + 1) * 64 - 11, ' ');
    header += '\n';
    std::vector<char> bytes = {'\x93', 'N', 'U', 'M', 'P', 'Y', 1, 0, static_cast<char>(header.size() & 0xFF),
                               static_cast<char>(header.size() >> 8)};
    bytes.insert(bytes.end(), header.begin(), header.end());
    bytes.resize(bytes.size() + 64, '\0');
    return bytes;
  };
  write_bytes(dir / "huge.npy", with_shape("(99999999999999999999, 4)"));
  REQUIRE_THROWS_WITH(io::load_npy(dir / "huge.npy"), Catch::Contains("huge.npy") && Catch::Contains("out of range"));
  write_bytes(dir / "wide.npy", with_shape("(4611686018427387904, 4)"));
  REQUIRE_THROWS_AS(io::load_npy(dir / "wide.npy"), Error);
  write_bytes(dir / "fits.npy", with_shape("(4, 4)"));
  CHECK(io::load_npy(dir / "fits.npy").shape() == Shape{4, 4});
  write_bytes(dir / "bigendian.npy", patch("'<f4'", "'>f4'"));
  REQUIRE_THROWS_WITH(io::load_npy(dir / "bigendian.npy"), Catch::Contains("unsupported .npy dtype '>f4'"));
  REQUIRE_THROWS_WITH(io::load_npy(dir / "absent.npy"), Catch::Contains("Cannot open") && Catch::Contains("absent.npy"));
}

TEST_CASE(".npz archives round-trip as np.savez writes them", "[serialization][npz]") {
  TempDir dir;
  std::map<std::string, Tensor> arrays = {{"x_train", random_tensor({3, 4}, 0, 1)},
                                          {"y_train", Tensor::from_vector<std::int64_t>({1, 2, 3}, {3})},
                                          {"scalar", Tensor::ones({})}};
  io::save_npz(dir / "a.npz", arrays);
  std::map<std::string, Tensor> back = io::load_npz(dir / "a.npz");
  REQUIRE(back.size() == 3);
  for (const auto& [name, t] : arrays) {
    INFO(name);
    REQUIRE(back.count(name) == 1);
    CHECK(back[name].dtype() == t.dtype());
    CHECK(back[name].shape() == t.shape());
    CHECK(back[name].to_vector<double>() == t.to_vector<double>());
  }
  // Members are "<name>.npy", stored (np.savez): the raw .npy bytes appear in the archive.
  std::vector<char> bytes = read_bytes(dir / "a.npz");
  std::string text(bytes.begin(), bytes.end());
  CHECK(text.find("x_train.npy") != std::string::npos);
  std::vector<char> npy = io::encode_npy(arrays["y_train"]);
  CHECK(std::search(bytes.begin(), bytes.end(), npy.begin(), npy.end()) != bytes.end());
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator{}) == 1);
  REQUIRE_THROWS_WITH(io::save_npz(dir / "b.npz", {{"a/b", Tensor::ones({1})}}), Catch::Contains("invalid array name"));
  CHECK_FALSE(std::filesystem::exists(dir / "b.npz"));
}

TEST_CASE("Truncated or corrupt .npz archives give errors naming the file", "[serialization][npz][errors]") {
  TempDir dir;
  io::save_npz(dir / "good.npz", {{"a", random_tensor({64}, 0, 1)}});
  std::vector<char> good = read_bytes(dir / "good.npz");
  for (std::size_t cut : {std::size_t{10}, good.size() / 2, good.size() - 10}) {
    INFO("cut at " << cut);
    write_bytes(dir / "cut.npz", std::vector<char>(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(cut)));
    REQUIRE_THROWS_WITH(io::load_npz(dir / "cut.npz"), Catch::Contains("cut.npz"));
  }
  // A central directory claiming a 4 GB member (a zip bomb) is refused before allocating.
  std::vector<char> bomb = good;
  std::string text(bomb.begin(), bomb.end());
  std::size_t central = text.rfind(std::string("PK\x01\x02", 4));
  REQUIRE(central != std::string::npos);
  for (int i = 0; i < 4; ++i) bomb[central + 24 + i] = '\xff';  // uncompressed size
  write_bytes(dir / "bomb.npz", bomb);
  REQUIRE_THROWS_WITH(io::load_npz(dir / "bomb.npz"), Catch::Contains("bomb.npz"));
}
