#pragma once
// Zip archives (.keras models, .npz arrays) read from and written to memory with libzip. The
// sizes in a zip directory are the file's word: they are checked before anything is allocated.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace keras::io {

/// True when `bytes` start like a zip archive (a local file header or an empty archive).
bool has_zip_signature(const std::vector<char>& bytes);

/// A zip archive held in memory. Errors name `path` and the member.
class ZipReader {
 public:
  /// IoError naming `path` when `bytes` are not a consistent zip (truncated or corrupt).
  ZipReader(std::vector<char> bytes, const std::string& path);
  ~ZipReader();
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  /// Member names, in directory order.
  std::vector<std::string> names() const;
  bool contains(const std::string& name) const;
  /// A member's bytes (stored or deflated), or nullopt when absent. IoError when the member is
  /// truncated, or declares more bytes than the archive can hold (a decompression bomb) or
  /// than `limit`.
  std::optional<std::vector<char>> read(const std::string& name,
                                        std::uint64_t limit = std::numeric_limits<std::uint64_t>::max()) const;

 private:
  std::vector<char> bytes_;  // libzip reads from it for the reader's lifetime
  std::string path_;
  void* zip_ = nullptr;      // zip_t*, kept out of this header
};

/// The bytes of a zip holding `members` (name, bytes) in order, stored uncompressed as Keras'
/// and numpy's writers do. `path` names the destination in errors.
std::vector<char> stored_zip(const std::vector<std::pair<std::string, const std::vector<char>*>>& members,
                             const std::string& path);

}  // namespace keras::io
