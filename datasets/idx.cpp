#include "datasets/idx.h"

#include <zlib.h>

#include <cstring>

#include "libkeras/utils/error.h"

namespace keras::datasets {

namespace {

// gzopen/gzread read gzip and plain files alike.
class GzFile {
 public:
  explicit GzFile(const std::string& path) : path_(path), file_(gzopen(path.c_str(), "rb")) {
    if (!file_) throw IoError("Cannot open '" + path + "': " + std::strerror(errno));
  }
  ~GzFile() { gzclose(file_); }
  GzFile(const GzFile&) = delete;
  GzFile& operator=(const GzFile&) = delete;

  /// Reads exactly `n` bytes or throws.
  void read(void* dst, std::size_t n, const char* what) {
    auto* p = static_cast<char*>(dst);
    while (n > 0) {
      unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(n, 1u << 30));
      int got = gzread(file_, p, chunk);
      if (got < 0) {
        int code = 0;
        throw IoError("'" + path_ + "' is corrupt (" + gzerror(file_, &code) + ") while reading its " + what);
      }
      if (got == 0) throw IoError("'" + path_ + "' is truncated: it ends inside its " + std::string(what));
      p += got;
      n -= static_cast<std::size_t>(got);
    }
  }

 private:
  std::string path_;
  gzFile file_;
};

std::uint32_t big_endian(const unsigned char* b) {
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
}

}  // namespace

Tensor read_idx(const std::string& path) {
  GzFile file(path);
  unsigned char magic[4];
  file.read(magic, 4, "header");
  if (magic[0] != 0 || magic[1] != 0 || magic[2] != 0x08 || magic[3] < 1 || magic[3] > 4) {
    throw IoError("'" + path + "' is not an unsigned-byte IDX file (magic " + std::to_string(big_endian(magic)) +
                  ", expected 0x0801-0x0804)");
  }
  std::vector<std::int64_t> dims;
  for (int i = 0; i < magic[3]; ++i) {
    unsigned char d[4];
    file.read(d, 4, "header");
    dims.push_back(big_endian(d));
  }
  Shape shape(dims);
  if (shape.size() > (std::int64_t{1} << 34)) throw IoError("'" + path + "' declares an implausible shape " + shape.to_string());
  Tensor t(shape, uint8);
  file.read(t.raw_data(), static_cast<std::size_t>(shape.size()), "data");
  return t;
}

}  // namespace keras::datasets
