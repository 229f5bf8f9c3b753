#include "datasets/npz_utils.h"

#include <cstring>
#include <optional>
#include <string_view>

#include "datasets/pickle_reader.h"
#include "libkeras/serialization/file_io.h"
#include "libkeras/serialization/npy.h"
#include "libkeras/utils/error.h"

namespace keras::datasets {

namespace {

// Where an object array's pickle starts: after the .npy magic, version, header length and header.
// nullopt for a numeric array, which parse_npy reads. Mirrors numpy's read_array, which tries the
// numeric path first and only unpickles a '|O' descr.
std::optional<std::size_t> object_array_offset(const std::vector<char>& bytes, const std::string& source) {
  if (bytes.size() < 10 || std::memcmp(bytes.data(), "\x93NUMPY", 6) != 0) {
    throw IoError(source + ": not a .npy file (missing the \\x93NUMPY signature)");
  }
  const auto* u = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t header_len = u[8] | (std::size_t{u[9]} << 8), offset = 10;
  if (u[6] == 2 || u[6] == 3) {
    if (bytes.size() < 12) throw IoError(source + ": truncated .npy header");
    header_len |= (std::size_t{u[10]} << 16) | (std::size_t{u[11]} << 24);
    offset = 12;
  }
  if (bytes.size() - offset < header_len) throw IoError(source + ": truncated .npy header");
  const std::string_view header(bytes.data() + offset, header_len);
  if (header.find("'descr': '|O'") == std::string_view::npos) return std::nullopt;
  return offset + header_len;
}

std::vector<char> zip_bytes(const std::string& path) {
  std::vector<char> bytes = io::read_file(path);
  if (!io::has_zip_signature(bytes)) {
    throw IoError("Cannot open '" + path + "' as an .npz archive: it is not a zip file");
  }
  return bytes;
}

}  // namespace

DatasetNpz::DatasetNpz(const std::string& path) : path_(path), zip_(zip_bytes(path), path) {}

std::vector<char> DatasetNpz::member(const std::string& key) const {
  auto bytes = zip_.read(key + ".npy");
  if (!bytes) throw IoError("'" + path_ + "' has no array '" + key + "'; is it the file Keras downloads?");
  return std::move(*bytes);
}

Tensor DatasetNpz::array(const std::string& key) const {
  const std::string source = path_ + ":" + key + ".npy";
  std::vector<char> bytes = member(key);
  if (object_array_offset(bytes, source)) throw IoError(source + " is an object array; a numeric array was expected");
  return io::parse_npy(bytes, source);
}

Sequences DatasetNpz::sequences(const std::string& key) const {
  const std::string source = path_ + ":" + key + ".npy";
  std::vector<char> bytes = member(key);
  const auto offset = object_array_offset(bytes, source);
  if (!offset) throw IoError(source + " is a numeric array; an object array of int lists was expected");
  const pickle::Unpickled u =
      pickle::load(std::string_view(bytes.data() + *offset, bytes.size() - *offset), source, *offset);
  const pickle::NdArray& array = u.ndarray(u.root(), "the pickled array");
  if (array.descr != "|O" || array.shape.size() != 1) {
    throw IoError(source + ": expected a 1-D object array, found dtype " + array.descr + " of rank " +
                  std::to_string(array.shape.size()));
  }
  Sequences out;
  out.reserve(array.objects.size());
  for (std::size_t i = 0; i < array.objects.size(); ++i) {
    const std::string what = "element " + std::to_string(i);
    const auto& items = u.items(array.objects[i], what);
    std::vector<std::int64_t>& seq = out.emplace_back();
    seq.reserve(items.size());
    for (pickle::Value w : items) seq.push_back(u.integer(w, "a word of " + what));
  }
  return out;
}

Tensor take_rows(const Tensor& t, const std::vector<std::int64_t>& indices) {
  if (t.rank() == 0) throw ShapeError("take_rows needs an array with a first axis, got a scalar");
  const std::int64_t rows = t.dim(0);
  const std::size_t row_bytes = rows ? t.nbytes() / static_cast<std::size_t>(rows) : 0;
  std::vector<std::int64_t> dims = t.shape().dims();
  dims[0] = static_cast<std::int64_t>(indices.size());
  Tensor out(Shape(dims), t.dtype());
  const auto* src = static_cast<const char*>(t.raw_data());
  auto* dst = static_cast<char*>(out.raw_data());
  for (std::size_t i = 0; i < indices.size(); ++i) {
    std::memcpy(dst + i * row_bytes, src + static_cast<std::size_t>(indices[i]) * row_bytes, row_bytes);
  }
  return out;
}

}  // namespace keras::datasets
