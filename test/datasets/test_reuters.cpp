// reuters.load_data on a reuters.npz written as numpy writes it. Expected outputs printed by a
// verbatim copy of Keras 3's reuters.load_data body (keras/src/datasets/reuters.py) run with
// numpy 1.24 on the same arrays: RandomState(seed) shuffle, start_char/index_from, maxlen, the
// vocabulary rules, and the split at int(len * (1 - test_split)).

#include <catch2/catch.hpp>
#include <fstream>

#include "datasets/datasets.h"
#include "libkeras/serialization/npy.h"
#include "libkeras/utils/error.h"
#include "test/datasets/keras_home.h"
#include "test/datasets/pickle_bytes.h"

using namespace keras;
using namespace keras::testing;
using Seqs = std::vector<std::vector<std::int64_t>>;

namespace {

void write_reuters(const std::string& path) {
  const Seqs x{{1, 6, 11, 16}, {5, 10},          {9, 14, 2, 7, 12, 17},    {13, 1, 6},
               {17},           {4, 9, 14, 2, 7}, {8, 13, 1, 6, 11, 16, 4}, {12, 17},
               {16, 4, 9},     {3, 8, 13, 1},    {7, 12, 17, 5, 10, 15},   {11, 16}};
  const std::vector<std::int64_t> y{0, 7, 14, 21, 28, 35, 42, 3, 10, 17, 24, 31};
  write_npz(path, {{"x", object_array_npy(x)}, {"y", io::encode_npy(Tensor::from_vector(y, Shape{12}))}});
}

void check(const datasets::SequenceData& d, const Seqs& x_train, const std::vector<std::int64_t>& y_train,
           const Seqs& x_test, const std::vector<std::int64_t>& y_test) {
  CHECK(d.x_train == x_train);
  CHECK(d.y_train.to_vector<std::int64_t>() == y_train);
  CHECK(d.x_test == x_test);
  CHECK(d.y_test.to_vector<std::int64_t>() == y_test);
}

}  // namespace

TEST_CASE("reuters::load_data shuffles, filters and splits as Keras", "[datasets][reuters]") {
  KerasHome home;
  write_reuters(home / "reuters.npz");
  check(datasets::reuters::load_data(),
        {{1, 2},
         {1, 16, 4, 9},
         {1, 6, 11, 16, 4},
         {1, 19, 7, 12},
         {1, 8, 13},
         {1, 4, 9, 14, 19},
         {1, 14, 19},
         {1, 15, 2},
         {1, 11, 16, 4, 9, 14, 19, 7}},
        {28, 21, 17, 10, 7, 0, 31, 3, 42},
        {{1, 10, 15, 2, 8, 13, 18}, {1, 12, 17, 5, 10, 15, 2}, {1, 7, 12, 17, 5, 10}}, {24, 14, 35});
  check(datasets::reuters::load_data({.num_words = 9, .maxlen = 5}), {{1, 2}, {1, 2, 4, 2}, {1, 2, 7, 2}, {1, 8, 2}},
        {28, 21, 10, 7}, {{1, 2, 2}, {1, 2, 2}}, {31, 3});
  check(datasets::reuters::load_data({.skip_top = 5, .test_split = 0.5, .seed = 1}),
        {{2, 12, 17, 5, 10, 15, 2},
         {2, 16, 2, 9},
         {2, 2},
         {2, 10, 15, 2, 8, 13, 18},
         {2, 8, 13},
         {2, 11, 16, 2, 9, 14, 19, 7}},
        {14, 21, 28, 24, 7, 42},
        {{2, 2, 9, 14, 19}, {2, 15, 2}, {2, 14, 19}, {2, 6, 11, 16, 2}, {2, 19, 7, 12}, {2, 7, 12, 17, 5, 10}},
        {0, 3, 31, 17, 10, 35});
  CHECK_THROWS_WITH(datasets::reuters::load_data({.test_split = 1.5}), Catch::Contains("Invalid `test_split`"));
}

TEST_CASE("reuters word index, label names and missing files", "[datasets][reuters]") {
  KerasHome home;
  CHECK_THROWS_WITH(datasets::reuters::load_data(),
                    Catch::Contains("Reuters data not found") && Catch::Contains(home / "reuters.npz"));
  write_npz(home / "reuters.npz", {{"x", object_array_npy({{1}})}});
  CHECK_THROWS_WITH(datasets::reuters::load_data(), Catch::Contains("has no array 'y'"));
  std::ofstream(home / "reuters_word_index.json") << R"({"mdbl": 10996, "fawc": 16260})";
  CHECK(datasets::reuters::get_word_index().at("fawc") == 16260);
  const auto names = datasets::reuters::get_label_names();
  REQUIRE(names.size() == 46);
  CHECK(names.front() == "cocoa");
  CHECK(names[3] == "earn");
  CHECK(names[27] == "strategic-metal");
  CHECK(names.back() == "lead");
}
