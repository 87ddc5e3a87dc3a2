/*
 * The additive FFT and IFFT of reed-solomon-simd 3.x over shards of packed 64-byte blocks, with
 * its two-layer butterflies and truncation. Included once, by reed-solomon.c.
 */
#ifndef FLOE_RS_FFT_H
#define FLOE_RS_FFT_H
#include "gf16.h"

/* FFT butterfly: x ^= y * m; y ^= x. IFFT butterfly: y ^= x; x ^= y * m. */
#define FFT_B(x, y, t) \
  do {                 \
    x = muladd(x, y, t); \
    y = xr(y, x);      \
  } while (0)
#define IFFT_B(x, y, t) \
  do {                  \
    y = xr(y, x);       \
    x = muladd(x, y, t); \
  } while (0)

/* Work shards: shard i starts at work + i * sb; sb is a multiple of 64. */

static void fft_two_layers(u8 *a, u32 dist_bytes, u32 sb, const v128_t *t01, const v128_t *t23,
                           const v128_t *t02) {
  u8 *b = a + dist_bytes, *c = b + dist_bytes, *d = c + dist_bytes;
  for (u32 o = 0; o < sb; o += 64) {
    for (u32 h = 0; h < 32; h += 16) {
      el16 s0 = ld(a + o + h), s1 = ld(b + o + h), s2 = ld(c + o + h), s3 = ld(d + o + h);
      FFT_B(s0, s2, t02);
      FFT_B(s1, s3, t02);
      FFT_B(s0, s1, t01);
      FFT_B(s2, s3, t23);
      st(a + o + h, s0);
      st(b + o + h, s1);
      st(c + o + h, s2);
      st(d + o + h, s3);
    }
  }
}

static void ifft_two_layers(u8 *a, u32 dist_bytes, u32 sb, const v128_t *t01, const v128_t *t23,
                            const v128_t *t02) {
  u8 *b = a + dist_bytes, *c = b + dist_bytes, *d = c + dist_bytes;
  for (u32 o = 0; o < sb; o += 64) {
    for (u32 h = 0; h < 32; h += 16) {
      el16 s0 = ld(a + o + h), s1 = ld(b + o + h), s2 = ld(c + o + h), s3 = ld(d + o + h);
      IFFT_B(s0, s1, t01);
      IFFT_B(s2, s3, t23);
      IFFT_B(s0, s2, t02);
      IFFT_B(s1, s3, t02);
      st(a + o + h, s0);
      st(b + o + h, s1);
      st(c + o + h, s2);
      st(d + o + h, s3);
    }
  }
}

static void fft_one(u8 *x, u8 *y, u32 sb, const v128_t *t) {
  for (u32 o = 0; o < sb; o += 16) {
    if ((o & 63) >= 32) continue;
    el16 a = ld(x + o), b = ld(y + o);
    FFT_B(a, b, t);
    st(x + o, a);
    st(y + o, b);
  }
}

static void ifft_one(u8 *x, u8 *y, u32 sb, const v128_t *t) {
  for (u32 o = 0; o < sb; o += 16) {
    if ((o & 63) >= 32) continue;
    el16 a = ld(x + o), b = ld(y + o);
    IFFT_B(a, b, t);
    st(x + o, a);
    st(y + o, b);
  }
}

static void fft(u8 *work, u32 sb, u32 pos, u32 size, u32 truncated, u32 skew_delta) {
  u32 dist4 = size, dist = size >> 2;
  while (dist != 0) {
    for (u32 r = 0; r < truncated; r += dist4) {
      u32 base = r + dist + skew_delta - 1;
      v128_t b01[8], b02[8], b23[8];
      const v128_t *t01 = table(SKEW[base], b01), *t02 = table(SKEW[base + dist], b02),
                   *t23 = table(SKEW[base + 2 * dist], b23);
      for (u32 i = r; i < r + dist; i++)
        fft_two_layers(work + (u64)(pos + i) * sb, dist * sb, sb, t01, t23, t02);
    }
    dist4 = dist;
    dist >>= 2;
  }
  if (dist4 == 2) {
    for (u32 r = 0; r < truncated; r += 2) {
      u8 *x = work + (u64)(pos + r) * sb;
      v128_t b[8];
      fft_one(x, x + sb, sb, table(SKEW[r + skew_delta], b));
    }
  }
}

static void ifft(u8 *work, u32 sb, u32 pos, u32 size, u32 truncated, u32 skew_delta) {
  u32 dist = 1, dist4 = 4;
  while (dist4 <= size) {
    for (u32 r = 0; r < truncated; r += dist4) {
      u32 base = r + dist + skew_delta - 1;
      v128_t b01[8], b02[8], b23[8];
      const v128_t *t01 = table(SKEW[base], b01), *t02 = table(SKEW[base + dist], b02),
                   *t23 = table(SKEW[base + 2 * dist], b23);
      for (u32 i = r; i < r + dist; i++)
        ifft_two_layers(work + (u64)(pos + i) * sb, dist * sb, sb, t01, t23, t02);
    }
    dist = dist4;
    dist4 <<= 2;
  }
  if (dist < size) {
    v128_t b[8];
    const v128_t *t = table(SKEW[dist + skew_delta - 1], b);
    for (u32 i = 0; i < dist; i++) {
      u8 *x = work + (u64)(pos + i) * sb;
      ifft_one(x, x + (u64)dist * sb, sb, t);
    }
  }
}

/* x[0..n shards) ^= y[0..n shards) */
static void xor_shards(u8 *x, const u8 *y, u64 bytes) {
  for (u64 o = 0; o < bytes; o += 16)
    wasm_v128_store(x + o, wasm_v128_xor(wasm_v128_load(x + o), wasm_v128_load(y + o)));
}

static void zero_shards(u8 *x, u64 bytes) { __builtin_memset(x, 0, bytes); }

/* x *= exp(log_m) in place (no zero special case, as the crate's `mul`). */
static void mul_shard(u8 *x, u32 sb, u16 log_m) {
  v128_t t[8];
  get_lut(log_m, t);
  for (u32 o = 0; o < sb; o += 64) {
    for (u32 h = 0; h < 32; h += 16) {
      v128_t pl, ph;
      gf_mulv(wasm_v128_load(x + o + h), wasm_v128_load(x + o + h + 32), t, &pl, &ph);
      wasm_v128_store(x + o + h, pl);
      wasm_v128_store(x + o + h + 32, ph);
    }
  }
}


#endif
