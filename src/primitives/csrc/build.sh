#!/bin/sh
# Rebuilds the committed WebAssembly kernels from these C sources (run: npm run build:wasm).
# Needs Debian's clang and lld (apt-get install clang lld; clang 14 was used for the committed
# builds) and node. CI and users do not run this: the .wasm files are committed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../wasm"
cc=${CLANG:-clang}
objdump=${LLVM_OBJDUMP:-$(command -v llvm-objdump || command -v llvm-objdump-14)}
mkdir -p "$out"

build() { # build NAME SOURCE EXTRA_FLAGS...
  name=$1
  src=$2
  shift 2
  # -fno-builtin: clang would turn short copy loops into memory.copy/fill, which engines run
  # out of line at a cost comparable to hashing a short message.
  "$cc" --target=wasm32 -O3 -msimd128 -mbulk-memory -nostdlib -fno-builtin \
    -Wall -Wextra -Werror "$@" \
    -Wl,--no-entry -Wl,--export=__heap_base -Wl,-z,stack-size=1048576 \
    -Wl,--max-memory=4294967296 -Wl,--strip-all \
    -o "$out/$name.wasm" "$src"
  echo "built $out/$name.wasm ($(wc -c < "$out/$name.wasm") bytes)"
}

build blake2b "$here/blake2b.c"
build reed-solomon "$here/reed-solomon.c"
build reed-solomon-relaxed "$here/reed-solomon.c" -mrelaxed-simd -DFLOE_RELAXED_SIMD
build blake2b-relaxed "$here/blake2b.c" -mrelaxed-simd -DFLOE_RELAXED_SIMD
# clang < 16 encodes i8x16.relaxed_swizzle with its pre-standard opcode (0xfd 0xa2); engines
# accept only the standard one (0xfd 0x100). Rewrite it, checking that every rewritten byte
# sequence is one of the instructions the disassembler sees.
for name in reed-solomon-relaxed blake2b-relaxed; do
  count=$("$objdump" -d "$out/$name.wasm" | grep -c 'relaxed_swizzle' || true)
  node "$here/patch-relaxed.mjs" "$out/$name.wasm" "$count"
done
