#include "libkeras/serialization/hdf5_file.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <type_traits>

#include "libkeras/serialization/file_io.h"
#include "libkeras/serialization/hdf5_internal.h"
#include "libkeras/serialization/hdf5_sandbox.h"
#include "libkeras/utils/error.h"

namespace keras::io {

static_assert(std::is_same_v<hid_t, std::int64_t>, "H5Group stores hid_t as int64_t");

namespace {

using detail::Closer;
using detail::read_strings;
using detail::Scoped;

// HDF5 prints its error stack on every failed call unless told not to; we report our own.
void init_hdf5() {
  static const bool once = [] {
    H5open();
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)once;
}

std::shared_ptr<std::int64_t> own(hid_t id, Closer close) {
  return std::shared_ptr<std::int64_t>(new std::int64_t(id), [close](std::int64_t* p) {
    if (*p >= 0) close(*p);
    delete p;
  });
}

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
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) throw IoError("Cannot read the size of '" + path + "': " + ec.message());
  return open_clean(sanitize_hdf5([&] { return H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT); }, path,
                                   static_cast<std::uint64_t>(size)),
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
  return open_clean(sanitize_hdf5(open_in_child, source, bytes.size()), source);
}

// `copy` was written by HDF5 itself (sanitize_hdf5), never taken from a file as is. Its name is
// removed at once; HDF5's open descriptor keeps the data until the file is closed.
H5File H5File::open_clean(SanitizedHdf5 copy, const std::string& source) {
  hid_t id = H5Fopen(copy.path().c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  copy.release();
  if (id < 0) throw IoError("Cannot open HDF5 data '" + source + "': it is truncated or corrupt");
  return H5File(std::make_shared<const std::string>(source), own(id, H5Fclose));
}

H5File H5File::create(const std::string& source) {
  init_hdf5();
  Scoped fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  // Weight files run to hundreds of MB: small growth steps would copy them over and over.
  H5Pset_fapl_core(fapl, 8 << 20, 0);
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

Shape H5Group::dataset_shape(const std::string& name) const {
  if (!has_dataset(name)) throw IoError("Missing dataset " + where(name));
  Scoped dset(H5Dopen2(*id_, name.c_str(), H5P_DEFAULT), H5Dclose);
  Scoped space(H5Dget_space(dset), H5Sclose);
  // A null dataspace holds no value at all (h5py's Empty); Keras never writes one.
  H5S_class_t kind = space.ok() ? H5Sget_simple_extent_type(space) : H5S_NO_CLASS;
  if (kind != H5S_SIMPLE && kind != H5S_SCALAR) {
    throw IoError("Dataset " + where(name) + " has no array shape (a null or unknown dataspace)");
  }
  int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0 || rank > 32) throw IoError("Cannot read the shape of dataset " + where(name) + ": the file is corrupt");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (H5Sget_simple_extent_dims(space, dims.data(), nullptr) < 0) {
    throw IoError("Cannot read the shape of dataset " + where(name) + ": the file is corrupt");
  }
  // Dimensions become int64 and their product the element count: both must fit, or a corrupt
  // header turns into a negative or wrapped shape.
  constexpr hsize_t kMax = static_cast<hsize_t>(INT64_MAX);
  hsize_t count = 1;
  for (hsize_t d : dims) {
    if (d > kMax || (d != 0 && count > kMax / d)) {
      throw IoError("Dataset " + where(name) + " claims a shape whose element count overflows: the file is corrupt");
    }
    count *= d;
  }
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
    // H5Aread writes every element, so the buffer must hold all of them; only exactly one
    // string "bfloat16" marks Keras' bfloat16 storage, anything else is an ordinary dataset.
    hssize_t n = aspace.ok() ? H5Sget_simple_extent_npoints(aspace) : -1;
    if (attr.ok() && atype.ok() && n == 1 && H5Tget_class(atype) == H5T_STRING) {
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
