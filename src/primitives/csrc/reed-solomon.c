/*
 * Reed-Solomon over GF(2^16) for Floe, compiled to wasm32 with SIMD128. The code is the one of
 * the reed-solomon-simd 3.x crate (Leopard-RS / Lin-Chung-Han additive FFT in the Cantor basis,
 * its skew factors, its high/low rate chunking), so recovery shards are byte-identical to it.
 *
 * Element layout: reed-solomon-simd reads a shard of s bytes as s/2 GF(2^16) elements: in each
 * whole 64-byte chunk, element i has its low byte at i and its high byte at 32+i; in a tail of
 * T < 64 bytes, element i has its low byte at i and its high byte at T/2+i. Coding is element-wise
 * (element e of every output depends only on element e of the inputs), so many symbols are coded
 * at once by packing their elements densely into 64-byte blocks (32 low bytes, 32 high bytes),
 * which keeps SIMD lanes full even for 6-byte symbols.
 *
 * GF multiply-accumulate uses 4-bit lookup tables through i8x16.swizzle.
 */
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
/* For each log_m: 4 low-byte tables then 4 high-byte tables of 16 entries (nibble 0..3). */
static v128_t MUL[GF_ORDER][8];
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

  for (u32 lm = 0; lm < GF_ORDER; lm++) {
    for (u32 i = 0; i < 4; i++) {
      u8 lo[16], hi[16];
      for (u32 x = 0; x < 16; x++) {
        u16 p = gf_mul((u16)(x << (4 * i)), (u16)lm);
        lo[x] = (u8)p;
        hi[x] = (u8)(p >> 8);
      }
      MUL[lm][i] = wasm_v128_load(lo);
      MUL[lm][4 + i] = wasm_v128_load(hi);
    }
  }
  ready = 1;
}

/* ---------------------------------------------------------------- SIMD GF arithmetic */

/* (plo, phi) = (lo, hi) * exp(log_m) for 16 elements, with t = MUL[log_m]. */
static inline void gf_mulv(v128_t lo, v128_t hi, const v128_t *t, v128_t *plo, v128_t *phi) {
  const v128_t mask = wasm_i8x16_splat(15);
  v128_t l0 = wasm_v128_and(lo, mask), l1 = wasm_u8x16_shr(lo, 4);
  v128_t h0 = wasm_v128_and(hi, mask), h1 = wasm_u8x16_shr(hi, 4);
  *plo = wasm_v128_xor(wasm_v128_xor(wasm_i8x16_swizzle(t[0], l0), wasm_i8x16_swizzle(t[1], l1)),
                       wasm_v128_xor(wasm_i8x16_swizzle(t[2], h0), wasm_i8x16_swizzle(t[3], h1)));
  *phi = wasm_v128_xor(wasm_v128_xor(wasm_i8x16_swizzle(t[4], l0), wasm_i8x16_swizzle(t[5], l1)),
                       wasm_v128_xor(wasm_i8x16_swizzle(t[6], h0), wasm_i8x16_swizzle(t[7], h1)));
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

static inline const v128_t *table(u16 log_m) { return log_m == GF_MOD ? 0 : MUL[log_m]; }

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
      const v128_t *t01 = table(SKEW[base]), *t02 = table(SKEW[base + dist]),
                   *t23 = table(SKEW[base + 2 * dist]);
      for (u32 i = r; i < r + dist; i++)
        fft_two_layers(work + (u64)(pos + i) * sb, dist * sb, sb, t01, t23, t02);
    }
    dist4 = dist;
    dist >>= 2;
  }
  if (dist4 == 2) {
    for (u32 r = 0; r < truncated; r += 2) {
      u8 *x = work + (u64)(pos + r) * sb;
      fft_one(x, x + sb, sb, table(SKEW[r + skew_delta]));
    }
  }
}

