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
#include "rs/fft.h"
#include "rs/gf16.h"
#include "rs/pack.h"

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
