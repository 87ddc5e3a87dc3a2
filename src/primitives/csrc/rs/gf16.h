/*
 * GF(2^16) of reed-solomon-simd 3.x: exp/log tables in the Cantor basis, the FFT skew factors,
 * the logarithmic Walsh transform used by the decoder, and 4-bit multiply tables for SIMD.
 * Included once, by reed-solomon.c.
 */
#ifndef FLOE_RS_GF16_H
#define FLOE_RS_GF16_H
#include <stdint.h>
#include <wasm_simd128.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#define GF_ORDER 65536u
#define GF_MOD 65535u
#define GF_POLY 0x1002Du

static const u16 CANTOR[16] = {0x0001, 0xACCA, 0x3C0E, 0x163E, 0xC582, 0xED2E, 0x914C, 0x4012,
                               0x6C98, 0x10D8, 0x6A72, 0xB900, 0xFDB8, 0xFB34, 0xFF38, 0x991E};

static u16 EXP[GF_ORDER];
static u16 LOG[GF_ORDER];
static u16 SKEW[GF_ORDER];
static u16 LOG_WALSH[GF_ORDER];
static u16 ERASURES[GF_ORDER];
/*
 * Multiply tables, built on demand: for a factor exp(log_m), 4 low-byte tables then 4 high-byte
 * tables of 16 entries, one per nibble position of the multiplicand. A direct-mapped cache keeps
 * the ones in use (an FFT reuses the same skew factors for every group of columns) in 512 KiB
 * instead of 8 MiB for all 65536 factors.
 */
#define LUT_SLOTS 4096u
static v128_t LUT[LUT_SLOTS][8];
static u32 LUT_TAG[LUT_SLOTS]; /* log_m + 1 of the table held by a slot; 0 when empty */
static int ready;

static inline u16 add_mod(u32 a, u32 b) {
  u32 s = a + b;
  return (u16)(s + (s >> 16));
}

static inline u16 sub_mod(u32 a, u32 b) {
  u32 d = a - b;
  return (u16)(d + (d >> 16));
}

static inline u16 gf_mul(u16 x, u16 log_m) {
  return x == 0 ? 0 : EXP[add_mod(LOG[x], log_m)];
}

static void fwht(u16 *data, u32 truncated) {
  u32 dist = 1, dist4 = 4;
  while (dist4 <= GF_ORDER) {
    for (u32 r = 0; r < truncated; r += dist4) {
      for (u32 i0 = r; i0 < r + dist; i0++) {
        u32 i1 = i0 + dist, i2 = i0 + 2 * dist, i3 = i0 + 3 * dist;
        u16 s0 = add_mod(data[i0], data[i1]), d0 = sub_mod(data[i0], data[i1]);
        u16 s1 = add_mod(data[i2], data[i3]), d1 = sub_mod(data[i2], data[i3]);
        data[i0] = add_mod(s0, s1);
        data[i2] = sub_mod(s0, s1);
        data[i1] = add_mod(d0, d1);
        data[i3] = sub_mod(d0, d1);
      }
    }
    dist = dist4;
    dist4 <<= 2;
  }
}

/* Builds every table; idempotent. */
__attribute__((export_name("rs_init"))) void rs_init(void) {
  if (ready) return;
  u32 state = 1;
  for (u32 i = 0; i < GF_MOD; i++) {
    EXP[state] = (u16)i;
    state <<= 1;
    if (state >= GF_ORDER) state ^= GF_POLY;
  }
  EXP[0] = GF_MOD;
  LOG[0] = 0;
  for (u32 i = 0; i < 16; i++) {
    u32 width = 1u << i;
    for (u32 j = 0; j < width; j++) LOG[j + width] = LOG[j] ^ CANTOR[i];
  }
  for (u32 i = 0; i < GF_ORDER; i++) LOG[i] = EXP[LOG[i]];
  for (u32 i = 0; i < GF_ORDER; i++) EXP[LOG[i]] = (u16)i;
  EXP[GF_MOD] = EXP[0];

  /* Skew factors of the FFT layers, stored as logarithms. */
  u16 temp[15];
  for (u32 i = 1; i < 16; i++) temp[i - 1] = (u16)(1u << i);
  for (u32 m = 0; m < 15; m++) {
    u32 step = 1u << (m + 1);
    SKEW[(1u << m) - 1] = 0;
    for (u32 i = m; i < 15; i++) {
      u32 s = 1u << (i + 1);
      for (u32 j = (1u << m) - 1; j < s; j += step) SKEW[j + s] = SKEW[j] ^ temp[i];
    }
    temp[m] = (u16)(GF_MOD - LOG[gf_mul(temp[m], LOG[temp[m] ^ 1])]);
    for (u32 i = m + 1; i < 15; i++) {
      u16 sum = add_mod(LOG[temp[i] ^ 1], temp[m]);
      temp[i] = gf_mul(temp[i], sum);
    }
  }
  for (u32 i = 0; i < GF_MOD; i++) SKEW[i] = LOG[SKEW[i]];

  for (u32 i = 0; i < GF_ORDER; i++) LOG_WALSH[i] = LOG[i];
  LOG_WALSH[0] = 0;
  fwht(LOG_WALSH, GF_ORDER);

  ready = 1;
}

