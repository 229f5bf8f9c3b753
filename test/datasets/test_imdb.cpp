// imdb.load_data on an imdb.npz written as numpy writes it (object arrays pickled after the .npy
// header). The expected outputs were printed by a verbatim copy of Keras 3's imdb.load_data body
// (keras/src/datasets/imdb.py) run with numpy 1.24 on the same arrays: it covers numpy's
// RandomState(seed) shuffle (train first, then test with the same generator), start_char,
// index_from, maxlen dropping len >= maxlen, and the num_words/skip_top/oov_char rules, including
// Keras' quirk that without num_words the largest word itself becomes oov_char.

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

const Seqs kTrain{
    {1, 4, 7},        {6},      {11, 1, 4, 7, 10, 13},  {3, 6},     {8, 11, 1, 4, 7, 10, 13, 3}, {13, 3, 6, 9},
    {5, 8, 11, 1, 4}, {10, 13}, {2, 5, 8, 11, 1, 4, 7}, {7, 10, 13}};
const Seqs kTest{{1, 3}, {8, 10, 1, 3, 5}, {4}, {11, 2, 4, 6}, {7, 9, 11, 2, 4, 6}, {3, 5, 7}, {10, 1}};

std::vector<char> labels_npy(const std::vector<std::int64_t>& v) {
  return io::encode_npy(Tensor::from_vector(v, Shape{static_cast<std::int64_t>(v.size())}));
}

void write_imdb(const std::string& path, bool py2 = false) {
  write_npz(path, {{"x_train", object_array_npy(kTrain, py2)},
                   {"y_train", labels_npy({0, 1, 0, 1, 0, 1, 0, 1, 0, 1})},
                   {"x_test", object_array_npy(kTest, py2)},
                   {"y_test", labels_npy({1, 0, 1, 0, 1, 0, 1})}});
}

void check(const datasets::SequenceData& d, const Seqs& x_train, const std::vector<std::int64_t>& y_train,
           const Seqs& x_test, const std::vector<std::int64_t>& y_test) {
  CHECK(d.x_train == x_train);
  CHECK(d.y_train.dtype() == int64);
  CHECK(d.y_train.to_vector<std::int64_t>() == y_train);
  CHECK(d.x_test == x_test);
  CHECK(d.y_test.to_vector<std::int64_t>() == y_test);
}

}  // namespace

TEST_CASE("imdb::load_data with Keras' defaults", "[datasets][imdb]") {
  for (bool py2 : {false, true}) {
    KerasHome home;
    write_imdb(home / "imdb.npz", py2);
    INFO((py2 ? "Python 2 pickles" : "numpy 1.24 pickles"));
    check(datasets::imdb::load_data(),
          {{1, 10, 13, 2},
           {1, 6, 9},
           {1, 8, 11, 14, 4, 7},
           {1, 9},
           {1, 4, 7, 10},
           {1, 13, 2},
           {1, 11, 14, 4, 7, 10, 13, 2, 6},
           {1, 5, 8, 11, 14, 4, 7, 10},
           {1, 14, 4, 7, 10, 13, 2},
           {1, 2, 6, 9, 12}},
          {1, 1, 0, 1, 0, 1, 0, 0, 0, 1},
          {{1, 6, 8, 10},
           {1, 11, 13, 4, 6, 8},
           {1, 4, 6},
           {1, 14, 5, 7, 9},
           {1, 13, 4},
           {1, 10, 12, 14, 5, 7, 9},
           {1, 7}},
          {0, 0, 1, 0, 1, 1, 1});
  }
}

