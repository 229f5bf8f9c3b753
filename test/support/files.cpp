#include "test/support/files.h"

#include <sys/wait.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace keras::testing {

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "libkeras-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void write_bytes(const std::string& path, const std::vector<char>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::vector<char> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_idx(const std::string& path, const Tensor& data, bool gz) {
  std::vector<char> bytes = {0, 0, 0x08, static_cast<char>(data.rank())};
  for (int i = 0; i < data.rank(); ++i) {
    auto d = static_cast<std::uint32_t>(data.dim(i));
    for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<char>((d >> shift) & 0xFF));
  }
  const char* p = static_cast<const char*>(data.raw_data());
  bytes.insert(bytes.end(), p, p + data.nbytes());
  if (!gz) {
    write_bytes(path, bytes);
    return;
  }
  gzFile f = gzopen(path.c_str(), "wb");
  gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(f);
}

void write_idx_folder(const std::string& folder, const Tensor& x_train, const Tensor& y_train, const Tensor& x_test,
                      const Tensor& y_test, bool gz) {
  std::filesystem::create_directories(folder);
  std::string ext = gz ? ".gz" : "";
  write_idx(folder + "/train-images-idx3-ubyte" + ext, x_train, gz);
  write_idx(folder + "/train-labels-idx1-ubyte" + ext, y_train, gz);
  write_idx(folder + "/t10k-images-idx3-ubyte" + ext, x_test, gz);
  write_idx(folder + "/t10k-labels-idx1-ubyte" + ext, y_test, gz);
}

CommandResult run_command(const std::string& command) {
  std::string output;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return {-1, ""};
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) output.append(buf, n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

}  // namespace keras::testing
