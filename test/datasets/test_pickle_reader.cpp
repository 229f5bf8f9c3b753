// The restricted unpickler on pickles written by CPython (bytes pasted below, printed by
// /usr/bin/python3 with numpy 1.24) and on hostile streams.

#include <catch2/catch.hpp>

#include "datasets/pickle_reader.h"
#include "libkeras/utils/error.h"
#include "test/datasets/pickle_bytes.h"

using namespace keras;
using namespace keras::datasets;
using keras::testing::bytes_of;
using keras::testing::object_array_pickle;

namespace {

// x = np.empty(5, dtype=object); x[:] = [[1,14,22],[5,300],[70000],[],[2**40,-5]]; np.save(f, x):
// the pickle after the .npy header (protocol 3).
const std::string kNumpyObjectArray = bytes_of(
    "\x80\x03\x63numpy.core.multiarray\n_reconstruct\n\x71\x00\x63numpy\nndarray\n\x71\x01\x4b\x00\x85\x71\x02"
    "\x43\x01\x62\x71\x03\x87\x71\x04\x52\x71\x05\x28\x4b\x01\x4b\x05\x85\x71\x06\x63numpy\ndtype\n\x71\x07"
    "\x58\x02\x00\x00\x00\x4f\x38\x71\x08\x89\x88\x87\x71\x09\x52\x71\x0a\x28\x4b\x03\x58\x01\x00\x00\x00\x7c"
    "\x71\x0b\x4e\x4e\x4e\x4a\xff\xff\xff\xff\x4a\xff\xff\xff\xff\x4b\x3f\x74\x71\x0c\x62\x89\x5d\x71\x0d\x28"
    "\x5d\x71\x0e\x28\x4b\x01\x4b\x0e\x4b\x16\x65\x5d\x71\x0f\x28\x4b\x05\x4d\x2c\x01\x65\x5d\x71\x10\x4a\x70"
    "\x11\x01\x00\x61\x5d\x71\x11\x5d\x71\x12\x28\x8a\x06\x00\x00\x00\x00\x00\x01\x4a\xfb\xff\xff\xff\x65\x65"
    "\x74\x71\x13\x62\x2e");

// The same kind of array, [[3, 4], [1000]], as pickle.dumps(x, protocol=4) writes it (numpy >= 2's
// np.save style: FRAME, SHORT_BINUNICODE, STACK_GLOBAL, MEMOIZE).
const std::string kProtocol4 = bytes_of(
    "\x80\x04\x95\x97\x00\x00\x00\x00\x00\x00\x00\x8c\x15numpy.core.multiarray\x94\x8c\x0c_reconstruct\x94\x93"
    "\x94\x8c\x05numpy\x94\x8c\x07ndarray\x94\x93\x94\x4b\x00\x85\x94\x43\x01\x62\x94\x87\x94\x52\x94\x28\x4b"
    "\x01\x4b\x02\x85\x94\x68\x03\x8c\x05\x64type\x94\x93\x94\x8c\x02\x4f\x38\x94\x89\x88\x87\x94\x52\x94\x28"
    "\x4b\x03\x8c\x01\x7c\x94\x4e\x4e\x4e\x4a\xff\xff\xff\xff\x4a\xff\xff\xff\xff\x4b\x3f\x74\x94\x62\x89\x5d"
    "\x94\x28\x5d\x94\x28\x4b\x03\x4b\x04\x65\x5d\x94\x4d\xe8\x03\x61\x65\x74\x94\x62\x2e");

// pickle.dumps({b"data": np.array([[1, 2, 3]], dtype=np.uint8), b"labels": [7]}, protocol=3).
const std::string kBytesKeyedDict = bytes_of(
    "\x80\x03\x7d\x71\x00\x28\x43\x04\x64\x61\x74\x61\x71\x01\x63numpy.core.multiarray\n_reconstruct\n\x71\x02"
    "\x63numpy\nndarray\n\x71\x03\x4b\x00\x85\x71\x04\x43\x01\x62\x71\x05\x87\x71\x06\x52\x71\x07\x28\x4b\x01"
    "\x4b\x01\x4b\x03\x86\x71\x08\x63numpy\ndtype\n\x71\x09\x58\x02\x00\x00\x00\x75\x31\x71\x0a\x89\x88\x87"
    "\x71\x0b\x52\x71\x0c\x28\x4b\x03\x58\x01\x00\x00\x00\x7c\x71\x0d\x4e\x4e\x4e\x4a\xff\xff\xff\xff\x4a\xff"
    "\xff\xff\xff\x4b\x00\x74\x71\x0e\x62\x89\x43\x03\x01\x02\x03\x71\x0f\x74\x71\x10\x62\x43\x06labels\x71\x11"
    "\x5d\x71\x12\x4b\x07\x61\x75\x2e");

std::vector<std::vector<std::int64_t>> sequences_of(const pickle::Unpickled& u) {
  std::vector<std::vector<std::int64_t>> out;
  for (pickle::Value v : u.ndarray(u.root(), "root").objects) {
    auto& seq = out.emplace_back();
    for (pickle::Value w : u.items(v, "seq")) seq.push_back(u.integer(w, "word"));
  }
  return out;
}

pickle::Unpickled load(const std::string& bytes) { return pickle::load(bytes, "test.pkl"); }

}  // namespace

