#include "libkeras/serialization/hdf5_file.h"

#include <hdf5.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <filesystem>
#include <type_traits>

#include "libkeras/serialization/file_io.h"
#include "libkeras/serialization/hdf5_sandbox.h"
#include "libkeras/utils/error.h"

namespace keras::io {

static_assert(std::is_same_v<hid_t, std::int64_t>, "H5Group stores hid_t as int64_t");

namespace {

// HDF5 prints its error stack on every failed call unless told not to; we report our own.
void init_hdf5() {
  static const bool once = [] {
    H5open();
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)once;
}

using Closer = herr_t (*)(hid_t);

std::shared_ptr<std::int64_t> own(hid_t id, Closer close) {
  return std::shared_ptr<std::int64_t>(new std::int64_t(id), [close](std::int64_t* p) {
    if (*p >= 0) close(*p);
    delete p;
  });
}

// A scoped handle for temporaries (types, spaces, attributes, property lists).
class Scoped {
 public:
  Scoped(hid_t id, Closer close) : id_(id), close_(close) {}
  ~Scoped() {
    if (id_ >= 0) close_(id_);
  }
  Scoped(const Scoped&) = delete;
  Scoped& operator=(const Scoped&) = delete;
  operator hid_t() const { return id_; }
  bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  Closer close_;
};

std::string unique_image_name() {
  static std::atomic<std::uint64_t> counter{0};
  return "libkeras-image-" + std::to_string(counter++) + ".h5";
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// H5Lexists fails (rather than answering false) when an intermediate group is missing.
bool link_exists(hid_t loc, const std::string& path) {
  std::string prefix;
  for (const std::string& part : split_path(path)) {
    prefix += (prefix.empty() ? "" : "/") + part;
    if (H5Lexists(loc, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
  }
  return !prefix.empty();
}

H5O_type_t object_type(hid_t loc, const std::string& path) {
  if (!link_exists(loc, path)) return H5O_TYPE_UNKNOWN;
  H5O_info_t info;
  if (H5Oget_info_by_name2(loc, path.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) return H5O_TYPE_UNKNOWN;
  return info.type;
}

std::vector<std::string> read_strings(hid_t attr, hid_t type, hid_t space, std::size_t n, const std::string& where) {
  std::vector<std::string> out;
  if (H5Tis_variable_str(type) > 0) {
    Scoped mem(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(mem, H5T_VARIABLE);
    H5Tset_cset(mem, H5Tget_cset(type));
    std::vector<char*> ptrs(n, nullptr);
    if (H5Aread(attr, mem, ptrs.data()) < 0) throw IoError("Cannot read string attribute " + where);
    for (char* p : ptrs) out.emplace_back(p ? p : "");
    H5Dvlen_reclaim(mem, space, H5P_DEFAULT, ptrs.data());
    return out;
  }
  std::size_t size = H5Tget_size(type);
  if (size == 0) throw IoError("String attribute " + where + " has size 0");
  std::vector<char> buffer(n * size);
  Scoped mem(H5Tcopy(type), H5Tclose);
  if (H5Aread(attr, mem, buffer.data()) < 0) throw IoError("Cannot read string attribute " + where);
  for (std::size_t i = 0; i < n; ++i) {
    const char* p = buffer.data() + i * size;
    out.emplace_back(p, strnlen(p, size));
  }
  return out;
}

// Keras' save_attributes_to_hdf5_group: numpy measures the list as a fixed-width UTF-32 array and
// splits it (np.array_split) until every part fits HDF5's 64 KiB object header.
constexpr std::size_t kObjectHeaderLimit = 64512;

std::vector<std::vector<std::string>> chunk_names(const std::vector<std::string>& values, const std::string& where) {
  std::size_t width = 0;
  for (const std::string& v : values) {
    if (v.size() > kObjectHeaderLimit) {
      throw ValueError("Cannot save " + where + ": the name '" + v.substr(0, 64) + "...' is longer than " +
                       std::to_string(kObjectHeaderLimit) + " bytes");
    }
    width = std::max(width, v.size());
  }
  std::size_t n = values.size(), chunks = 1;
  auto fits = [&](std::size_t k) { return ((n + k - 1) / k) * width * 4 <= kObjectHeaderLimit; };
  while (!fits(chunks)) ++chunks;
  std::vector<std::vector<std::string>> out(chunks);
  std::size_t pos = 0;
  for (std::size_t c = 0; c < chunks; ++c) {
    std::size_t len = n / chunks + (c < n % chunks ? 1 : 0);
    out[c].assign(values.begin() + static_cast<std::ptrdiff_t>(pos), values.begin() + static_cast<std::ptrdiff_t>(pos + len));
    pos += len;
  }
  return out;
}

hid_t file_type_of(DType dtype) {
  switch (dtype) {
    case DType::float32: return H5T_IEEE_F32LE;
    case DType::float64: return H5T_IEEE_F64LE;
    case DType::int32: return H5T_STD_I32LE;
    case DType::int64: return H5T_STD_I64LE;
    case DType::uint8: return H5T_STD_U8LE;
  }
  return H5T_IEEE_F32LE;
}

hid_t memory_type_of(DType dtype) {
  switch (dtype) {
    case DType::float32: return H5T_NATIVE_FLOAT;
    case DType::float64: return H5T_NATIVE_DOUBLE;
    case DType::int32: return H5T_NATIVE_INT32;
    case DType::int64: return H5T_NATIVE_INT64;
    case DType::uint8: return H5T_NATIVE_UINT8;
  }
  return H5T_NATIVE_FLOAT;
}

void delete_attribute_if_present(hid_t obj, const std::string& name) {
  if (H5Aexists(obj, name.c_str()) > 0) H5Adelete(obj, name.c_str());
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// H5File

bool H5File::has_signature(const std::vector<char>& bytes) {
  static const char kSignature[8] = {'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};
  return bytes.size() >= 8 && std::memcmp(bytes.data(), kSignature, 8) == 0;
}

H5File H5File::open(const std::string& path) {
  init_hdf5();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw IoError("No such file: '" + path + "'");
  if (std::filesystem::is_directory(path, ec)) throw IoError("'" + path + "' is a directory, not an HDF5 file");
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    throw IoError("'" + path + "' is not an HDF5 file (no HDF5 signature; the file is of another kind or corrupt)");
  }
  return open_clean_image(sanitized_hdf5_image([&] { return H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT); }, path),
                          path);
}

H5File H5File::open_image(const std::vector<char>& bytes, const std::string& source) {
  init_hdf5();
  if (!has_signature(bytes)) throw IoError("'" + source + "' is not an HDF5 file (no HDF5 signature)");
  auto open_in_child = [&]() -> hid_t {
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_fapl_core(fapl, 1 << 20, 0);
    hid_t id = H5Pset_file_image(fapl, const_cast<char*>(bytes.data()), bytes.size()) < 0
                   ? -1
                   : H5Fopen(unique_image_name().c_str(), H5F_ACC_RDONLY, fapl);
    H5Pclose(fapl);
    return id;
  };
  return open_clean_image(sanitized_hdf5_image(open_in_child, source), source);
}

// `bytes` were written by HDF5 itself (sanitized_hdf5_image), never taken from a file as is.
H5File H5File::open_clean_image(const std::vector<char>& bytes, const std::string& source) {
  Scoped fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_fapl_core(fapl, 1 << 20, 0);
  // HDF5 copies the image, so `bytes` need not outlive the file.
  if (H5Pset_file_image(fapl, const_cast<char*>(bytes.data()), bytes.size()) < 0) {
    throw IoError("Cannot read the HDF5 image '" + source + "'");
  }
  hid_t id = H5Fopen(unique_image_name().c_str(), H5F_ACC_RDONLY, fapl);
  if (id < 0) throw IoError("Cannot open HDF5 data '" + source + "': it is truncated or corrupt");
  return H5File(std::make_shared<const std::string>(source), own(id, H5Fclose));
}

H5File H5File::create(const std::string& source) {
  init_hdf5();
  Scoped fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_fapl_core(fapl, 1 << 20, 0);
  hid_t id = H5Fcreate(unique_image_name().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  if (id < 0) throw IoError("Cannot create an HDF5 file for '" + source + "'");
  return H5File(std::make_shared<const std::string>(source), own(id, H5Fclose));
}

H5Group H5File::root() const {
  hid_t id = H5Gopen2(*id_, "/", H5P_DEFAULT);
  if (id < 0) throw IoError("Cannot open the root group of HDF5 file '" + *source_ + "'");
  return H5Group(source_, own(id, H5Gclose), "/");
}

std::vector<char> H5File::image() const {
  if (H5Fflush(*id_, H5F_SCOPE_GLOBAL) < 0) throw IoError("Cannot finish HDF5 file '" + *source_ + "'");
  ssize_t size = H5Fget_file_image(*id_, nullptr, 0);
  if (size < 0) throw IoError("Cannot serialise HDF5 file '" + *source_ + "'");
  std::vector<char> bytes(static_cast<std::size_t>(size));
  if (H5Fget_file_image(*id_, bytes.data(), bytes.size()) != size) {
    throw IoError("Cannot serialise HDF5 file '" + *source_ + "'");
  }
  return bytes;
}

void H5File::save(const std::string& path) const { write_file_atomic(path, image()); }

// ---------------------------------------------------------------------------------------------
// H5Group

std::string H5Group::child_path(const std::string& name) const {
  std::string out = path_;
  if (name.empty()) return out;
  if (out.back() != '/') out += '/';
  out += name;
  return out;
}

// Appends rather than `"'" + ...`, which trips GCC 12's false -Wrestrict positive.
std::string H5Group::where(const std::string& name) const {
  std::string out(1, '\'');
  out.append(child_path(name)).append("' in '").append(*source_).append("'");
  return out;
}

bool H5Group::has(const std::string& name) const { return link_exists(*id_, name); }
bool H5Group::has_group(const std::string& name) const { return object_type(*id_, name) == H5O_TYPE_GROUP; }
bool H5Group::has_dataset(const std::string& name) const { return object_type(*id_, name) == H5O_TYPE_DATASET; }

std::optional<H5Group> H5Group::find_group(const std::string& name) const {
  if (!has_group(name)) return std::nullopt;
  hid_t id = H5Gopen2(*id_, name.c_str(), H5P_DEFAULT);
  if (id < 0) throw IoError("Cannot open group " + where(name) + ": the file is corrupt");
  return H5Group(source_, own(id, H5Gclose), child_path(name));
}

H5Group H5Group::group(const std::string& name) const {
  if (auto g = find_group(name)) return *g;
  throw IoError(std::string(has(name) ? "Expected a group at " : "Missing group ") + where(name));
}

H5Group H5Group::require_group(const std::string& name) {
  H5Group current = *this;
  for (const std::string& part : split_path(name)) {
    if (auto g = current.find_group(part)) {
      current = *g;
      continue;
    }
    hid_t id = H5Gcreate2(*current.id_, part.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (id < 0) throw IoError("Cannot create group " + current.where(part));
    current = H5Group(source_, own(id, H5Gclose), current.child_path(part));
  }
  return current;
}

std::vector<std::string> H5Group::children() const {
  std::vector<std::string> names;
  auto visit = [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
  };
  if (H5Literate(*id_, H5_INDEX_NAME, H5_ITER_INC, nullptr, visit, &names) < 0) {
    throw IoError("Cannot list group '" + path_ + "' in '" + *source_ + "': the file is corrupt");
  }
  return names;
}

bool H5Group::has_attribute(const std::string& name) const { return H5Aexists(*id_, name.c_str()) > 0; }

std::optional<std::string> H5Group::find_string_attribute(const std::string& name) const {
  if (!has_attribute(name)) return std::nullopt;
  return string_attribute(name);
}

std::string H5Group::string_attribute(const std::string& name) const {
  std::vector<std::string> values = string_list_attribute(name);
  if (values.size() != 1) {
    throw IoError("Attribute '" + name + "' of " + where("") + " should be one string, found " +
                  std::to_string(values.size()));
  }
  return values[0];
}

std::vector<std::string> H5Group::string_list_attribute(const std::string& name) const {
  std::string at = "'" + name + "' of '" + path_ + "' in '" + *source_ + "'";
  if (!has_attribute(name)) {
    if (!has_attribute(name + "0")) throw IoError("Missing attribute " + at);
    std::vector<std::string> all;
    for (int k = 0; has_attribute(name + std::to_string(k)); ++k) {
      for (std::string& s : string_list_attribute(name + std::to_string(k))) all.push_back(std::move(s));
    }
    return all;
  }
  Scoped attr(H5Aopen(*id_, name.c_str(), H5P_DEFAULT), H5Aclose);
  if (!attr.ok()) throw IoError("Cannot open attribute " + at);
  Scoped type(H5Aget_type(attr), H5Tclose);
  Scoped space(H5Aget_space(attr), H5Sclose);
  if (!type.ok() || !space.ok()) throw IoError("Cannot read attribute " + at + ": the file is corrupt");
  hssize_t n = H5Sget_simple_extent_npoints(space);
  if (n < 0 || H5Sget_simple_extent_ndims(space) > 1) throw IoError("Attribute " + at + " is not a list");
  H5T_class_t cls = H5Tget_class(type);
  if (cls == H5T_STRING) return read_strings(attr, type, space, static_cast<std::size_t>(n), at);
  if (n == 0 && (cls == H5T_FLOAT || cls == H5T_INTEGER)) return {};
  throw IoError("Attribute " + at + " is not a string or list of strings");
}

void H5Group::set_string_attribute(const std::string& name, const std::string& value) {
  Scoped type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  Scoped space(H5Screate(H5S_SCALAR), H5Sclose);
  delete_attribute_if_present(*id_, name);
  Scoped attr(H5Acreate2(*id_, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  const char* p = value.c_str();
  if (!attr.ok() || H5Awrite(attr, type, &p) < 0) throw IoError("Cannot write attribute '" + name + "' of " + where(""));
}

void H5Group::set_string_list_attribute(const std::string& name, const std::vector<std::string>& values) {
  delete_attribute_if_present(*id_, name);
  if (values.empty()) {
    hsize_t zero = 0;
    Scoped space(H5Screate_simple(1, &zero, nullptr), H5Sclose);
    Scoped attr(H5Acreate2(*id_, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    if (!attr.ok()) throw IoError("Cannot write attribute '" + name + "' of " + where(""));
    return;
  }
  std::vector<std::vector<std::string>> chunks = chunk_names(values, "attribute '" + name + "' of " + where(""));
  for (std::size_t c = 0; c < chunks.size(); ++c) {
    std::string attr_name = chunks.size() == 1 ? name : name + std::to_string(c);
    Scoped type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type, H5T_VARIABLE);
    H5Tset_cset(type, H5T_CSET_UTF8);
    hsize_t n = chunks[c].size();
    Scoped space(H5Screate_simple(1, &n, nullptr), H5Sclose);
    delete_attribute_if_present(*id_, attr_name);
    Scoped attr(H5Acreate2(*id_, attr_name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    std::vector<const char*> ptrs;
    for (const std::string& s : chunks[c]) ptrs.push_back(s.c_str());
    if (!attr.ok() || H5Awrite(attr, type, ptrs.data()) < 0) {
      throw IoError("Cannot write attribute '" + attr_name + "' of " + where(""));
    }
  }
}

Shape H5Group::dataset_shape(const std::string& name) const {
  if (!has_dataset(name)) throw IoError("Missing dataset " + where(name));
  Scoped dset(H5Dopen2(*id_, name.c_str(), H5P_DEFAULT), H5Dclose);
  Scoped space(H5Dget_space(dset), H5Sclose);
  int rank = space.ok() ? H5Sget_simple_extent_ndims(space) : -1;
  if (rank < 0 || rank > 32) throw IoError("Cannot read the shape of dataset " + where(name) + ": the file is corrupt");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  std::vector<std::int64_t> shape(dims.begin(), dims.end());
  return Shape(shape);
}

Tensor H5Group::read_dataset(const std::string& name) const {
  Shape shape = dataset_shape(name);
  Scoped dset(H5Dopen2(*id_, name.c_str(), H5P_DEFAULT), H5Dclose);
  Scoped type(H5Dget_type(dset), H5Tclose);
  if (!dset.ok() || !type.ok()) throw IoError("Cannot open dataset " + where(name) + ": the file is corrupt");
  // A corrupt header can claim any size; refuse what the file could not plausibly hold.
  hsize_t file_size = 0;
  hid_t file = H5Iget_file_id(dset);
  H5Fget_filesize(file, &file_size);
  H5Fclose(file);
  std::size_t type_size = H5Tget_size(type);
  double claimed = static_cast<double>(shape.size()) * static_cast<double>(type_size);
  if (claimed > 1024.0 * static_cast<double>(file_size) + (1 << 20)) {
    throw IoError("Dataset " + where(name) + " claims " + std::to_string(shape.size()) +
                  " elements, more than the file can hold: the file is corrupt");
  }
  bool bfloat16 = false;
  if (H5Aexists(dset, "dtype") > 0) {
    Scoped attr(H5Aopen(dset, "dtype", H5P_DEFAULT), H5Aclose);
    Scoped atype(H5Aget_type(attr), H5Tclose);
    Scoped aspace(H5Aget_space(attr), H5Sclose);
    if (H5Tget_class(atype) == H5T_STRING) {
      auto v = read_strings(attr, atype, aspace, 1, "'dtype' of " + where(name));
      bfloat16 = v.size() == 1 && v[0] == "bfloat16";
    }
  }
  H5T_class_t cls = H5Tget_class(type);
  if (bfloat16) {
    if (type_size != 2) throw IoError("bfloat16 dataset " + where(name) + " does not have 2-byte elements");
    std::vector<std::uint16_t> raw(static_cast<std::size_t>(shape.size()));
    Scoped mem(H5Tcopy(type), H5Tclose);
    if (H5Dread(dset, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0) {
      throw IoError("Cannot read dataset " + where(name) + ": the file is truncated or corrupt");
    }
    std::vector<float> values(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
      std::uint32_t bits = static_cast<std::uint32_t>(raw[i]) << 16;
      std::memcpy(&values[i], &bits, 4);
    }
    return Tensor::from_vector(values, shape);
  }
  DType dtype;
  if (cls == H5T_FLOAT) {
    dtype = type_size <= 4 ? float32 : float64;
  } else if (cls == H5T_INTEGER) {
    bool is_signed = H5Tget_sign(type) == H5T_SGN_2;
    if (!is_signed && type_size == 1) dtype = uint8;
    else if (type_size < 4 || (is_signed && type_size == 4)) dtype = int32;
    else dtype = int64;
  } else {
    throw IoError("Dataset " + where(name) + " has an unsupported element type (not a float or integer)");
  }
  Tensor out(shape, dtype);
  if (shape.size() > 0 &&
      H5Dread(dset, memory_type_of(dtype), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.raw_data()) < 0) {
    throw IoError("Cannot read dataset " + where(name) + ": the file is truncated or corrupt");
  }
  return out;
}

void H5Group::write_dataset(const std::string& name, const Tensor& value) {
  Tensor host = value.to(kCpu);
  Scoped space(host.rank() == 0 ? H5Screate(H5S_SCALAR) : [&] {
    std::vector<hsize_t> dims(host.shape().dims().begin(), host.shape().dims().end());
    return H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
  }(), H5Sclose);
  if (has(name)) throw IoError("Dataset " + where(name) + " already exists");
  Scoped lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
  H5Pset_create_intermediate_group(lcpl, 1);
  Scoped dset(H5Dcreate2(*id_, name.c_str(), file_type_of(host.dtype()), space, lcpl, H5P_DEFAULT, H5P_DEFAULT),
              H5Dclose);
  if (!dset.ok()) throw IoError("Cannot create dataset " + where(name));
  if (host.size() > 0 &&
      H5Dwrite(dset, memory_type_of(host.dtype()), H5S_ALL, H5S_ALL, H5P_DEFAULT, host.raw_data()) < 0) {
    throw IoError("Cannot write dataset " + where(name));
  }
}

}  // namespace keras::io
