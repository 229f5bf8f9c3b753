// keras.datasets.imdb (keras/src/datasets/imdb.py).

#include "datasets/cache.h"
#include "datasets/datasets.h"
#include "datasets/random_state.h"
#include "datasets/sequence_utils.h"
#include "libkeras/utils/error.h"

namespace keras::datasets {

namespace {

void check_rows(const Sequences& x, const Tensor& y, const std::string& path, const char* split) {
  if (y.rank() != 1 || y.dim(0) != static_cast<std::int64_t>(x.size())) {
    throw IoError("'" + path + "': x_" + split + " holds " + std::to_string(x.size()) + " sequences but y_" + split +
                  " has shape " + y.shape().to_string());
  }
}

}  // namespace

SequenceData imdb::load_data(const Options& o) {
  const std::string path = find_keras_file(o.path, "IMDB", "imdb.npz");
  const DatasetNpz f(path);
  Sequences x_train = f.sequences("x_train"), x_test = f.sequences("x_test");
  const Tensor labels_train = f.array("y_train"), labels_test = f.array("y_test");
  check_rows(x_train, labels_train, path, "train");
  check_rows(x_test, labels_test, path, "test");

  // One generator for both splits: the test order depends on the training shuffle before it.
  RandomState rng(o.seed);
  std::vector<std::int64_t> train_order = shuffled_indices(static_cast<std::int64_t>(x_train.size()), rng);
  Rows train = take(x_train, std::move(train_order));
  Rows test = take(x_test, shuffled_indices(static_cast<std::int64_t>(x_test.size()), rng));

  const VocabularyArgs args{o.num_words, o.skip_top, o.maxlen, o.start_char, o.oov_char, o.index_from};
  add_start_and_offset(train, args);
  add_start_and_offset(test, args);
  if (o.maxlen && *o.maxlen) {
    remove_long_seq(*o.maxlen, train);
    remove_long_seq(*o.maxlen, test);
    if (train.x.empty() || test.x.empty()) {
      throw ValueError("After filtering for sequences shorter than maxlen=" + std::to_string(*o.maxlen) +
                       ", no sequence was kept. Increase maxlen.");
    }
  }
  limit_vocabulary({&train, &test}, args);
  return {std::move(train.x), take_rows(labels_train, train.rows), std::move(test.x),
          take_rows(labels_test, test.rows)};
}

std::map<std::string, std::int64_t> imdb::get_word_index(const std::string& path) {
  return read_word_index(path, "IMDB word index", "imdb_word_index.json");
}

}  // namespace keras::datasets
