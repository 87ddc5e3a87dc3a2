#!/bin/sh
# Rebuilds the committed WebAssembly kernels from these C sources (run: npm run build:wasm).
# Needs Debian's clang and lld (apt-get install clang lld; clang 14 was used for the committed
# builds). CI and users do not run this: the .wasm files are committed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../wasm"
cc=${CLANG:-clang}
mkdir -p "$out"
for name in blake2b reed-solomon; do
  [ -f "$here/$name.c" ] || continue
  "$cc" --target=wasm32 -O3 -msimd128 -mbulk-memory -nostdlib -fno-builtin \
    -Wall -Wextra -Werror \
    -Wl,--no-entry -Wl,--export=__heap_base -Wl,-z,stack-size=1048576 \
    -Wl,--max-memory=4294967296 -Wl,--strip-all \
    -o "$out/$name.wasm" "$here/$name.c"
  echo "built $out/$name.wasm ($(wc -c < "$out/$name.wasm") bytes)"
done
