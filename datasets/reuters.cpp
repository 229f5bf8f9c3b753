// keras.datasets.reuters (keras/src/datasets/reuters.py).

#include "datasets/cache.h"
#include "datasets/datasets.h"
#include "datasets/random_state.h"
#include "datasets/sequence_utils.h"
#include "libkeras/utils/error.h"

namespace keras::datasets {

SequenceData reuters::load_data(const Options& o) {
  // Keras does not check test_split here; outside [0, 1] Python's slicing would wrap around.
  if (!(o.test_split >= 0 && o.test_split <= 1)) {
    throw ValueError("Invalid `test_split` argument: " + std::to_string(o.test_split) +
                     ". It must be between 0 and 1.");
  }
  const std::string path = find_keras_file(o.path, "Reuters", "reuters.npz");
  const DatasetNpz f(path);
  Sequences xs = f.sequences("x");
  const Tensor labels = f.array("y");
  if (labels.rank() != 1 || labels.dim(0) != static_cast<std::int64_t>(xs.size())) {
    throw IoError("'" + path + "': x holds " + std::to_string(xs.size()) + " sequences but y has shape " +
                  labels.shape().to_string());
  }
  RandomState rng(o.seed);
  Rows all = take(xs, shuffled_indices(static_cast<std::int64_t>(xs.size()), rng));
  const VocabularyArgs args{o.num_words, o.skip_top, o.maxlen, o.start_char, o.oov_char, o.index_from};
  add_start_and_offset(all, args);
  if (o.maxlen && *o.maxlen) remove_long_seq(*o.maxlen, all);
  limit_vocabulary({&all}, args);

  const auto split = static_cast<std::size_t>(static_cast<double>(all.x.size()) * (1 - o.test_split));
  SequenceData d;
  d.x_train.assign(std::make_move_iterator(all.x.begin()), std::make_move_iterator(all.x.begin() + split));
  d.x_test.assign(std::make_move_iterator(all.x.begin() + split), std::make_move_iterator(all.x.end()));
  d.y_train = take_rows(labels, {all.rows.begin(), all.rows.begin() + split});
  d.y_test = take_rows(labels, {all.rows.begin() + split, all.rows.end()});
  return d;
}

std::map<std::string, std::int64_t> reuters::get_word_index(const std::string& path) {
  return read_word_index(path, "Reuters word index", "reuters_word_index.json");
}

std::vector<std::string> reuters::get_label_names() {
  return {"cocoa",     "grain",        "veg-oil", "earn",       "acq",      "wheat",    "copper",
          "housing",   "money-supply", "coffee",  "sugar",      "trade",    "reserves", "ship",
          "cotton",    "carcass",      "crude",   "nat-gas",    "cpi",      "money-fx", "interest",
          "gnp",       "meal-feed",    "alum",    "oilseed",    "gold",     "tin",      "strategic-metal",
          "livestock", "retail",       "ipi",     "iron-steel", "rubber",   "heat",     "jobs",
          "lei",       "bop",          "zinc",    "orange",     "pet-chem", "dlr",      "gas",
          "silver",    "wpi",          "hog",     "lead"};
}

}  // namespace keras::datasets
