// H5Group's string attributes: every spelling real Keras writers used, and Keras' chunking of
// long name lists.

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "libkeras/serialization/hdf5_file.h"
#include "libkeras/serialization/hdf5_internal.h"
#include "libkeras/utils/error.h"

namespace keras::io {

namespace detail {

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
  if (n > SIZE_MAX / size) throw IoError("String attribute " + where + " claims an impossible size");
  std::vector<char> buffer(n * size);
  Scoped mem(H5Tcopy(type), H5Tclose);
  if (H5Aread(attr, mem, buffer.data()) < 0) throw IoError("Cannot read string attribute " + where);
  for (std::size_t i = 0; i < n; ++i) {
    const char* p = buffer.data() + i * size;
    out.emplace_back(p, strnlen(p, size));
  }
  return out;
}

}  // namespace detail

namespace {

using detail::read_strings;
using detail::Scoped;

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

void delete_attribute_if_present(hid_t obj, const std::string& name) {
  if (H5Aexists(obj, name.c_str()) > 0) H5Adelete(obj, name.c_str());
}

}  // namespace

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

}  // namespace keras::io
