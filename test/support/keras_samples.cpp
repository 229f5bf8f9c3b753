#include "test/support/keras_samples.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace keras::testing {

std::string source_root() { return KERAS_SOURCE_ROOT; }
std::string build_root() { return KERAS_BUILD_ROOT; }

std::optional<std::string> keras_samples_dir() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("KERAS_SAMPLES_DIR"); env && fs::is_directory(env)) return std::string(env);
  fs::path p = fs::path(KERAS_SOURCE_ROOT) / ".." / "shared" / "keras-samples";
  if (fs::is_directory(p)) return fs::canonical(p).string();
  return std::nullopt;
}

std::optional<std::string> require_keras_samples(const std::string& what) {
  auto dir = keras_samples_dir();
  if (!dir) {
    WARN("SKIPPED " << what << ": ../shared/keras-samples not found next to the repository "
                    "(set KERAS_SAMPLES_DIR to its location)");
  }
  return dir;
}

Json read_json(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  return Json::parse(in);
}

}  // namespace keras::testing
