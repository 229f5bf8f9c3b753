#include "test/datasets/pickle_bytes.h"

#include <algorithm>

#include "libkeras/serialization/file_io.h"
#include "libkeras/serialization/zip_archive.h"

namespace keras::testing {

namespace {

std::string le(std::uint64_t v, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>((v >> (8 * i)) & 0xFF);
  return s;
}

}  // namespace

PickleBytes& PickleBytes::raw(std::string_view bytes) {
  out_ += bytes;
  return *this;
}

PickleBytes& PickleBytes::integer(std::int64_t v) {
  if (v >= 0 && v <= 0xFF) return raw("K" + le(static_cast<std::uint64_t>(v), 1));
  if (v >= 0 && v <= 0xFFFF) return raw("M" + le(static_cast<std::uint64_t>(v), 2));
  if (v >= -0x80000000LL && v <= 0x7FFFFFFF) return raw("J" + le(static_cast<std::uint64_t>(v), 4));
  // LONG1 with the fewest two's complement bytes, as pickle.encode_long.
  const std::uint64_t magnitude = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  const int n = std::min(8, ((64 - __builtin_clzll(magnitude)) >> 3) + 1);
  std::string b = le(static_cast<std::uint64_t>(v), n);
  if (v < 0 && n > 1 && static_cast<unsigned char>(b[n - 1]) == 0xFF && (static_cast<unsigned char>(b[n - 2]) & 0x80)) {
    b.pop_back();
  }
  return raw("\x8a" + le(b.size(), 1) + b);
}

PickleBytes& PickleBytes::py2_str(std::string_view s) {
  if (s.size() < 256) return raw("U" + le(s.size(), 1)).raw(s);
  return raw("T" + le(s.size(), 4)).raw(s);
}

PickleBytes& PickleBytes::bytes(std::string_view s) {
  if (s.size() < 256) return raw("C" + le(s.size(), 1)).raw(s);
  return raw("B" + le(s.size(), 4)).raw(s);
}

PickleBytes& PickleBytes::unicode(std::string_view s) { return raw("X" + le(s.size(), 4)).raw(s); }

PickleBytes& PickleBytes::global(std::string_view module, std::string_view name) {
  return raw("c").raw(module).raw("\n").raw(name).raw("\n");
}

PickleBytes& PickleBytes::put() {
  const std::uint32_t id = memo_++;
  return id < 256 ? raw("q" + le(id, 1)) : raw("r" + le(id, 4));
}

PickleBytes& PickleBytes::list(std::size_t n, const std::function<void(std::size_t)>& save_item) {
  raw("]").put();
  for (std::size_t start = 0; start < n; start += 1000) {
    const std::size_t end = std::min(n, start + 1000);
    if (n == 1 || (end - start == 1 && dialect_ == Dialect::cpickle2)) {
      save_item(start);
      raw("a");
      continue;
    }
    raw("(");
    for (std::size_t i = start; i < end; ++i) save_item(i);
    raw("e");
  }
  return *this;
}

PickleBytes& PickleBytes::int_list(const std::vector<std::int64_t>& items) {
  return list(items.size(), [&](std::size_t i) { integer(items[i]); });
}

std::string object_array_pickle(const std::vector<std::vector<std::int64_t>>& seqs, bool py2) {
  PickleBytes p(py2 ? PickleBytes::Dialect::cpickle2 : PickleBytes::Dialect::cpython3);
  auto text = [&](std::string_view s) -> PickleBytes& { return py2 ? p.py2_str(s) : p.unicode(s); };
  p.raw(py2 ? "\x80\x02" : "\x80\x03").global("numpy.core.multiarray", "_reconstruct").put();
  p.global("numpy", "ndarray").put().integer(0).raw("\x85").put();
  (py2 ? p.py2_str("b") : p.bytes("b")).put().raw("\x87").put().raw("R").put();
  // State: (1, shape, dtype('O'), False, [elements]).
  p.raw("(").integer(1).integer(static_cast<std::int64_t>(seqs.size())).raw("\x85").put();
  p.global("numpy", "dtype").put();
  text("O8").put();
  if (py2) {
    p.integer(0).integer(1);
  } else {
    p.raw("\x89\x88");
  }
  p.raw("\x87").put().raw("R").put();
  p.raw("(").integer(3);
  text("|").put().raw("NNN").integer(-1).integer(-1).integer(63).raw("t").put().raw("b");
  p.raw("\x89").list(seqs.size(), [&](std::size_t i) { p.int_list(seqs[i]); });
  return p.raw("t").put().raw("b.").str();
}

std::vector<char> object_array_npy(const std::vector<std::vector<std::int64_t>>& seqs, bool py2) {
  std::string header = "{'descr': '|O', 'fortran_order': False, 'shape': (" + std::to_string(seqs.size()) + ",), }";
  header += std::string((64 - (10 + header.size() + 1) % 64) % 64, ' ') + "\n";
  std::string out =
      std::string("\x93NUMPY\x01\x00", 8) + le(header.size(), 2) + header + object_array_pickle(seqs, py2);
  return {out.begin(), out.end()};
}

void write_npz(const std::string& path, const std::vector<std::pair<std::string, std::vector<char>>>& members) {
  std::vector<std::pair<std::string, const std::vector<char>*>> entries;
  for (const auto& [name, bytes] : members) entries.emplace_back(name + ".npy", &bytes);
  io::write_file_atomic(path, io::stored_zip(entries, path));
}

}  // namespace keras::testing