TEST_CASE("Object arrays pickled by numpy (protocols 3 and 4) unpickle to their int lists", "[datasets][pickle]") {
  const std::vector<std::vector<std::int64_t>> expected{{1, 14, 22}, {5, 300}, {70000}, {}, {1LL << 40, -5}};
  // The test writer reproduces CPython's bytes exactly; the other loader tests rely on it.
  CHECK(object_array_pickle(expected, false) == kNumpyObjectArray);
  auto u = load(kNumpyObjectArray);
  CHECK(u.ndarray(u.root(), "root").descr == "|O");
  CHECK(u.ndarray(u.root(), "root").shape == std::vector<std::int64_t>{5});
  CHECK(sequences_of(u) == expected);
  CHECK(sequences_of(load(kProtocol4)) == std::vector<std::vector<std::int64_t>>{{3, 4}, {1000}});
  // Python 2's layout (str typecodes, ints for align/copy, memo from 1) reads the same.
  CHECK(sequences_of(load(object_array_pickle(expected, true))) == expected);

  // Over 1000 elements the picklers write several APPENDS batches and memo ids past 255
  // (LONG_BINPUT); for this array the writer's bytes were checked identical to np.save's by hand.
  std::vector<std::vector<std::int64_t>> many(1003);
  for (std::size_t i = 0; i < many.size(); ++i) {
    for (std::size_t k = 0; k < (i % 7 == 0 ? 1001 : i % 5); ++k)
      many[i].push_back(static_cast<std::int64_t>((i * 31 + k) % 90000));
  }
  CHECK(sequences_of(load(object_array_pickle(many, false))) == many);
  CHECK(sequences_of(load(object_array_pickle(many, true))) == many);
}

TEST_CASE("A bytes-keyed dict with a uint8 array reads as CIFAR's batches do", "[datasets][pickle]") {
  auto u = load(kBytesKeyedDict);
  auto data = u.get(u.root(), "data", "dict");
  REQUIRE(data);
  Tensor t = u.tensor(*data, "data");
  CHECK(t.dtype() == uint8);
  CHECK(t.shape() == Shape{1, 3});
  CHECK(t.to_vector<int>() == std::vector<int>{1, 2, 3});
  auto labels = u.get(u.root(), "labels", "dict");
  REQUIRE(labels);
  CHECK(u.integer(u.items(*labels, "labels").at(0), "label") == 7);
  CHECK_FALSE(u.get(u.root(), "filenames", "dict"));
}

TEST_CASE("Globals other than numpy's array rebuilders are refused", "[datasets][pickle][errors]") {
  // pickle.dumps of a __reduce__ returning (os.system, ("echo",)), protocol 2.
  const std::string os_system = bytes_of("\x80\x02\x63os\nsystem\nq\x00U\x04\x65\x63hoq\x01\x85q\x02Rq\x03.");
  CHECK_THROWS_WITH(load(os_system), Catch::Contains("Refusing to deserialize `os.system`") &&
                                         Catch::Contains("test.pkl") && Catch::Contains("byte 2"));
  const std::string eval4 = bytes_of("\x80\x04\x8c\x08\x62uiltins\x8c\x04\x65val\x93\x8c\x01\x31\x85R.");
  CHECK_THROWS_WITH(load(eval4), Catch::Contains("`builtins.eval`"));
  // An allowed global called with something else than numpy's own arguments.
  CHECK_THROWS_WITH(load("\x80\x02\x63numpy\nndarray\nK\x01\x85R."), Catch::Contains("numpy.ndarray directly"));
  CHECK_THROWS_WITH(load("\x80\x02]K\x01\x85R."), Catch::Contains("REDUCE calls a list"));
  CHECK_THROWS_WITH(load("\x80\x02K\x01)b."), Catch::Contains("BUILD on a int"));
}

