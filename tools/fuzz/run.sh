#!/usr/bin/env bash
# Coverage-guided fuzzing of libkeras' file readers with libFuzzer (clang), run by hand:
#   bash tools/fuzz/run.sh TARGET|all [SECONDS]    TARGET: npy npz json h5 keras weights_h5
# The first run builds libkeras with clang, ASan, UBSan and libFuzzer's coverage hooks in
# build-fuzz/ (slow: the whole library). Each target then runs for SECONDS (default 60) from
# test/fuzz/corpus/TARGET; new inputs that add coverage are merged back into that folder, which
# the test suite replays on every run. Crashes are left as build-fuzz/crash-* (add them to the
# corpus once fixed).
set -euo pipefail
cd "$(dirname "$0")/../.."

target=${1:-}
seconds=${2:-60}
all=(npy npz json h5 keras weights_h5)
if [[ -z "$target" ]]; then
  echo "usage: bash tools/fuzz/run.sh TARGET|all [SECONDS]   (TARGET: ${all[*]})" >&2
  exit 2
fi
if [[ "$target" == all ]]; then targets=("${all[@]}"); else targets=("$target"); fi

if [[ ! -f build-fuzz/build.ninja ]]; then
  CC=clang CXX=clang++ meson setup build-fuzz -Dtests=false -Dbench=false -Dbuildtype=debugoptimized \
    -Db_sanitize=address,undefined -Db_lundef=false -Dcpp_args=-fsanitize=fuzzer-no-link
fi
ninja -C build-fuzz libkeras.so

status=0
flags=(-std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -I. $(pkg-config --cflags nlohmann_json))
for t in "${targets[@]}"; do
  exe=build-fuzz/fuzz_$t
  clang++ "${flags[@]}" -DFUZZ_TARGET="\"$t\"" tools/fuzz/libfuzzer_main.cpp test/fuzz/fuzz_targets.cpp \
    -Lbuild-fuzz -lkeras -Wl,-rpath,"$PWD/build-fuzz" -o "$exe"
  mkdir -p "build-fuzz/corpus-$t" "test/fuzz/corpus/$t"
  # One thread per run keeps OpenBLAS/OpenMP out of the way; the timeout catches hangs.
  # The HDF5 readers' child gives up on a looping file after ten seconds; let it.
  timeout=10
  if [[ "$t" == h5 || "$t" == keras || "$t" == weights_h5 ]]; then timeout=20; fi
  # A crash ends this target's run (its input is left in build-fuzz/crash-*); the others still run.
  if ! OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 ASAN_OPTIONS=detect_leaks=0 \
      "$exe" -max_total_time="$seconds" -timeout=$timeout -rss_limit_mb=4096 -max_len=65536 \
      -artifact_prefix=build-fuzz/ "build-fuzz/corpus-$t" "test/fuzz/corpus/$t"; then
    echo "fuzz target $t failed: see build-fuzz/crash-* or build-fuzz/timeout-*" >&2
    status=1
  fi
  OMP_NUM_THREADS=1 ASAN_OPTIONS=detect_leaks=0 "$exe" -merge=1 -timeout=$timeout -artifact_prefix=build-fuzz/ \
    "test/fuzz/corpus/$t" "build-fuzz/corpus-$t"
done
exit $status