static void ifft(u8 *work, u32 sb, u32 pos, u32 size, u32 truncated, u32 skew_delta) {
  u32 dist = 1, dist4 = 4;
  while (dist4 <= size) {
    for (u32 r = 0; r < truncated; r += dist4) {
      u32 base = r + dist + skew_delta - 1;
      const v128_t *t01 = table(SKEW[base]), *t02 = table(SKEW[base + dist]),
                   *t23 = table(SKEW[base + 2 * dist]);
      for (u32 i = r; i < r + dist; i++)
        ifft_two_layers(work + (u64)(pos + i) * sb, dist * sb, sb, t01, t23, t02);
    }
    dist = dist4;
    dist4 <<= 2;
  }
  if (dist < size) {
    const v128_t *t = table(SKEW[dist + skew_delta - 1]);
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
  const v128_t *t = MUL[log_m];
  for (u32 o = 0; o < sb; o += 64) {
    for (u32 h = 0; h < 32; h += 16) {
      v128_t pl, ph;
      gf_mulv(wasm_v128_load(x + o + h), wasm_v128_load(x + o + h + 32), t, &pl, &ph);
      wasm_v128_store(x + o + h, pl);
      wasm_v128_store(x + o + h + 32, ph);
    }
  }
}

static u32 next_pow2(u32 x) {
  u32 p = 1;
  while (p < x) p <<= 1;
  return p;
}

/* reed-solomon-simd's choice between its high-rate and low-rate codes. */
static int use_high_rate(u32 k, u32 m) {
  u32 kp = next_pow2(k), mp = next_pow2(m);
  if (kp < mp) return 0;
  if (kp > mp) return 1;
  return k <= m;
}

/* ---------------------------------------------------------------- packing */

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

/* ---------------------------------------------------------------- encode */

/* Encodes in place: originals in work[0..k), recovery shards left in work[0..m). */
static void encode_work(u32 k, u32 m, u32 sb, u8 *work) {
  if (use_high_rate(k, m)) {
    u32 chunk = next_pow2(m);
    u32 first = k < chunk ? k : chunk;
    zero_shards(work + (u64)first * sb, (u64)(chunk - first) * sb);
    ifft(work, sb, 0, chunk, first, chunk);
    if (k > chunk) {
      u32 start = chunk;
      while (start + chunk <= k) {
        ifft(work, sb, start, chunk, chunk, start + chunk);
        xor_shards(work, work + (u64)start * sb, (u64)chunk * sb);
        start += chunk;
      }
      u32 last = k % chunk;
      if (last > 0) {
        zero_shards(work + (u64)(start + last) * sb, (u64)(chunk - last) * sb);
        ifft(work, sb, start, chunk, last, start + chunk);
        xor_shards(work, work + (u64)start * sb, (u64)chunk * sb);
      }
    }
    fft(work, sb, 0, chunk, m, 0);
  } else {
    u32 chunk = next_pow2(k);
    zero_shards(work + (u64)k * sb, (u64)(chunk - k) * sb);
    ifft(work, sb, 0, chunk, k, 0);
    for (u32 start = chunk; start < m; start += chunk)
      __builtin_memcpy(work + (u64)start * sb, work, (u64)chunk * sb);
    u32 start = 0;
    while (start + chunk <= m) {
      fft(work, sb, start, chunk, chunk, start + chunk);
      start += chunk;
    }
    u32 last = m % chunk;
    if (last > 0) fft(work, sb, start, chunk, last, start + chunk);
  }
}

/* Shards of work space encode needs. */
__attribute__((export_name("rs_encode_work_shards"))) u32 rs_encode_work_shards(u32 k, u32 m) {
  if (use_high_rate(k, m)) {
    u32 chunk = next_pow2(m);
    return (k + chunk - 1) / chunk * chunk;
  }
  u32 chunk = next_pow2(k);
  u32 w = (m + chunk - 1) / chunk * chunk;
  return w;
}

/*
 * Encodes `cols` codewords at once: `in` holds k shards of cols symbols of s bytes (shard i at
 * in + i * cols * s), `out` receives the m recovery shards the same way. Columns are processed
 * `group` at a time (packed shard size ceil(group * s / 64) * 64 bytes) to stay in cache.
 */
__attribute__((export_name("rs_encode"))) void rs_encode(u32 k, u32 m, u32 s, u32 cols,
                                                         const u8 *in, u8 *out, u8 *work,
                                                         u32 group) {
  u64 row = (u64)cols * s;
  for (u32 c0 = 0; c0 < cols; c0 += group) {
    u32 g = cols - c0 < group ? cols - c0 : group;
    u32 sb = (g * s + 63) / 64 * 64;
    for (u32 i = 0; i < k; i++) pack_row(in + i * row + (u64)c0 * s, g, s, work + (u64)i * sb);
    encode_work(k, m, sb, work);
    for (u32 j = 0; j < m; j++) unpack_row(work + (u64)j * sb, g, s, out + j * row + (u64)c0 * s);
  }
}

/* ---------------------------------------------------------------- decode */

static void formal_derivative(u8 *work, u32 sb, u32 len) {
  for (u32 i = 1; i < len; i++) {
    u32 width = i & (~i + 1);
    xor_shards(work + (u64)(i - width) * sb, work + (u64)i * sb, (u64)width * sb);
  }
}

/* Shards of work space decode needs. */
__attribute__((export_name("rs_decode_work_shards"))) u32 rs_decode_work_shards(u32 k, u32 m) {
  return use_high_rate(k, m) ? next_pow2(next_pow2(m) + k) : next_pow2(next_pow2(k) + m);
}

/*
 * Restores the missing originals of `cols` codewords from `count` shards at distinct positions
 * `pos[0..count)` (0..k-1 original, k+j recovery j; count >= k, checked by the caller); `in`
 * holds them as rs_encode lays out shards. Writes each missing original i to out + i * cols * s
 * (present originals are left untouched).
 */
__attribute__((export_name("rs_decode"))) void rs_decode(u32 k, u32 m, u32 s, u32 cols, u32 count,
                                                         const u32 *pos, const u8 *in, u8 *out,
                                                         u8 *work, u32 group, u8 *received) {
  int high = use_high_rate(k, m);
  u32 chunk = high ? next_pow2(m) : next_pow2(k);
  u32 orig_base = high ? chunk : 0, rec_base = high ? 0 : chunk;
  u32 end = chunk + (high ? k : m);
  u32 work_count = next_pow2(end);
  __builtin_memset(received, 0, work_count);
  for (u32 p = 0; p < count; p++)
    received[pos[p] < k ? orig_base + pos[p] : rec_base + (pos[p] - k)] = 1;

  __builtin_memset(ERASURES, 0, sizeof(ERASURES));
  if (high) {
    for (u32 i = 0; i < m; i++) ERASURES[i] = !received[i];
    for (u32 i = m; i < chunk; i++) ERASURES[i] = 1;
    for (u32 i = chunk; i < end; i++) ERASURES[i] = !received[i];
  } else {
    for (u32 i = 0; i < k; i++) ERASURES[i] = !received[i];
    for (u32 i = chunk; i < end; i++) ERASURES[i] = !received[i];
    for (u32 i = end; i < GF_ORDER; i++) ERASURES[i] = 1;
  }
  fwht(ERASURES, high ? end : GF_ORDER);
  for (u32 i = 0; i < GF_ORDER; i++) {
    u32 prod = (u32)ERASURES[i] * LOG_WALSH[i];
    ERASURES[i] = add_mod(prod & 0xffff, prod >> 16);
  }
  fwht(ERASURES, GF_ORDER);

  u64 row = (u64)cols * s;
  for (u32 c0 = 0; c0 < cols; c0 += group) {
    u32 g = cols - c0 < group ? cols - c0 : group;
    u32 sb = (g * s + 63) / 64 * 64;
    zero_shards(work, (u64)work_count * sb);
    for (u32 p = 0; p < count; p++) {
      u32 at = pos[p] < k ? orig_base + pos[p] : rec_base + (pos[p] - k);
      pack_row(in + p * row + (u64)c0 * s, g, s, work + (u64)at * sb);
      mul_shard(work + (u64)at * sb, sb, ERASURES[at]);
    }
    ifft(work, sb, 0, work_count, end, 0);
    formal_derivative(work, sb, work_count);
    fft(work, sb, 0, work_count, end, 0);
    for (u32 i = 0; i < k; i++) {
      u32 at = orig_base + i;
      if (received[at]) continue;
      mul_shard(work + (u64)at * sb, sb, (u16)(GF_MOD - ERASURES[at]));
      unpack_row(work + (u64)at * sb, g, s, out + i * row + (u64)c0 * s);
    }
  }
}
