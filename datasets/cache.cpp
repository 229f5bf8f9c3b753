#include "datasets/cache.h"

#include <cstdlib>
#include <filesystem>

#include "datasets/datasets.h"
#include "libkeras/utils/error.h"

namespace keras::datasets {

namespace fs = std::filesystem;

std::vector<std::string> keras_cache_dirs() {
  std::vector<std::string> dirs;
  if (const char* home = std::getenv("KERAS_HOME"); home && *home)
    dirs.push_back((fs::path(home) / "datasets").string());
  if (const char* home = std::getenv("HOME"); home && *home) {
    dirs.push_back((fs::path(home) / ".keras" / "datasets").string());
  }
  // Keras falls back to /tmp/.keras when its home is not writable, so downloads may sit there.
  dirs.push_back("/tmp/.keras/datasets");
  return dirs;
}

std::vector<std::string> cache_candidates(const std::string& fname) {
  std::vector<std::string> c;
  if (fs::path(fname).has_parent_path()) c.push_back(fname);
  for (const auto& dir : keras_cache_dirs()) c.push_back((fs::path(dir) / fname).string());
  return c;
}

std::optional<std::string> first_existing(const std::vector<std::string>& candidates, bool want_dir) {
  for (const auto& c : candidates) {
    if (want_dir ? fs::is_directory(c) : fs::is_regular_file(c)) return c;
  }
  return std::nullopt;
}

std::string tried_list(const std::vector<std::string>& tried) {
  std::string s;
  for (const auto& t : tried) s += "\n  " + t;
  return s;
}

std::string find_keras_file(const std::string& fname, const std::string& dataset, const std::string& origin_name) {
  const auto candidates = cache_candidates(fname);
  if (auto found = first_existing(candidates)) return *found;
  throw IoError(dataset + " data not found. Tried:" + tried_list(candidates) + "\nPlace Keras' " + origin_name +
                " (https://storage.googleapis.com/tensorflow/tf-keras-datasets/" + origin_name +
                ") in ~/.keras/datasets/ (or $KERAS_HOME/datasets/).");
}

}  // namespace keras::datasets
