#include "apps/kfit/output_files.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "libkeras/utils/error.h"

namespace kfit {

namespace fs = std::filesystem;

std::string extension_of(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  if (!ext.empty()) ext.erase(0, 1);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

void check_output_path(const std::string& path, const std::string& flag, bool creates_folders) {
  const fs::path target(path);
  if (path.empty() || target.filename().empty()) {
    throw keras::IoError(flag + " '" + path + "': expected a file name, not a folder");
  }
  std::error_code ec;
  if (fs::is_directory(target, ec)) throw keras::IoError(flag + " '" + path + "' is an existing folder, not a file");
  fs::path folder = target.parent_path();
  if (folder.empty()) folder = ".";
  if (!fs::exists(folder, ec) && !creates_folders) {
    throw keras::IoError(flag + " '" + path + "': folder '" + folder.string() + "' does not exist");
  }
  while (!fs::exists(folder, ec)) {
    const fs::path up = folder.parent_path().empty() ? fs::path(".") : folder.parent_path();
    if (up == folder) break;
    folder = up;
  }
  if (!fs::is_directory(folder, ec)) {
    throw keras::IoError(flag + " '" + path + "': '" + folder.string() + "' is not a folder");
  }
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    throw keras::IoError(flag + " '" + path + "': cannot write in folder '" + folder.string() + "'");
  }
}

}  // namespace kfit