TEST_CASE("Hostile sizes, nesting and truncation are IoErrors, not crashes", "[datasets][pickle][errors]") {
  // A BINSTRING claiming 2 GiB, and a BINUNICODE claiming 4 GiB, in a few bytes.
  CHECK_THROWS_WITH(load(bytes_of("\x80\x02T\xff\xff\xff\x7f"
                                  "abc.")),
                    Catch::Contains("truncated"));
  CHECK_THROWS_WITH(load(bytes_of("\x80\x02X\xff\xff\xff\xff"
                                  "abc.")),
                    Catch::Contains("truncated"));
  CHECK_THROWS_AS(load(bytes_of("\x80\x02\x95\xff\xff\xff\xff\xff\xff\xff\xff.")), IoError);
  // An array whose shape claims 2**62 elements, and one whose data is shorter than its shape.
  std::string huge = kBytesKeyedDict;
  huge.replace(huge.find("\x4b\x01\x4b\x01\x4b\x03\x86"), 7,
               bytes_of("\x4b\x01\x8a\x08\x00\x00\x00\x00\x00\x00\x00\x40\x4b\x03\x86"));
  CHECK_THROWS_WITH(load(huge), Catch::Contains("too large"));
  std::string short_data = kBytesKeyedDict;
  short_data.replace(short_data.find("\x43\x03\x01\x02\x03"), 5, "\x43\x02\x01\x02");
  CHECK_THROWS_WITH(load(short_data), Catch::Contains("holds 2 bytes") && Catch::Contains("3 elements"));
  // 200000 nested lists, and 5000 nested MARKs.
  CHECK_THROWS_WITH(load("\x80\x02" + std::string(200000, ']')), Catch::Contains("nesting too deep"));
  CHECK_THROWS_WITH(load("\x80\x02" + std::string(5000, '(')), Catch::Contains("nested MARKs"));
  // Every truncation of a valid pickle fails cleanly.
  for (std::size_t n = 0; n < kNumpyObjectArray.size(); ++n) {
    INFO("prefix of " << n << " bytes");
    CHECK_THROWS_AS(load(kNumpyObjectArray.substr(0, n)), IoError);
  }
  CHECK_THROWS_WITH(load("\x80\x02"), Catch::Contains("ends before STOP"));
}

TEST_CASE("Malformed streams name the problem and its byte offset", "[datasets][pickle][errors]") {
  CHECK_THROWS_WITH(load("\x80\x02I12\n."), Catch::Contains("opcode 0x49") && Catch::Contains("byte 2"));
  CHECK_THROWS_WITH(load("\x80\x02h\x07."), Catch::Contains("memo key 7"));
  CHECK_THROWS_WITH(load("\x80\x02K\x01K\x02u."), Catch::Contains("no MARK"));
  CHECK_THROWS_WITH(load("\x80\x02\x85."), Catch::Contains("stack underflow"));
  CHECK_THROWS_WITH(load("\x80\x02K\x05(K\x01K\x02"
                         "e."),
                    Catch::Contains("APPENDS applied to a"));
  CHECK_THROWS_WITH(load("\x80\x02."), Catch::Contains("empty stack"));
  // A big-endian int64 array is rebuilt but refused as a tensor.
  std::string big = kBytesKeyedDict;
  big.replace(big.find("u1"), 2, "i8");
  big.replace(big.find(bytes_of("\x58\x01\x00\x00\x00\x7c")), 6, bytes_of("\x58\x01\x00\x00\x00>"));
  big.replace(big.find("\x43\x03\x01\x02\x03"), 5, "\x43\x18" + std::string(24, '\x01'));
  auto u = load(big);
  CHECK_THROWS_WITH(u.tensor(*u.get(u.root(), "data", "dict"), "data"), Catch::Contains("'>i8'"));
}
