// The unpickler's machine: opcodes of protocols 2-4, the memo, MARKs, and the three numpy
// globals applied as data (pickle_numpy.cpp).

#include "datasets/pickle_reader.h"

#include <cstdio>
#include <unordered_map>

#include "datasets/pickle_numpy.h"
#include "libkeras/utils/error.h"

namespace keras::datasets::pickle {

namespace {

// numpy < 2 writes numpy.core, numpy >= 2 numpy._core; Keras allows both.
bool allowed_global(const std::string& module, const std::string& name) {
  return (module == "numpy" && (name == "ndarray" || name == "dtype")) ||
         ((module == "numpy.core.multiarray" || module == "numpy._core.multiarray") && name == "_reconstruct");
}

class Machine {
 public:
  Machine(std::string_view bytes, const std::string& source, std::size_t base)
      : in_(bytes), source_(source), base_(base) {}

  Unpickled run() {
    while (true) {
      op_at_ = pos_;
      const auto op = static_cast<unsigned char>(take(1)[0]);
      if (op == '.') break;
      step(op);
    }
    if (stack_.empty()) fail("STOP with an empty stack");
    Value root = stack_.back();
    return Unpickled(source_, std::move(objects_), root);
  }

 private:
  std::string where() const {
    return "'" + source_ + "': invalid pickle at byte " + std::to_string(base_ + op_at_) + ": ";
  }
  [[noreturn]] void fail(const std::string& what) const { throw IoError(where() + what); }

