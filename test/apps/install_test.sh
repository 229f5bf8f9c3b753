#!/usr/bin/env bash
# `meson install` puts headers, libkeras.so and libkeras.pc in place, and the README's quick start
# compiles against them with `g++ -std=c++20 quickstart.cpp $(pkg-config --cflags --libs libkeras)`.
# The install is staged under a temporary DESTDIR; PKG_CONFIG_SYSROOT_DIR points pkg-config there.
set -euo pipefail
build=$1
source=$2
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
meson install -C "$build" --destdir "$stage" --no-rebuild --quiet >/dev/null
pc=$(dirname "$(find "$stage" -name libkeras.pc -print -quit)")
export PKG_CONFIG_PATH=$pc PKG_CONFIG_SYSROOT_DIR=$stage
g++ -std=c++20 "$source/apps/examples/quickstart.cpp" $(pkg-config --cflags --libs libkeras) -o "$stage/quickstart"
libdir=$(pkg-config --variable=libdir libkeras)  # sysroot included
# Not grep -q: it would stop reading at the match, and with pipefail ldd's SIGPIPE fails the test.
LD_LIBRARY_PATH="$libdir" ldd "$stage/quickstart" | grep "libkeras.so => $stage" >/dev/null
for header in libkeras/keras.h layers/dense.h optimizers/adam.h; do
  test -f "$(pkg-config --variable=includedir libkeras)/libkeras/$header"
done
echo "installed library, headers and libkeras.pc work"
