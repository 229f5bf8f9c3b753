#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "libkeras/serialization/file_io.h"
#include "libkeras/utils/error.h"
#include "test/support/files.h"

using namespace keras;
using namespace keras::testing;

TEST_CASE("write_file_atomic replaces a file whole, with the usual permissions, leaving nothing else",
          "[serialization][file_io]") {
  TempDir dir;
  const std::string path = dir / "model.bin";
  io::write_file_atomic(path, {'o', 'l', 'd', '!'});
  io::write_file_atomic(path, {'n', 'e', 'w'});
  CHECK(read_bytes(path) == std::vector<char>{'n', 'e', 'w'});
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator{}) == 1);

  mode_t mask = ::umask(022);
  io::write_file_atomic(path, {'x'});
  ::umask(mask);
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0644);  // not mkstemp's 0600

  REQUIRE_THROWS_WITH(io::write_file_atomic(dir / "no/such/folder/m.bin", {'x'}),
                      Catch::Contains("no/such/folder/m.bin"));
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator{}) == 1);
}
