#include <catch2/catch.hpp>

#include "datasets/idx.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/files.h"

using namespace keras;
using namespace keras::testing;

namespace {

Tensor sample_images() {
  std::vector<std::uint8_t> v(3 * 4 * 5);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<std::uint8_t>(i * 7);
  return Tensor::from_vector(v, Shape{3, 4, 5});
}

}  // namespace

TEST_CASE("IDX files read plain and gzip-compressed", "[datasets][idx]") {
  TempDir dir;
  Tensor images = sample_images();
  for (bool gz : {false, true}) {
    std::string path = dir / (gz ? "images.gz" : "images");
    write_idx(path, images, gz);
    Tensor read = datasets::read_idx(path);
    CHECK(read.dtype() == uint8);
    CHECK(read.shape() == Shape{3, 4, 5});
    CHECK(read.to_vector<std::uint8_t>() == images.to_vector<std::uint8_t>());
  }
}

TEST_CASE("Bad IDX files give errors naming the file", "[datasets][idx][errors]") {
  TempDir dir;
  std::string path = dir / "bad";
  write_bytes(path, {0, 0, 0x0D, 3, 0, 0, 0, 1});
  REQUIRE_THROWS_WITH(datasets::read_idx(path), Catch::Contains(path) && Catch::Contains("not an unsigned-byte IDX"));

  write_idx(path, sample_images(), false);
  std::vector<char> bytes = read_bytes(path);
  bytes.resize(bytes.size() - 10);
  write_bytes(path, bytes);
  REQUIRE_THROWS_WITH(datasets::read_idx(path), Catch::Contains("truncated") && Catch::Contains(path));

  write_idx(path, sample_images(), true);
  bytes = read_bytes(path);
  for (std::size_t i = 12; i < bytes.size(); ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0x5A);
  write_bytes(path, bytes);
  REQUIRE_THROWS_AS(datasets::read_idx(path), IoError);

  REQUIRE_THROWS_WITH(datasets::read_idx(dir / "missing.gz"), Catch::Contains("Cannot open") && Catch::Contains("missing.gz"));
}
