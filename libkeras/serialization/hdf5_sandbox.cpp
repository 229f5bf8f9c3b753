#include "libkeras/serialization/hdf5_sandbox.h"

#include <hdf5.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <limits>
#include <stdexcept>

#include "libkeras/utils/error.h"

namespace keras::io {

namespace {

// Larger claims than any weight file holds are refused rather than allocated.
constexpr hssize_t kMaxObjectBytes = hssize_t{1} << 33;
// Deeper nesting than Keras writes means a link cycle in a corrupt file.
constexpr int kMaxDepth = 64;

struct CopyError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// a * k + extra, saturating: a cap derived from a file size must not wrap to something small.
std::uint64_t scaled(std::uint64_t a, std::uint64_t k, std::uint64_t extra) {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  if (a > (kMax - extra) / k) return kMax;
  return a * k + extra;
}

// Every object is small on its own (kMaxObjectBytes) but a crafted file can hold many objects
// that share one block of data, or compressed chunks that expand: the whole copy may be at most
// a few times the file, which no Keras file comes near. The parent applies the same cap to the
// image it receives.
std::uint64_t copy_cap(std::uint64_t source_bytes) { return scaled(source_bytes, 4, std::uint64_t{64} << 20); }

// What the child may still copy (sum over datasets and attributes); set by copy_in_child.
std::uint64_t copy_budget = 0;

// Closes an HDF5 id of any kind at scope exit.
class Id {
 public:
  explicit Id(hid_t id) : id_(id) {}
  ~Id() {
    if (id_ >= 0) H5Idec_ref(id_);
  }
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  operator hid_t() const { return id_; }

