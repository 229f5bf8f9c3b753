#include "test/callbacks/tfevents_reader.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace keras::testing {

namespace {

std::uint32_t unmask(std::uint32_t masked) {
  const std::uint32_t rot = masked - 0xA282EAD8u;
  return (rot >> 17) | (rot << 15);
}

std::uint32_t le32(const std::string& s, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

std::uint64_t le64(const std::string& s, std::size_t at) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

// Protobuf wire format: (field << 3 | wire type) keys, varints, 8-byte fixed, length-delimited.
class Wire {
 public:
  Wire(const std::string& bytes, std::string where) : s_(bytes), where_(std::move(where)) {}
  bool done() const { return pos_ == s_.size(); }

  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= s_.size()) fail("varint runs past the end");
      const auto byte = static_cast<unsigned char>(s_[pos_++]);
      v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if (!(byte & 0x80)) return v;
    }
    fail("varint longer than 10 bytes");
  }
  void key(int& field, int& type) {
    const std::uint64_t k = varint();
    field = static_cast<int>(k >> 3);
    type = static_cast<int>(k & 7);
  }
  std::string bytes() {
    const std::uint64_t n = varint();
    if (n > s_.size() - pos_) fail("length-delimited field runs past the end");
    std::string out = s_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  double fixed64_double() {
    if (s_.size() - pos_ < 8) fail("fixed64 runs past the end");
    const std::uint64_t bits = le64(s_, pos_);
    pos_ += 8;
    double d;
    std::memcpy(&d, &bits, 8);
    return d;
  }
  [[noreturn]] void fail(const std::string& what) const { throw EventFileError(where_ + ": " + what); }
  [[noreturn]] void unexpected(int field, int type) const {
    fail("unexpected field " + std::to_string(field) + " (wire type " + std::to_string(type) + ")");
  }
  const std::string& where() const { return where_; }

 private:
  const std::string& s_;
  std::string where_;
  std::size_t pos_ = 0;
};

void expect(Wire& w, int type, int want, int field) {
  if (type != want) w.unexpected(field, type);
}

std::vector<std::int64_t> decode_shape(const std::string& bytes, const std::string& where) {
  std::vector<std::int64_t> dims;
  Wire w(bytes, where + " tensor_shape");
  while (!w.done()) {
    int f, t;
    w.key(f, t);
    if (f != 2 || t != 2) w.unexpected(f, t);
    const std::string dim = w.bytes();
    Wire d(dim, w.where() + " dim");
    std::int64_t size = 0;
    while (!d.done()) {
      int df, dt;
      d.key(df, dt);
      if (df != 1 || dt != 0) d.unexpected(df, dt);
      size = static_cast<std::int64_t>(d.varint());
    }
    dims.push_back(size);
  }
  return dims;
}

void decode_tensor(const std::string& bytes, DecodedValue& v, const std::string& where) {
  Wire w(bytes, where + " tensor");
  while (!w.done()) {
    int f, t;
    w.key(f, t);
    if (f == 1) {
      expect(w, t, 0, f);
      v.dtype = static_cast<int>(w.varint());
    } else if (f == 2) {
      expect(w, t, 2, f);
      v.has_shape = true;
      v.shape = decode_shape(w.bytes(), w.where());
    } else if (f == 4) {
      expect(w, t, 2, f);
      v.tensor_content = w.bytes();
    } else if (f == 8) {
      expect(w, t, 2, f);
      v.string_val.push_back(w.bytes());
    } else {
      w.unexpected(f, t);
    }
  }
}

void decode_metadata(const std::string& bytes, DecodedValue& v, const std::string& where) {
  Wire w(bytes, where + " metadata");
  while (!w.done()) {
    int f, t;
    w.key(f, t);
    if (f != 1 || t != 2) w.unexpected(f, t);
    const std::string plugin = w.bytes();
    Wire p(plugin, w.where() + " plugin_data");
    while (!p.done()) {
      int pf, pt;
      p.key(pf, pt);
      if (pt != 2 || (pf != 1 && pf != 2)) p.unexpected(pf, pt);
      (pf == 1 ? v.plugin_name : v.plugin_content) = p.bytes();
    }
  }
}

