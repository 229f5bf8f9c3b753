// libFuzzer entry point for one reader: tools/fuzz/run.sh builds it once per target, with the
// target's name in FUZZ_TARGET.

#include <cstddef>
#include <cstdint>

#include "test/fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const keras::fuzz::Target& target = keras::fuzz::target(FUZZ_TARGET);
  target.run(data, size);
  return 0;
}
