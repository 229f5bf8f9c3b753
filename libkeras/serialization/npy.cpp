#include "libkeras/serialization/npy.h"

#include <zip.h>

#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <regex>

#include "libkeras/serialization/file_io.h"
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
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (!archive) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, error);
    std::string msg = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    throw IoError("Cannot open '" + path + "' as an .npz (zip) archive: " + msg);
  }
  std::map<std::string, Tensor> arrays;
  try {
    std::error_code ec;
    const std::uintmax_t archive_size = std::filesystem::file_size(path, ec);
    if (ec) throw IoError("Cannot read the size of '" + path + "': " + ec.message());
    zip_int64_t entries = zip_get_num_entries(archive, 0);
    for (zip_int64_t i = 0; i < entries; ++i) {
      zip_stat_t st;
      if (zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &st) != 0) {
        throw IoError(path + ": cannot read entry " + std::to_string(i) + ": " + zip_strerror(archive));
      }
      std::string name = st.name;
      // Deflate cannot shrink data more than ~1032:1; a larger claimed size is a zip bomb
      // or a corrupt directory, and must not become a huge allocation. Divided rather than
      // multiplied: a corrupt comp_size near 2^64 would wrap the product to a small bound.
      if ((st.valid & ZIP_STAT_SIZE) == 0 || (st.valid & ZIP_STAT_COMP_SIZE) == 0 || st.comp_size > archive_size ||
          (st.size > 4096 && (st.size - 4096) / 1100 > st.comp_size)) {
        throw IoError(path + ": entry '" + name + "' claims an implausible size (corrupt archive)");
      }
      zip_file_t* f = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
      if (!f) throw IoError(path + ": cannot open entry '" + name + "': " + zip_strerror(archive));
      std::vector<char> bytes(static_cast<std::size_t>(st.size));
      zip_int64_t got = zip_fread(f, bytes.data(), st.size);
      zip_fclose(f);
      if (got < 0 || static_cast<zip_uint64_t>(got) != st.size) {
        throw IoError(path + ": entry '" + name + "' is truncated or corrupt");
      }
      if (name.size() > 4 && name.substr(name.size() - 4) == ".npy") name = name.substr(0, name.size() - 4);
      arrays[name] = parse_npy(bytes, path + ":" + st.name);
    }
  } catch (...) {
    zip_discard(archive);
    throw;
  }
  zip_discard(archive);
  return arrays;
}

void save_npz(const std::string& path, const std::map<std::string, Tensor>& arrays) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int error = 0;
  zip_t* archive = zip_open(tmp.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (!archive) throw IoError("Cannot create '" + tmp + "' (for '" + path + "')");
  // libzip reads the buffers at zip_close(), so they must outlive the loop.
  std::vector<std::vector<char>> buffers;
  buffers.reserve(arrays.size());
  try {
    for (const auto& [name, tensor] : arrays) {
      if (name.empty() || name.find('/') != std::string::npos) {
        throw ValueError("save_npz('" + path + "'): invalid array name '" + name + "'");
      }
      buffers.push_back(encode_npy(tensor));
      zip_source_t* src = zip_source_buffer(archive, buffers.back().data(), buffers.back().size(), 0);
      zip_int64_t index = src ? zip_file_add(archive, (name + ".npy").c_str(), src, ZIP_FL_ENC_UTF_8) : -1;
      if (index < 0) {
        if (src) zip_source_free(src);
        throw IoError("Cannot add '" + name + ".npy' to '" + path + "': " + zip_strerror(archive));
      }
      // np.savez stores members uncompressed.
      zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    }
  } catch (...) {
    zip_discard(archive);
    std::remove(tmp.c_str());
    throw;
  }
  if (zip_close(archive) != 0) {
    std::string msg = zip_strerror(archive);
    zip_discard(archive);
    std::remove(tmp.c_str());
    throw IoError("Cannot write '" + path + "': " + msg);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    std::remove(tmp.c_str());
    throw IoError("Cannot move '" + tmp + "' to '" + path + "': " + std::strerror(err));
  }
}

}  // namespace keras::io