  std::string_view take(std::size_t n) {
    if (n > in_.size() - pos_) {
      fail(pos_ == op_at_ ? "the data ends before STOP (truncated file?)"
                          : "truncated: an opcode needs " + std::to_string(n) + " more bytes than the " +
                                std::to_string(in_.size() - pos_) + " left");
    }
    std::string_view s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  std::uint64_t unsigned_le(std::size_t n) {
    std::string_view s = take(n);
    std::uint64_t v = 0;
    for (std::size_t i = n; i-- > 0;) v = (v << 8) | static_cast<unsigned char>(s[i]);
    return v;
  }
  std::string line() {
    const std::size_t end = in_.find('\n', pos_);
    if (end == std::string_view::npos || end - pos_ > 256) fail("GLOBAL name is not a short newline-terminated line");
    std::string s(in_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return s;
  }

  void push(Value v) {
    if (stack_.size() >= kMaxStack) {
      fail("more than " + std::to_string(kMaxStack) + " values pending: nesting too deep or the stream is hostile");
    }
    stack_.push_back(v);
  }
  Value pop() {
    if (stack_.size() <= floor()) fail("stack underflow");
    Value v = stack_.back();
    stack_.pop_back();
    return v;
  }
  Value& top() {
    if (stack_.size() <= floor()) fail("stack underflow");
    return stack_.back();
  }
  std::size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }
  // The values since the last MARK, which is removed.
  std::vector<Value> pop_mark() {
    if (marks_.empty()) fail("no MARK to pop to");
    const std::size_t m = marks_.back();
    marks_.pop_back();
    std::vector<Value> values(stack_.begin() + static_cast<std::ptrdiff_t>(m), stack_.end());
    stack_.resize(m);
    return values;
  }

  Value make(Kind kind, std::string text = {}, std::vector<Value> items = {}) {
    Object o;
    o.kind = kind;
    o.text = std::move(text);
    o.items = std::move(items);
    objects_.push_back(std::move(o));
    return {kind, static_cast<std::int64_t>(objects_.size() - 1)};
  }
  Object& object_of(Value v, Kind kind, const char* op) {
    if (v.kind != kind) fail(std::string(op) + " applied to a " + kind_name(v.kind) + ", not a " + kind_name(kind));
    return objects_[static_cast<std::size_t>(v.payload)];
  }

  void push_global(const std::string& module, const std::string& name) {
    if (!allowed_global(module, name)) {
      throw IoError("Refusing to deserialize `" + module + "." + name + "` while loading a Keras dataset ('" + source_ +
                    "', byte " + std::to_string(base_ + op_at_) +
                    "): only numpy arrays may be rebuilt. The file may be corrupted or malicious.");
    }
    push(make(Kind::global, name));
  }

  void memo_put(std::uint64_t key) { memo_[key] = top(); }
  void memo_get(std::uint64_t key) {
    auto it = memo_.find(key);
    if (it == memo_.end()) fail("memo key " + std::to_string(key) + " was never stored");
    push(it->second);
  }

  void append(std::vector<Value> values) {
    Object& list = object_of(top(), Kind::list, "APPENDS");
    list.items.insert(list.items.end(), values.begin(), values.end());
  }
  void set_items(const std::vector<Value>& kv) {
    if (kv.size() % 2) fail("SETITEMS with an odd number of values");
    Object& dict = object_of(top(), Kind::dict, "SETITEMS");
    for (std::size_t i = 0; i < kv.size(); i += 2) dict.entries.emplace_back(kv[i], kv[i + 1]);
  }

  void step(unsigned char op) {
    switch (op) {
      case 0x80: {  // PROTO
        const auto proto = static_cast<unsigned char>(take(1)[0]);
        if (proto > 5) fail("unsupported pickle protocol " + std::to_string(proto));
        break;
      }
      case 0x95: {  // FRAME: only a length prefix for buffered readers; the opcodes follow inline
        if (unsigned_le(8) > in_.size() - pos_) fail("FRAME is longer than the data left");
        break;
      }
      case '(':
        if (marks_.size() >= kMaxMarks) fail("more than " + std::to_string(kMaxMarks) + " nested MARKs");
        marks_.push_back(stack_.size());
        break;
      case 'N': push({Kind::none, 0}); break;
      case 0x88: push({Kind::boolean, 1}); break;
      case 0x89: push({Kind::boolean, 0}); break;
      case 'K': push({Kind::integer, static_cast<std::int64_t>(unsigned_le(1))}); break;
      case 'M': push({Kind::integer, static_cast<std::int64_t>(unsigned_le(2))}); break;
      case 'J': push({Kind::integer, static_cast<std::int32_t>(unsigned_le(4))}); break;
      case 0x8a: {  // LONG1: little-endian two's complement
        const std::size_t n = static_cast<unsigned char>(take(1)[0]);
        if (n > 8) fail("integer of " + std::to_string(n) + " bytes does not fit 64 bits");
        std::uint64_t v = unsigned_le(n);
        if (n > 0 && n < 8 && (v >> (8 * n - 1)) & 1) v |= ~std::uint64_t{0} << (8 * n);
        push({Kind::integer, static_cast<std::int64_t>(v)});
        break;
      }
      case 'U':
      case 'C': {  // SHORT_BINSTRING (Python 2 str), SHORT_BINBYTES
        const std::size_t n = unsigned_le(1);
        push(make(Kind::bytes, std::string(take(n))));
        break;
      }
      case 'T':
      case 'B': {  // BINSTRING, BINBYTES
        const std::size_t n = unsigned_le(4);
        if (op == 'T' && (n >> 31)) fail("BINSTRING with a negative length");
        push(make(Kind::bytes, std::string(take(n))));
        break;
      }
      case 0x8c: {  // SHORT_BINUNICODE
        const std::size_t n = unsigned_le(1);
        push(make(Kind::text, std::string(take(n))));
        break;
      }
      case 'X': {  // BINUNICODE
        const std::size_t n = unsigned_le(4);
        push(make(Kind::text, std::string(take(n))));
        break;
      }
      case ')': push(make(Kind::tuple)); break;
      case ']': push(make(Kind::list)); break;
      case '}': push(make(Kind::dict)); break;
      case 't': push(make(Kind::tuple, {}, pop_mark())); break;
      case 'l': push(make(Kind::list, {}, pop_mark())); break;
      case 'd': {
        std::vector<Value> kv = pop_mark();
        push(make(Kind::dict));
        set_items(kv);
        break;
      }
      case 0x85:
      case 0x86:
      case 0x87: {  // TUPLE1..3
        std::vector<Value> items(static_cast<std::size_t>(op - 0x84));
        for (std::size_t i = items.size(); i-- > 0;) items[i] = pop();
        push(make(Kind::tuple, {}, std::move(items)));
        break;
      }
      case 'a': {
        Value v = pop();
        append({v});
        break;
      }
      case 'e': append(pop_mark()); break;
      case 's': {
        Value value = pop();
        Value key = pop();
        set_items({key, value});
        break;
      }
      case 'u': set_items(pop_mark()); break;
      case 'q': memo_put(unsigned_le(1)); break;
      case 'r': memo_put(unsigned_le(4)); break;
      case 0x94: memo_put(memo_.size()); break;  // MEMOIZE
      case 'h': memo_get(unsigned_le(1)); break;
      case 'j': memo_get(unsigned_le(4)); break;
      case 'c': {
        std::string module = line();
        push_global(module, line());
        break;
      }
      case 0x93: {  // STACK_GLOBAL
        Value name = pop();
        Value module = pop();
        if (module.kind != Kind::text || name.kind != Kind::text) fail("STACK_GLOBAL needs two str values");
        push_global(objects_[static_cast<std::size_t>(module.payload)].text,
                    objects_[static_cast<std::size_t>(name.payload)].text);
        break;
      }
      case 'R': {
        Value args = pop();
        Value callable = pop();
        push(NumpyBuilder(objects_, where()).reduce(callable, args));
        break;
      }
      case 'b': {
        Value state = pop();
        NumpyBuilder(objects_, where()).build(top(), state);
        break;
      }
      default: {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", op);
        fail(std::string("opcode ") + hex + " is not one a Keras dataset pickle uses");
      }
    }
  }

  std::string_view in_;
  const std::string& source_;
  std::size_t base_;
  std::size_t pos_ = 0, op_at_ = 0;
  std::vector<Value> stack_;
  std::vector<std::size_t> marks_;
  std::unordered_map<std::uint64_t, Value> memo_;
  std::vector<Object> objects_;
};

}  // namespace

Unpickled load(std::string_view bytes, const std::string& source, std::size_t base_offset) {
  return Machine(bytes, source, base_offset).run();
}

const Object& Unpickled::object(Value v, Kind expected, const std::string& what) const {
  const bool ok = v.kind == expected || (expected == Kind::bytes && v.kind == Kind::text) ||
                  (expected == Kind::list && v.kind == Kind::tuple);
  if (!ok) {
    throw IoError("'" + source_ + "': " + what + " is a " + kind_name(v.kind) + ", not a " + kind_name(expected));
  }
  return objects_[static_cast<std::size_t>(v.payload)];
}

const std::string& Unpickled::string(Value v, const std::string& what) const {
  return object(v, Kind::bytes, what).text;
}

std::int64_t Unpickled::integer(Value v, const std::string& what) const {
  if (v.kind != Kind::integer) {
    throw IoError("'" + source_ + "': " + what + " is a " + kind_name(v.kind) + ", not an int");
  }
  return v.payload;
}

const std::vector<Value>& Unpickled::items(Value v, const std::string& what) const {
  return object(v, Kind::list, what).items;
}

std::optional<Value> Unpickled::get(Value dict, std::string_view key, const std::string& what) const {
  const auto& entries = object(dict, Kind::dict, what).entries;
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    const Value k = it->first;
    if ((k.kind == Kind::bytes || k.kind == Kind::text) && objects_[static_cast<std::size_t>(k.payload)].text == key) {
      return it->second;
    }
  }
  return std::nullopt;
}

const NdArray& Unpickled::ndarray(Value v, const std::string& what) const {
  const NdArray& a = object(v, Kind::ndarray, what).array;
  if (a.descr.empty()) throw IoError("'" + source_ + "': " + what + " is a numpy array that was never given its state");
  return a;
}

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::none: return "None";
    case Kind::boolean: return "bool";
    case Kind::integer: return "int";
    case Kind::bytes: return "bytes";
    case Kind::text: return "str";
    case Kind::tuple: return "tuple";
    case Kind::list: return "list";
    case Kind::dict: return "dict";
    case Kind::global: return "numpy global";
    case Kind::dtype: return "numpy.dtype";
    case Kind::ndarray: return "numpy.ndarray";
  }
  return "value";
}

}  // namespace keras::datasets::pickle
