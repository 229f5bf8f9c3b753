#pragma once
// Points KERAS_HOME and HOME at a fresh temporary folder for one test, so the loaders see only the
// files the test writes there (and never a real ~/.keras/datasets), and restores both after.

#include <stdlib.h>

#include <filesystem>
#include <optional>
#include <string>

#include "test/support/files.h"

namespace keras::testing {

class KerasHome {
 public:
  KerasHome() : saved_home_(get("HOME")), saved_keras_home_(get("KERAS_HOME")) {
    setenv("KERAS_HOME", dir_.path().c_str(), 1);
    setenv("HOME", dir_.path().c_str(), 1);
    std::filesystem::create_directories(datasets());
  }
  ~KerasHome() {
    restore("HOME", saved_home_);
    restore("KERAS_HOME", saved_keras_home_);
  }
  KerasHome(const KerasHome&) = delete;
  KerasHome& operator=(const KerasHome&) = delete;

  /// $KERAS_HOME/datasets, where Keras' get_file() puts downloads.
  std::string datasets() const { return dir_ / "datasets"; }
  std::string operator/(const std::string& name) const { return datasets() + "/" + name; }

 private:
  static std::optional<std::string> get(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::optional<std::string>(v) : std::nullopt;
  }
  static void restore(const char* name, const std::optional<std::string>& value) {
    if (value) {
      setenv(name, value->c_str(), 1);
    } else {
      unsetenv(name);
    }
  }
  TempDir dir_;
  std::optional<std::string> saved_home_, saved_keras_home_;
};

}  // namespace keras::testing
