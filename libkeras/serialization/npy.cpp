#include "libkeras/serialization/npy.h"

#include <charconv>
#include <cstring>
#include <regex>

#include "libkeras/serialization/file_io.h"
#include "libkeras/serialization/zip_archive.h"
#include "libkeras/utils/error.h"

namespace keras::io {

namespace {

DType dtype_of_descr(const std::string& descr, const std::string& source) {
  if (descr == "|u1" || descr == "<u1" || descr == "|b1") return uint8;
  if (descr == "<i4") return int32;
  if (descr == "<i8") return int64;
  if (descr == "<f4") return float32;
  if (descr == "<f8") return float64;
  throw IoError(source + ": unsupported .npy dtype '" + descr +
                "' (supported: uint8, bool, little-endian int32, int64, float32, float64)");
}

std::string descr_of(DType dtype) {
  switch (dtype) {
    case DType::uint8: return "|u1";
    case DType::int32: return "<i4";
    case DType::int64: return "<i8";
    case DType::float32: return "<f4";
    case DType::float64: return "<f8";
  }
  return "";
}

}  // namespace

Tensor parse_npy(const std::vector<char>& bytes, const std::string& source) {
  static const char magic[] = "\x93NUMPY";
  if (bytes.size() < 10 || std::memcmp(bytes.data(), magic, 6) != 0) {
    throw IoError(source + ": not a .npy file (missing the \\x93NUMPY signature)");
  }
  const auto* u = reinterpret_cast<const unsigned char*>(bytes.data());
  int major = u[6];
  std::size_t header_len, offset;
  if (major == 1) {
    header_len = u[8] | (static_cast<std::size_t>(u[9]) << 8);
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) throw IoError(source + ": truncated .npy header");
    header_len = u[8] | (static_cast<std::size_t>(u[9]) << 8) | (static_cast<std::size_t>(u[10]) << 16) |
                 (static_cast<std::size_t>(u[11]) << 24);
    offset = 12;
  } else {
    throw IoError(source + ": unsupported .npy format version " + std::to_string(major));
  }
  if (bytes.size() < offset + header_len) throw IoError(source + ": truncated .npy header");
  std::string header(bytes.data() + offset, header_len);
  std::smatch m;
  static const std::regex descr_re(R"('descr'\s*:\s*'([^']*)')");
  static const std::regex fortran_re(R"('fortran_order'\s*:\s*(True|False))");
  static const std::regex shape_re(R"('shape'\s*:\s*\(([^)]*)\))");
  if (!std::regex_search(header, m, descr_re)) throw IoError(source + ": .npy header has no 'descr'");
  DType dtype = dtype_of_descr(m[1], source);
  if (!std::regex_search(header, m, fortran_re)) throw IoError(source + ": .npy header has no 'fortran_order'");
  if (m[1] == "True") throw IoError(source + ": Fortran-ordered .npy arrays are not supported; save in C order");
  if (!std::regex_search(header, m, shape_re)) throw IoError(source + ": .npy header has no 'shape'");
  std::vector<std::int64_t> dims;
  std::string shape_text = m[1];
  static const std::regex dim_re(R"(\d+)");
  for (auto it = std::sregex_iterator(shape_text.begin(), shape_text.end(), dim_re); it != std::sregex_iterator(); ++it) {
    std::int64_t d = 0;
    const std::string digits = it->str();
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), d);
    if (error != std::errc() || end != digits.data() + digits.size()) {
      throw IoError(source + ": .npy shape dimension " + digits.substr(0, 40) + " is out of range");
    }
    dims.push_back(d);
  }
  Shape shape(dims);
  // Compared as element counts, so a huge claimed shape cannot overflow the byte count.
  const auto elements = static_cast<std::size_t>(shape.size());
  const std::size_t data_offset = offset + header_len, available = bytes.size() - data_offset;
  if (elements > available / dtype_size(dtype)) {
    throw IoError(source + ": truncated .npy data: shape " + shape.to_string() + " needs more than the " +
                  std::to_string(available) + " bytes present");
  }
  const std::size_t data_bytes = elements * dtype_size(dtype);
  Tensor t(shape, dtype);
  if (data_bytes) std::memcpy(t.raw_data(), bytes.data() + data_offset, data_bytes);
  return t;
}

std::vector<char> encode_npy(const Tensor& tensor_in) {
  Tensor tensor = tensor_in.to(kCpu);
  std::string shape = "(";
  for (int i = 0; i < tensor.rank(); ++i) shape += (i ? ", " : "") + std::to_string(tensor.dim(i));
  shape += tensor.rank() == 1 ? ",)" : ")";
  std::string header = "{'descr': '" + descr_of(tensor.dtype()) + "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Pad with spaces so the data starts on a 64-byte boundary, ending with '\n' (numpy's layout).
  std::size_t total = 10 + header.size() + 1;
  header += std::string((64 - total % 64) % 64, ' ') + "\n";
  std::vector<char> out = {'\x93', 'N', 'U', 'M', 'P', 'Y', 1, 0};
  out.push_back(static_cast<char>(header.size() & 0xFF));
  out.push_back(static_cast<char>((header.size() >> 8) & 0xFF));
  out.insert(out.end(), header.begin(), header.end());
  const char* data = static_cast<const char*>(tensor.raw_data());
  out.insert(out.end(), data, data + tensor.nbytes());
  return out;
}

Tensor load_npy(const std::string& path) { return parse_npy(read_file(path), path); }

void save_npy(const std::string& path, const Tensor& tensor) { write_file_atomic(path, encode_npy(tensor)); }

std::map<std::string, Tensor> load_npz(const std::string& path) {
  std::vector<char> bytes = read_file(path);
  if (!has_zip_signature(bytes)) throw IoError("Cannot open '" + path + "' as an .npz archive: it is not a zip file");
  ZipReader zip(std::move(bytes), path);
  std::map<std::string, Tensor> arrays;
  for (const std::string& member : zip.names()) {
    std::string name = member;
    if (name.size() > 4 && name.substr(name.size() - 4) == ".npy") name = name.substr(0, name.size() - 4);
    arrays[name] = parse_npy(*zip.read(member), path + ":" + member);
  }
  return arrays;
}

void save_npz(const std::string& path, const std::map<std::string, Tensor>& arrays) {
  std::vector<std::vector<char>> encoded;
  encoded.reserve(arrays.size());
  std::vector<std::pair<std::string, const std::vector<char>*>> members;
  for (const auto& [name, tensor] : arrays) {
    if (name.empty() || name.find('/') != std::string::npos) {
      throw ValueError("save_npz('" + path + "'): invalid array name '" + name + "'");
    }
    encoded.push_back(encode_npy(tensor));
    members.emplace_back(name + ".npy", &encoded.back());
  }
  write_file_atomic(path, stored_zip(members, path));  // np.savez stores members uncompressed
}

}  // namespace keras::io