 private:
  hid_t id_;
};

hid_t check(hid_t id, const std::string& what) {
  if (id < 0) throw CopyError("cannot read " + what);
  return id;
}

// The value of an attribute (is_attribute) or a dataset, read with its native memory type, and
// written to `create(file_type, space)`'s object with the same memory type.
template <class Create>
void copy_value(hid_t source, bool is_attribute, const std::string& what, Create create) {
  Id file_type(check(is_attribute ? H5Aget_type(source) : H5Dget_type(source), what));
  Id space(check(is_attribute ? H5Aget_space(source) : H5Dget_space(source), what));
  Id memory_type(check(H5Tget_native_type(file_type, H5T_DIR_DEFAULT), what));
  const hssize_t points = H5Sget_simple_extent_npoints(space);
  const std::size_t size = H5Tget_size(memory_type);
  if (points < 0 || size == 0 || points > kMaxObjectBytes / static_cast<hssize_t>(size)) {
    throw CopyError(what + " claims an implausible size");
  }
  const std::uint64_t bytes = static_cast<std::uint64_t>(points) * size;
  if (bytes > copy_budget) throw CopyError(what + " takes the copy past " + std::to_string(copy_budget) +
                                           " more bytes than the file can plausibly hold");
  copy_budget -= bytes;
  // At least one element: HDF5 refuses a null buffer even for an empty array (Keras' empty lists).
  // Not zero-filled: HDF5 overwrites it all, and zeroing weights of hundreds of MB costs.
  std::unique_ptr<char[]> buffer(new char[static_cast<std::size_t>(std::max<hssize_t>(points, 1)) * size]);
  herr_t read = is_attribute ? H5Aread(source, memory_type, buffer.get())
                             : H5Dread(source, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.get());
  if (read < 0) throw CopyError("cannot read " + what);
  const bool variable = H5Tdetect_class(memory_type, H5T_VLEN) > 0 || H5Tis_variable_str(memory_type) > 0;
  Id target(create(hid_t(file_type), hid_t(space)));
  herr_t written = target < 0 ? -1
                   : is_attribute ? H5Awrite(target, memory_type, buffer.get())
                                  : H5Dwrite(target, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.get());
  if (variable) H5Dvlen_reclaim(memory_type, space, H5P_DEFAULT, buffer.get());
  if (written < 0) throw CopyError("cannot copy " + what);
}

struct AttributeCopy {
  hid_t target;
  std::string where;
};

herr_t copy_attribute(hid_t object, const char* name, const H5A_info_t*, void* data) {
  auto* copy = static_cast<AttributeCopy*>(data);
  const std::string what = "attribute '" + std::string(name) + "' of '" + copy->where + "'";
  Id attribute(check(H5Aopen(object, name, H5P_DEFAULT), what));
  copy_value(attribute, true, what, [&](hid_t type, hid_t space) {
    return H5Acreate2(copy->target, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  });
  return 0;
}

void copy_attributes(hid_t source, hid_t target, const std::string& where) {
  AttributeCopy copy{target, where};
  hsize_t index = 0;
  if (H5Aiterate2(source, H5_INDEX_NAME, H5_ITER_INC, &index, copy_attribute, &copy) < 0) {
    throw CopyError("cannot read the attributes of '" + where + "'");
  }
}

void copy_group(hid_t source, hid_t target, const std::string& where, int depth);

struct LinkCopy {
  hid_t target;
  std::string where;
  int depth;
};

herr_t copy_link(hid_t group, const char* name, const H5L_info_t* info, void* data) {
  auto* copy = static_cast<LinkCopy*>(data);
  const std::string path = (copy->where == "/" ? "/" : copy->where + "/") + name;
  if (info->type != H5L_TYPE_HARD) return 0;  // Keras writes hard links only
  Id object(check(H5Oopen(group, name, H5P_DEFAULT), "'" + path + "'"));
  H5O_info_t object_info;
  if (H5Oget_info2(object, &object_info, H5O_INFO_BASIC) < 0) throw CopyError("cannot read '" + path + "'");
  if (object_info.type == H5O_TYPE_GROUP) {
    Id sub(check(H5Gcreate2(copy->target, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "'" + path + "'"));
    copy_group(object, sub, path, copy->depth + 1);
  } else if (object_info.type == H5O_TYPE_DATASET) {
    copy_value(object, false, "dataset '" + path + "'", [&](hid_t type, hid_t space) {
      return H5Dcreate2(copy->target, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    });
    Id dataset(check(H5Dopen2(copy->target, name, H5P_DEFAULT), "'" + path + "'"));
    copy_attributes(object, dataset, path);
  }
  return 0;
}

void copy_group(hid_t source, hid_t target, const std::string& where, int depth) {
  if (depth > kMaxDepth) throw CopyError("groups nest deeper than " + std::to_string(kMaxDepth) + " at '" + where + "'");
  copy_attributes(source, target, where);
  LinkCopy copy{target, where, depth};
  hsize_t index = 0;
  if (H5Literate(source, H5_INDEX_NAME, H5_ITER_INC, &index, copy_link, &copy) < 0) {
    throw CopyError("cannot read the members of '" + where + "'");
  }
}


void write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(3);
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

// AddressSanitizer reserves terabytes of shadow memory up front; an address-space limit would
// make every later allocation in the child fail.
#if defined(__SANITIZE_ADDRESS__)
#define KERAS_SANDBOX_SANITIZED 1
#include <sanitizer/common_interface_defs.h>
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define KERAS_SANDBOX_SANITIZED 1
#include <sanitizer/common_interface_defs.h>
#endif
#endif

#ifndef KERAS_SANDBOX_SANITIZED
// The address space this process already uses (inherited from the parent), from /proc.
std::uint64_t current_address_space() {
  unsigned long long pages = 0;
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%llu", &pages) != 1) pages = 0;
    std::fclose(f);
  }
  long page = ::sysconf(_SC_PAGESIZE);
  return scaled(pages, page > 0 ? static_cast<std::uint64_t>(page) : 4096, 0);
}
#endif

// Memory HDF5 allocates behind our back (variable-length strings, chunk caches, decompression)
// is not in copy_budget; an address-space limit turns a runaway allocation into a failed read
// instead of a machine out of memory. It is added to what the forked child already maps.
void limit_address_space(std::uint64_t source_bytes) {
#ifdef KERAS_SANDBOX_SANITIZED
  (void)source_bytes;
#else
  const std::uint64_t limit = scaled(current_address_space(), 1, scaled(source_bytes, 8, std::uint64_t{1} << 30));
  const rlimit r{static_cast<rlim_t>(limit), static_cast<rlim_t>(limit)};
  ::setrlimit(RLIMIT_AS, &r);
#endif
}

// Seconds a copy may take before it counts as HDF5 looping on a damaged file: ten, plus one per
// 50 MB for large files on slow disks.
unsigned copy_seconds(std::uint64_t source_bytes) {
  return static_cast<unsigned>(std::min<std::uint64_t>(3600, 10 + source_bytes / (50u << 20)));
}

// The child: copies into `target_path`, then 'I', or 'E' + what failed, on `fd`.
[[noreturn]] void copy_in_child(const std::function<std::int64_t()>& open_file, const std::string& target_path, int fd,
                                std::uint64_t source_bytes) {
  alarm(copy_seconds(source_bytes));  // a file that sends HDF5 into a loop ends the child with SIGALRM
  // The host's crash handlers (a test framework's, a crash reporter's, a fuzzer's) must not run
  // for the child's crash: it is expected, and reported by the parent. Nor may a host's SIGALRM
  // handler (libFuzzer has one) swallow the time limit.
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGALRM}) ::signal(sig, SIG_DFL);
#ifdef KERAS_SANDBOX_SANITIZED
  __sanitizer_set_death_callback(nullptr);
#endif
  limit_address_space(source_bytes);
  copy_budget = copy_cap(source_bytes);
  // Whatever HDF5 writes besides our copies (metadata) stays within the same cap: past it the
  // child gets SIGXFSZ.
  const rlimit file_size{static_cast<rlim_t>(copy_cap(source_bytes)), static_cast<rlim_t>(copy_cap(source_bytes))};
  ::setrlimit(RLIMIT_FSIZE, &file_size);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  std::string message;
  try {
    Id source(open_file());
    if (source < 0) throw CopyError("it is truncated or corrupt");
    // Written with HDF5's plain file driver straight into the parent's scratch file: no image
    // copies, and the parent reads the datasets from it like any file.
    Id target(check(H5Fcreate(target_path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "a fresh file"));
    Id source_root(check(H5Gopen2(source, "/", H5P_DEFAULT), "the root group"));
    Id target_root(check(H5Gopen2(target, "/", H5P_DEFAULT), "the root group"));
    copy_group(source_root, target_root, "/", 0);
    if (H5Fflush(target, H5F_SCOPE_GLOBAL) < 0) throw CopyError("cannot copy it");
    write_all(fd, "I", 1);
    _exit(0);
  } catch (const std::exception& e) {
    message = e.what();
  }
  write_all(fd, "E", 1);
  write_all(fd, message.data(), message.size());
  _exit(0);
}

}  // namespace

SanitizedHdf5::SanitizedHdf5(SanitizedHdf5&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }

SanitizedHdf5::~SanitizedHdf5() { release(); }

void SanitizedHdf5::release() {
  if (!path_.empty()) ::unlink(path_.c_str());
  path_.clear();
}

namespace {

// A scratch file for the copy, in memory where the system offers it (/dev/shm is tmpfs). HDF5
// needs a real path (it resolves the name), so an anonymous memfd will not do.
std::string make_scratch_file(const std::string& source) {
  std::error_code ec;
  std::string folder = std::filesystem::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0
                           ? "/dev/shm"
                           : std::filesystem::temp_directory_path(ec).string();
  std::string path = folder + "/libkeras-hdf5-XXXXXX";
  int fd = ::mkostemp(path.data(), O_CLOEXEC);
  if (fd < 0) throw IoError("Cannot read HDF5 file '" + source + "': no scratch file in " + folder + ": " +
                            std::strerror(errno));
  ::close(fd);
  return path;
}

}  // namespace

SanitizedHdf5 sanitize_hdf5(const std::function<std::int64_t()>& open_file, const std::string& source,
                            std::uint64_t source_bytes) {
  SanitizedHdf5 copy;
  copy.path_ = make_scratch_file(source);
  // O_CLOEXEC: a thread of the caller that execs meanwhile must not inherit the pipe's write
  // end, or the parent would never see end-of-file.
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw IoError("Cannot read HDF5 file '" + source + "': " + std::strerror(errno));
  const std::string target_path = copy.path_;
  pid_t child = ::fork();
  if (child < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw IoError("Cannot read HDF5 file '" + source + "': fork failed: " + std::strerror(errno));
  }
  if (child == 0) {
    ::close(fds[0]);
    copy_in_child(open_file, target_path, fds[1], source_bytes);
  }
  ::close(fds[1]);
  // The reply is a tag and at most an error message; the child is not trusted to keep it short.
  std::string reply;
  char chunk[4096];
  for (;;) {
    ssize_t n = ::read(fds[0], chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (reply.size() < 4096) reply.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    if (sig == SIGALRM) throw IoError("HDF5 file '" + source + "' is corrupt: reading it does not finish");
    if (sig == SIGXFSZ) {
      throw IoError("HDF5 file '" + source + "' is corrupt: its contents come to more than " +
                    std::to_string(copy_cap(source_bytes)) + " bytes, far more than its size (" +
                    std::to_string(source_bytes) + " bytes) can hold");
    }
    throw IoError("HDF5 file '" + source + "' is corrupt: reading it crashes the HDF5 library (" + strsignal(sig) +
                  ")");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || reply.empty()) {
    throw IoError("Cannot read HDF5 file '" + source + "': the reading process failed");
  }
  if (reply[0] != 'I') throw IoError("Cannot open HDF5 file '" + source + "': " + reply.substr(1));
  return copy;
}

}  // namespace keras::io
