#pragma once
// The steps imdb.load_data and reuters.load_data share, in Keras' order: shuffle, prepend
// start_char and offset by index_from, drop long sequences, then cap the vocabulary.
// Internal to those loaders.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "datasets/npz_utils.h"

namespace keras::datasets {

/// The word-index arguments of imdb.load_data and reuters.load_data.
struct VocabularyArgs {
  std::optional<std::int64_t> num_words;
  std::int64_t skip_top;
  std::optional<std::int64_t> maxlen;
  std::optional<std::int64_t> start_char;
  std::optional<std::int64_t> oov_char;
  std::int64_t index_from;
};

/// Sequences with the file rows they came from, so labels follow them through shuffle and filter.
struct Rows {
  Sequences x;
  std::vector<std::int64_t> rows;
};

/// xs[indices] (numpy fancy indexing) with `indices` kept as the rows.
Rows take(Sequences& xs, std::vector<std::int64_t> indices);

/// [start_char] + [w + index_from for w in x] for every sequence (no start_char when it is unset).
void add_start_and_offset(Rows& r, const VocabularyArgs& args);

/// Keras' remove_long_seq: keeps the sequences with len(x) < maxlen (and their rows).
void remove_long_seq(std::int64_t maxlen, Rows& r);

/// Replaces words outside [skip_top, num_words) by oov_char, or drops them when oov_char is unset.
/// num_words unset (or 0) means the largest word of all `parts`, which is thereby out of range
/// itself, exactly as in Keras.
void limit_vocabulary(const std::vector<Rows*>& parts, const VocabularyArgs& args);

/// A get_word_index() JSON file (word -> rank) found like Keras' get_file(fname).
std::map<std::string, std::int64_t> read_word_index(const std::string& fname, const std::string& dataset,
                                                    const std::string& origin_name);

}  // namespace keras::datasets
