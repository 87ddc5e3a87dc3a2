/*
 * Dense packing of the GF(2^16) elements of many symbols into 64-byte blocks, and back.
 * Included once, by reed-solomon.c.
 */
#ifndef FLOE_RS_PACK_H
#define FLOE_RS_PACK_H
#include "gf16.h"


/* Copies n (<= 32) bytes with 16-byte moves; may read and write up to 15 bytes past the end. */
static inline void copy_run(u8 *dst, const u8 *src, u32 n) {
  wasm_v128_store(dst, wasm_v128_load(src));
  if (n > 16) wasm_v128_store(dst + 16, wasm_v128_load(src + 16));
}

/*
 * Packs `count` symbols of s bytes (contiguous at src) into dst as packed 64-byte blocks:
 * element x of the group (symbol-major) goes to block x/32, lane x%32. Writes ceil(count*s/64)
 * blocks; lanes past the last element hold unspecified bytes (coding is element-wise).
 */
static void pack_row(const u8 *src, u32 count, u32 s, u8 *dst) {
  u8 tlo[48] __attribute__((aligned(16)));
  u8 thi[48] __attribute__((aligned(16)));
  u32 whole = s / 64, tail = s % 64, half = tail / 2;
  u32 lane = 0;
  u8 *out = dst;
  for (u32 c = 0; c < count; c++) {
    const u8 *sym = src + (u64)c * s;
    for (u32 q = 0; q <= whole; q++) {
      const u8 *lo = sym + 64 * q;
      const u8 *hi;
      u32 n;
      if (q < whole) {
        hi = lo + 32;
        n = 32;
      } else {
        hi = lo + half;
        n = half;
      }
      while (n > 0) {
        u32 take = 32 - lane < n ? 32 - lane : n;
        copy_run(tlo + lane, lo, take);
        copy_run(thi + lane, hi, take);
        lane += take;
        lo += take;
        hi += take;
        n -= take;
        if (lane == 32) {
          wasm_v128_store(out, wasm_v128_load(tlo));
          wasm_v128_store(out + 16, wasm_v128_load(tlo + 16));
          wasm_v128_store(out + 32, wasm_v128_load(thi));
          wasm_v128_store(out + 48, wasm_v128_load(thi + 16));
          out += 64;
          lane = 0;
        }
      }
    }
  }
  if (lane > 0) {
    wasm_v128_store(out, wasm_v128_load(tlo));
    wasm_v128_store(out + 16, wasm_v128_load(tlo + 16));
    wasm_v128_store(out + 32, wasm_v128_load(thi));
    wasm_v128_store(out + 48, wasm_v128_load(thi + 16));
  }
}

static inline void copy_exact(u8 *dst, const u8 *src, u32 n) {
  for (u32 i = 0; i < n; i++) dst[i] = src[i];
}

/* Copies a run of n (<= 32) bytes to d, with wide moves only where they cannot pass `end`. */
static inline void copy_out(u8 *d, const u8 *src, u32 n, const u8 *end) {
  if (d + (n > 16 ? 32 : 16) <= end) copy_run(d, src, n);
  else copy_exact(d, src, n);
}

/*
 * Inverse of pack_row: writes exactly count*s bytes at dst. Runs are copied in increasing
 * destination order with 16-byte moves that may spill into bytes written next, except near the
 * end, so nothing past dst + count*s is touched.
 */
static void unpack_row(const u8 *src, u32 count, u32 s, u8 *dst) {
  u32 whole = s / 64, tail = s % 64, half = tail / 2;
  u32 x = 0; /* element index in the group */
  const u8 *end = dst + (u64)count * s;
  for (u32 c = 0; c < count; c++) {
    u8 *sym = dst + (u64)c * s;
    for (u32 q = 0; q <= whole; q++) {
      u8 *lo = sym + 64 * q;
      u32 n = q < whole ? 32 : half;
      u8 *hi = q < whole ? lo + 32 : lo + half;
      /* Low bytes first, then high bytes: destination addresses only increase. */
      u32 xx = x, left = n;
      while (left > 0) {
        u32 lane = xx & 31, take = 32 - lane < left ? 32 - lane : left;
        copy_out(lo, src + (u64)(xx >> 5) * 64 + lane, take, end);
        lo += take;
        xx += take;
        left -= take;
      }
      xx = x;
      left = n;
      while (left > 0) {
        u32 lane = xx & 31, take = 32 - lane < left ? 32 - lane : left;
        copy_out(hi, src + (u64)(xx >> 5) * 64 + 32 + lane, take, end);
        hi += take;
        xx += take;
        left -= take;
      }
      x += n;
    }
  }
}


#endif