TEST_CASE("imdb::load_data filters as Keras does", "[datasets][imdb]") {
  KerasHome home;
  write_imdb(home / "imdb.npz");
  // num_words=10, skip_top=2, maxlen=6: sequences of 6 or more (with start_char) are dropped.
  check(datasets::imdb::load_data({.num_words = 10, .skip_top = 2, .maxlen = 6}),
        {{2, 2, 2, 2}, {2, 6, 9}, {2, 9}, {2, 4, 7, 2}, {2, 2, 2}, {2, 2, 6, 9, 2}}, {1, 1, 1, 0, 1, 1},
        {{2, 6, 8, 2}, {2, 4, 6}, {2, 2, 5, 7, 9}, {2, 2, 4}, {2, 7}}, {0, 1, 0, 1, 1});
  // oov_char=None drops the words outside the vocabulary.
  check(datasets::imdb::load_data({.num_words = 8, .oov_char = std::nullopt}),
        {{1}, {1, 6}, {1, 4, 7}, {1}, {1, 4, 7}, {1}, {1, 4, 7, 6}, {1, 5, 4, 7}, {1, 4, 7}, {1, 6}},
        {1, 1, 0, 1, 0, 1, 0, 0, 0, 1}, {{1, 6}, {1, 4, 6}, {1, 4, 6}, {1, 5, 7}, {1, 4}, {1, 5, 7}, {1, 7}},
        {0, 0, 1, 0, 1, 1, 1});
  // No start_char, no offset, another seed.
  check(datasets::imdb::load_data({.seed = 7, .start_char = std::nullopt, .index_from = 0}),
        {{2, 5, 8, 11, 1, 4, 7},
         {2, 3, 6, 9},
         {1, 4, 7},
         {11, 1, 4, 7, 10, 2},
         {6},
         {7, 10, 2},
         {10, 2},
         {3, 6},
         {5, 8, 11, 1, 4},
         {8, 11, 1, 4, 7, 10, 2, 3}},
        {0, 1, 0, 0, 1, 1, 1, 1, 0, 0},
        {{8, 10, 1, 3, 5}, {11, 2, 4, 6}, {7, 9, 11, 2, 4, 6}, {1, 3}, {3, 5, 7}, {4}, {10, 1}}, {0, 0, 1, 1, 0, 1, 1});
  CHECK_THROWS_WITH(datasets::imdb::load_data({.maxlen = 2}),
                    Catch::Contains("After filtering for sequences shorter than maxlen=2, no sequence was kept"));
  CHECK_THROWS_WITH(datasets::imdb::load_data({.seed = -3}), Catch::Contains("Seed must be between 0 and 2**32 - 1"));
}

TEST_CASE("imdb files that are missing, malformed or malicious are IoErrors", "[datasets][imdb][errors]") {
  KerasHome home;
  CHECK_THROWS_WITH(datasets::imdb::load_data(), Catch::Contains("IMDB data not found") &&
                                                     Catch::Contains(home / "imdb.npz") &&
                                                     Catch::Contains("tf-keras-datasets/imdb.npz"));
  // The labels stored where a sequence array belongs, and vice versa.
  write_npz(home / "swapped.npz", {{"x_train", labels_npy({1})},
                                   {"y_train", object_array_npy({{1}})},
                                   {"x_test", object_array_npy({{1}})},
                                   {"y_test", labels_npy({1})}});
  CHECK_THROWS_WITH(datasets::imdb::load_data({.path = "swapped.npz"}), Catch::Contains("x_train.npy is a numeric"));
  write_npz(home / "short.npz", {{"x_train", object_array_npy({{1}, {2}})},
                                 {"y_train", labels_npy({1})},
                                 {"x_test", object_array_npy({{1}})},
                                 {"y_test", labels_npy({1})}});
  CHECK_THROWS_WITH(datasets::imdb::load_data({.path = "short.npz"}), Catch::Contains("holds 2 sequences"));
  // An object array whose pickle calls os.system instead of rebuilding an array.
  std::vector<char> evil = object_array_npy({{1}});
  const std::string npy(evil.begin(), evil.end());
  const std::string payload = "\x80\x02\x63os\nsystem\nU\x02id\x85R.";
  std::vector<char> tampered(evil.begin(), evil.begin() + static_cast<std::ptrdiff_t>(npy.find("\x80\x03")));
  tampered.insert(tampered.end(), payload.begin(), payload.end());
  write_npz(home / "evil.npz", {{"x_train", tampered},
                                {"y_train", labels_npy({1})},
                                {"x_test", object_array_npy({{1}})},
                                {"y_test", labels_npy({1})}});
  CHECK_THROWS_WITH(datasets::imdb::load_data({.path = "evil.npz"}),
                    Catch::Contains("Refusing to deserialize `os.system`") && Catch::Contains("x_train.npy"));
  write_bytes(home / "imdb.npz", {'P', 'K', 3, 4, 0});
  CHECK_THROWS_WITH(datasets::imdb::load_data(), Catch::Contains(home / "imdb.npz"));
}

TEST_CASE("imdb::get_word_index reads imdb_word_index.json", "[datasets][imdb]") {
  KerasHome home;
  std::ofstream(home / "imdb_word_index.json") << R"({"the": 1, "and": 2, "a": 3, "fawn": 34701})";
  const auto index = datasets::imdb::get_word_index();
  CHECK(index.size() == 4);
  CHECK(index.at("the") == 1);
  CHECK(index.at("fawn") == 34701);
  std::ofstream(home / "imdb_word_index.json") << R"({"the": 1, "and": )";
  CHECK_THROWS_WITH(datasets::imdb::get_word_index(), Catch::Contains("imdb_word_index.json"));
  std::ofstream(home / "bad.json") << R"({"the": "1"})";
  CHECK_THROWS_WITH(datasets::imdb::get_word_index("bad.json"), Catch::Contains("'the' is not an integer"));
  CHECK_THROWS_WITH(datasets::imdb::get_word_index("absent.json"), Catch::Contains("imdb_word_index.json"));
}
