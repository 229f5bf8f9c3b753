#pragma once
// Writing pickles byte for byte as CPython 3's pickler and Python 2's cPickle lay them out, so the
// dataset tests can build real CIFAR batches and imdb/reuters object arrays without Python.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace keras::testing {

/// A string literal with its embedded NULs, without the terminating one.
template <std::size_t N>
std::string bytes_of(const char (&literal)[N]) {
  return std::string(literal, N - 1);
}

/// Opcodes appended one by one; the typed helpers pick the opcode CPython would.
class PickleBytes {
 public:
  /// The two picklers differ in where memo ids start (cPickle: 1, CPython 3: 0) and in how a
  /// list's last batch of one item is written.
  enum class Dialect { cpython3, cpickle2 };
  explicit PickleBytes(Dialect dialect = Dialect::cpython3)
      : dialect_(dialect), memo_(dialect == Dialect::cpickle2 ? 1 : 0) {}

  PickleBytes& raw(std::string_view bytes);
  /// BININT1, BININT2, BININT or LONG1, as save_long chooses.
  PickleBytes& integer(std::int64_t v);
  /// A Python 2 str: SHORT_BINSTRING or BINSTRING.
  PickleBytes& py2_str(std::string_view s);
  /// Python 3 bytes: SHORT_BINBYTES or BINBYTES.
  PickleBytes& bytes(std::string_view s);
  /// Python 3 str: BINUNICODE.
  PickleBytes& unicode(std::string_view s);
  PickleBytes& global(std::string_view module, std::string_view name);
  /// BINPUT (or LONG_BINPUT past 255) with the next memo id.
  PickleBytes& put();
  /// A list of n items written by save_item(i): EMPTY_LIST, BINPUT, then APPEND for a one-item
  /// list, else MARK ... APPENDS per batch of 1000 (cPickle writes a last batch of one with APPEND).
  PickleBytes& list(std::size_t n, const std::function<void(std::size_t)>& save_item);
  PickleBytes& int_list(const std::vector<std::int64_t>& items);

  const std::string& str() const { return out_; }

 private:
  Dialect dialect_;
  std::string out_;
  std::uint32_t memo_;
};

/// The pickle of a 1-D numpy object array of int lists: as numpy 1.24 writes it in np.save
/// (protocol 3), or with py2 = true as Python 2's numpy did (protocol 2, str typecodes).
std::string object_array_pickle(const std::vector<std::vector<std::int64_t>>& seqs, bool py2);
/// The .npy file np.save writes for that array (a v1.0 header with descr '|O', then the pickle).
std::vector<char> object_array_npy(const std::vector<std::vector<std::int64_t>>& seqs, bool py2 = false);
/// Writes an .npz holding `members` ("x_train" -> .npy bytes), stored as np.savez does.
void write_npz(const std::string& path, const std::vector<std::pair<std::string, std::vector<char>>>& members);

}  // namespace keras::testing