/* ---------------------------------------------------------------- SIMD GF arithmetic */

/*
 * Table lookup of 16 nibbles (indices are always 0..15). With FLOE_RELAXED_SIMD the relaxed
 * swizzle is used: engines lower it to a bare pshufb/tbl, while the strict swizzle must also
 * zero lanes for indices >= 16, an extra instruction per lookup.
 */
#ifdef FLOE_RELAXED_SIMD
#define SWZ(t, i) __builtin_wasm_relaxed_swizzle_i8x16((t), (i))
#else
#define SWZ(t, i) wasm_i8x16_swizzle((t), (i))
#endif

/* (plo, phi) = (lo, hi) * exp(log_m) for 16 elements, with t the tables of exp(log_m). */
static inline void gf_mulv(v128_t lo, v128_t hi, const v128_t *t, v128_t *plo, v128_t *phi) {
  const v128_t mask = wasm_i8x16_splat(15);
  /*
   * High nibbles by a 16-bit shift and the same mask: V8 lowers i8x16.shr_u to that shift plus
   * a mask it rebuilds from an immediate at every use.
   */
  v128_t l0 = wasm_v128_and(lo, mask), l1 = wasm_v128_and(wasm_u16x8_shr(lo, 4), mask);
  v128_t h0 = wasm_v128_and(hi, mask), h1 = wasm_v128_and(wasm_u16x8_shr(hi, 4), mask);
  *plo = wasm_v128_xor(wasm_v128_xor(SWZ(t[0], l0), SWZ(t[1], l1)),
                       wasm_v128_xor(SWZ(t[2], h0), SWZ(t[3], h1)));
  *phi = wasm_v128_xor(wasm_v128_xor(SWZ(t[4], l0), SWZ(t[5], l1)),
                       wasm_v128_xor(SWZ(t[6], h0), SWZ(t[7], h1)));
}

/* One register pair: 16 elements (low bytes, high bytes). */
typedef struct {
  v128_t lo, hi;
} el16;

static inline el16 ld(const u8 *p) {
  el16 e = {wasm_v128_load(p), wasm_v128_load(p + 32)};
  return e;
}
static inline void st(u8 *p, el16 e) {
  wasm_v128_store(p, e.lo);
  wasm_v128_store(p + 32, e.hi);
}
static inline el16 xr(el16 a, el16 b) {
  el16 e = {wasm_v128_xor(a.lo, b.lo), wasm_v128_xor(a.hi, b.hi)};
  return e;
}
/* a ^ b * exp(log_m); t == 0 means the factor is zero (log_m == GF_MOD): a unchanged. */
static inline el16 muladd(el16 a, el16 b, const v128_t *t) {
  if (!t) return a;
  v128_t pl, ph;
  gf_mulv(b.lo, b.hi, t, &pl, &ph);
  el16 e = {wasm_v128_xor(a.lo, pl), wasm_v128_xor(a.hi, ph)};
  return e;
}

/* Builds the multiply tables of exp(log_m); multiplication by a constant is GF(2)-linear. */
static void build_lut(v128_t out[8], u16 log_m) {
  u8 lo[4][16] __attribute__((aligned(16)));
  u8 hi[4][16] __attribute__((aligned(16)));
  for (u32 i = 0; i < 4; i++) {
    u16 prod[16];
    prod[0] = 0;
    for (u32 b = 0; b < 4; b++) prod[1u << b] = gf_mul((u16)(1u << (4 * i + b)), log_m);
    for (u32 x = 1; x < 16; x++) {
      u32 low = x & (~x + 1);
      prod[x] = prod[x ^ low] ^ prod[low];
    }
    for (u32 x = 0; x < 16; x++) {
      lo[i][x] = (u8)prod[x];
      hi[i][x] = (u8)(prod[x] >> 8);
    }
  }
  for (u32 i = 0; i < 4; i++) {
    out[i] = wasm_v128_load(lo[i]);
    out[4 + i] = wasm_v128_load(hi[i]);
  }
}

/* Copies the multiply tables of exp(log_m) into buf (from the cache, building them if needed). */
static inline void get_lut(u16 log_m, v128_t buf[8]) {
  u32 slot = log_m & (LUT_SLOTS - 1);
  if (LUT_TAG[slot] != (u32)log_m + 1) {
    build_lut(LUT[slot], log_m);
    LUT_TAG[slot] = (u32)log_m + 1;
  }
  for (u32 i = 0; i < 8; i++) buf[i] = LUT[slot][i];
}

/* The tables of a butterfly factor in buf, or 0 for log_m == GF_MOD (factor zero: no multiply). */
static inline const v128_t *table(u16 log_m, v128_t buf[8]) {
  if (log_m == GF_MOD) return 0;
  get_lut(log_m, buf);
  return buf;
}


#endif
