#pragma once
// Finding the files Keras' get_file() downloads into its cache (keras/src/utils/file_utils.py).
// Internal to the loaders; keras_cache_dirs() itself is public (datasets.h).

#include <optional>
#include <string>
#include <vector>

namespace keras::datasets {

/// Where get_file(fname) would have put `fname`, in search order: `fname` itself when it names a
/// folder (an explicit path), then fname under each cache folder.
std::vector<std::string> cache_candidates(const std::string& fname);

/// The first candidate that is a regular file (or, with want_dir, a folder).
std::optional<std::string> first_existing(const std::vector<std::string>& candidates, bool want_dir = false);

/// "\n  a\n  b": the tried paths for a not-found message.
std::string tried_list(const std::vector<std::string>& tried);

/// The first of cache_candidates(fname) that exists, else an IoError listing them and saying where
/// to put Keras' file, downloaded from https://storage.googleapis.com/tensorflow/tf-keras-datasets/<origin_name>.
std::string find_keras_file(const std::string& fname, const std::string& dataset, const std::string& origin_name);

}  // namespace keras::datasets