DecodedValue decode_value(const std::string& bytes, const std::string& where) {
  DecodedValue v;
  Wire w(bytes, where + " value");
  while (!w.done()) {
    int f, t;
    w.key(f, t);
    if (t != 2) w.unexpected(f, t);
    if (f == 1) {
      v.tag = w.bytes();
    } else if (f == 8) {
      decode_tensor(w.bytes(), v, w.where());
    } else if (f == 9) {
      decode_metadata(w.bytes(), v, w.where());
    } else {
      w.unexpected(f, t);
    }
  }
  return v;
}

DecodedEvent decode_event(const std::string& bytes, const std::string& where) {
  DecodedEvent e;
  Wire w(bytes, where);
  while (!w.done()) {
    int f, t;
    w.key(f, t);
    if (f == 1) {
      expect(w, t, 1, f);
      e.wall_time = w.fixed64_double();
    } else if (f == 2) {
      expect(w, t, 0, f);
      e.step = static_cast<std::int64_t>(w.varint());
    } else if (f == 3) {
      expect(w, t, 2, f);
      e.file_version = w.bytes();
    } else if (f == 5) {
      expect(w, t, 2, f);
      e.has_summary = true;
      const std::string summary = w.bytes();
      Wire s(summary, where + " summary");
      while (!s.done()) {
        int sf, st;
        s.key(sf, st);
        if (sf != 1 || st != 2) s.unexpected(sf, st);
        e.values.push_back(decode_value(s.bytes(), s.where()));
      }
    } else {
      w.unexpected(f, t);
    }
  }
  return e;
}

}  // namespace

std::uint32_t crc32c_bitwise(const std::string& data) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char byte : data) {
    crc ^= byte;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1u) ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
  }
  return ~crc;
}

float DecodedValue::scalar() const {
  if (dtype != 1 || !has_shape || !shape.empty() || tensor_content.size() != 4) {
    throw EventFileError("'" + tag + "' is not a float32 scalar tensor");
  }
  const std::uint32_t bits = le32(tensor_content, 0);
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

std::vector<double> DecodedValue::doubles() const {
  if (dtype != 2 || tensor_content.size() % 8 != 0) throw EventFileError("'" + tag + "' is not a float64 tensor");
  std::vector<double> out;
  for (std::size_t at = 0; at < tensor_content.size(); at += 8) {
    const std::uint64_t bits = le64(tensor_content, at);
    double d;
    std::memcpy(&d, &bits, 8);
    out.push_back(d);
  }
  return out;
}

std::vector<DecodedEvent> read_event_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw EventFileError("cannot open " + path);
  const std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<DecodedEvent> events;
  std::size_t at = 0;
  while (at < s.size()) {
    const std::string where = path + " record " + std::to_string(events.size());
    if (s.size() - at < 12) throw EventFileError(where + ": truncated record header");
    const std::string length_bytes = s.substr(at, 8);
    if (unmask(le32(s, at + 8)) != crc32c_bitwise(length_bytes)) {
      throw EventFileError(where + ": length CRC mismatch");
    }
    const std::uint64_t length = le64(s, at);
    if (length > s.size() - at - 12 || s.size() - at - 12 - length < 4) {
      throw EventFileError(where + ": truncated record data");
    }
    const std::string data = s.substr(at + 12, length);
    if (unmask(le32(s, at + 12 + length)) != crc32c_bitwise(data)) {
      throw EventFileError(where + ": data CRC mismatch");
    }
    events.push_back(decode_event(data, where));
    at += 16 + length;
  }
  return events;
}

std::string only_event_file(const std::string& folder) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().filename().string().starts_with("events.out.tfevents.")) found.push_back(entry.path().string());
  }
  if (found.size() != 1) {
    throw EventFileError(folder + " holds " + std::to_string(found.size()) + " event files, expected one");
  }
  return found[0];
}

}  // namespace keras::testing
