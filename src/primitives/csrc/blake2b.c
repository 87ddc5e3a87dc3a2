/*
 * Batched Blake2b-256 for Floe, compiled to wasm32 with SIMD128.
 *
 * Two messages of equal length are compressed at once: lane 0 of every v128 holds a word of
 * message A, lane 1 the same word of message B. Equal lengths mean equal counters and final
 * flags, so no lane ever diverges and the rounds need no diagonal shuffles.
 *
 * Memory is managed by the JavaScript loader: it passes offsets into linear memory.
 */
#include <stdint.h>
#include <wasm_simd128.h>

typedef uint8_t u8;
typedef uint32_t u32;
typedef uint64_t u64;

static const u64 IV[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

static const u8 SIGMA[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
};

/*
 * Lane rotations. V8 lowers a constant byte shuffle to pshufb with a mask it rebuilds from two
 * 64-bit immediates at every use (four extra instructions), or to pshuflw+pshufhw. With relaxed
 * SIMD, a swizzle by a mask held in a variable is a single pshufb; the masks live in memory
 * written by b2_init so that clang cannot fold them back into constant shuffles. The strict
 * build rotates by 24 with two shifts and an or instead.
 */
#define ROTR32(x) wasm_i32x4_shuffle((x), (x), 1, 0, 3, 2)
#ifdef FLOE_RELAXED_SIMD
static v128_t ROT_MASKS[2];
#define ROT_MASK_LOCALS const v128_t rot24 = ROT_MASKS[0], rot16 = ROT_MASKS[1]
#define ROTR24(x) __builtin_wasm_relaxed_swizzle_i8x16((x), rot24)
#define ROTR16(x) __builtin_wasm_relaxed_swizzle_i8x16((x), rot16)
#else
#define ROT_MASK_LOCALS (void)0
#define ROTR24(x) wasm_v128_or(wasm_u64x2_shr((x), 24), wasm_i64x2_shl((x), 40))
#define ROTR16(x) wasm_i8x16_shuffle((x), (x), 2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9)
#endif
#define ROTR63(x) wasm_v128_or(wasm_i64x2_add((x), (x)), wasm_u64x2_shr((x), 63))

/* Sets up the rotation masks (a no-op in the strict build); call once before hashing. */
__attribute__((export_name("b2_init"))) void b2_init(void) {
#ifdef FLOE_RELAXED_SIMD
  ROT_MASKS[0] = wasm_i8x16_make(3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10);
  ROT_MASKS[1] = wasm_i8x16_make(2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9);
#endif
}

/*
 * G on two lanes. Message word ix is added only when ix < nz: words at or past nz are known to be
 * zero (the rest of a short last block), and nz is a compile-time constant in each specialised
 * copy of compress2, so those additions vanish.
 */
#define ADDM(a, ix) ((ix) < nz ? wasm_i64x2_add((a), m[(ix)]) : (a))
#define G(a, b, c, d, ix, iy)                        \
  do {                                               \
    a = ADDM(wasm_i64x2_add(a, b), ix);              \
    d = ROTR32(wasm_v128_xor(d, a));                 \
    c = wasm_i64x2_add(c, d);                        \
    b = ROTR24(wasm_v128_xor(b, c));                 \
    a = ADDM(wasm_i64x2_add(a, b), iy);              \
    d = ROTR16(wasm_v128_xor(d, a));                 \
    c = wasm_i64x2_add(c, d);                        \
    b = ROTR63(wasm_v128_xor(b, c));                 \
  } while (0)

/*
 * Compresses one 128-byte block of each of two messages into h (two lanes); message words nz..15
 * of both blocks must be zero.
 */
static inline __attribute__((always_inline)) void compress2_nz(v128_t h[8], const u8 *blk_a,
                                                               const u8 *blk_b, u64 t, int last,
                                                               const int nz) {
  ROT_MASK_LOCALS;
  v128_t m[16];
  for (int j = 0; j < 8; j++) {
    v128_t va = wasm_v128_load(blk_a + 16 * j);
    v128_t vb = wasm_v128_load(blk_b + 16 * j);
    m[2 * j] = wasm_i64x2_shuffle(va, vb, 0, 2);
    m[2 * j + 1] = wasm_i64x2_shuffle(va, vb, 1, 3);
  }
  v128_t v0 = h[0], v1 = h[1], v2 = h[2], v3 = h[3];
  v128_t v4 = h[4], v5 = h[5], v6 = h[6], v7 = h[7];
  v128_t v8 = wasm_i64x2_splat((int64_t)IV[0]), v9 = wasm_i64x2_splat((int64_t)IV[1]);
  v128_t v10 = wasm_i64x2_splat((int64_t)IV[2]), v11 = wasm_i64x2_splat((int64_t)IV[3]);
  v128_t v12 = wasm_i64x2_splat((int64_t)(IV[4] ^ t)), v13 = wasm_i64x2_splat((int64_t)IV[5]);
  v128_t v14 = wasm_i64x2_splat((int64_t)(last ? ~IV[6] : IV[6]));
  v128_t v15 = wasm_i64x2_splat((int64_t)IV[7]);
#pragma clang loop unroll(full)
  for (int r = 0; r < 12; r++) {
    const u8 *s = SIGMA[r];
    G(v0, v4, v8, v12, s[0], s[1]);
    G(v1, v5, v9, v13, s[2], s[3]);
    G(v2, v6, v10, v14, s[4], s[5]);
    G(v3, v7, v11, v15, s[6], s[7]);
    G(v0, v5, v10, v15, s[8], s[9]);
    G(v1, v6, v11, v12, s[10], s[11]);
    G(v2, v7, v8, v13, s[12], s[13]);
    G(v3, v4, v9, v14, s[14], s[15]);
  }
  h[0] = wasm_v128_xor(h[0], wasm_v128_xor(v0, v8));
  h[1] = wasm_v128_xor(h[1], wasm_v128_xor(v1, v9));
  h[2] = wasm_v128_xor(h[2], wasm_v128_xor(v2, v10));
  h[3] = wasm_v128_xor(h[3], wasm_v128_xor(v3, v11));
  h[4] = wasm_v128_xor(h[4], wasm_v128_xor(v4, v12));
  h[5] = wasm_v128_xor(h[5], wasm_v128_xor(v5, v13));
  h[6] = wasm_v128_xor(h[6], wasm_v128_xor(v6, v14));
  h[7] = wasm_v128_xor(h[7], wasm_v128_xor(v7, v15));
}

static void compress2_16(v128_t h[8], const u8 *a, const u8 *b, u64 t, int last) {
  compress2_nz(h, a, b, t, last, 16);
}
static void compress2_9(v128_t h[8], const u8 *a, const u8 *b, u64 t, int last) {
  compress2_nz(h, a, b, t, last, 9);
}
static void compress2_4(v128_t h[8], const u8 *a, const u8 *b, u64 t, int last) {
  compress2_nz(h, a, b, t, last, 4);
}
static void compress2_1(v128_t h[8], const u8 *a, const u8 *b, u64 t, int last) {
  compress2_nz(h, a, b, t, last, 1);
}

/* Compression of a block whose bytes past `used` are zero, by the narrowest specialisation. */
static inline void compress2(v128_t h[8], const u8 *a, const u8 *b, u64 t, int last, u32 used) {
  if (used <= 8) compress2_1(h, a, b, t, last);
  else if (used <= 32) compress2_4(h, a, b, t, last);
  else if (used <= 72) compress2_9(h, a, b, t, last);
  else compress2_16(h, a, b, t, last);
}

static inline void init2(v128_t h[8]) {
  for (int i = 0; i < 8; i++) h[i] = wasm_i64x2_splat((int64_t)IV[i]);
  /* Parameter block: digest length 32, no key, fanout 1, depth 1. */
  h[0] = wasm_v128_xor(h[0], wasm_i64x2_splat(0x01010020));
}

static inline void store2(const v128_t h[8], u8 *out_a, u8 *out_b) {
  wasm_v128_store(out_a, wasm_i64x2_shuffle(h[0], h[1], 0, 2));
  wasm_v128_store(out_a + 16, wasm_i64x2_shuffle(h[2], h[3], 0, 2));
  wasm_v128_store(out_b, wasm_i64x2_shuffle(h[0], h[1], 1, 3));
  wasm_v128_store(out_b + 16, wasm_i64x2_shuffle(h[2], h[3], 1, 3));
}

/* 16 bytes of 0xff then 16 zero bytes: MASKS + 16 - r keeps the first r bytes of a vector. */
static const u8 MASKS[32] __attribute__((aligned(16))) = {
    255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255};

/*
 * Fills a 128-byte block (blk has 16 bytes of slack) with an optional prefix byte, `take` bytes
 * of src, and zeros. Uses vector moves only (bulk-memory calls are out of line in engines, and
 * cost more than a short message's hashing): src may be read up to 15 bytes past src + take.
 */
static inline void fill_block(u8 *blk, int has_prefix, u8 prefix, const u8 *src, u32 take) {
  const v128_t z = wasm_i64x2_splat(0);
  for (int i = 0; i < 9; i++) wasm_v128_store(blk + 16 * i, z);
  if (has_prefix) blk[0] = prefix;
  u8 *d = blk + (has_prefix ? 1 : 0);
  u32 o = 0;
  for (; o + 16 <= take; o += 16) wasm_v128_store(d + o, wasm_v128_load(src + o));
  u32 r = take - o;
  if (r)
    wasm_v128_store(d + o, wasm_v128_and(wasm_v128_load(src + o), wasm_v128_load(MASKS + 16 - r)));
}

/*
 * Hashes the virtual messages (prefix byte, if has_prefix) || a[0..len) and the same for b,
 * both of total length total = len + has_prefix, writing 32-byte digests to out_a / out_b.
 */
static void hash2(const u8 *a, const u8 *b, u32 len, int has_prefix, u8 prefix, u8 *out_a,
                  u8 *out_b) {
  u8 ba[144] __attribute__((aligned(16)));
  u8 bb[144] __attribute__((aligned(16)));
  v128_t h[8];
  init2(h);
  u32 total = len + (has_prefix ? 1 : 0);
  u32 blocks = total == 0 ? 1 : (total + 127) / 128;
  u32 src = 0; /* bytes of a/b consumed */
  for (u32 blk = 0; blk < blocks; blk++) {
    int pre = blk == 0 && has_prefix;
    u32 take = len - src;
    if (take > 128 - (u32)pre) take = 128 - (u32)pre;
    fill_block(ba, pre, prefix, a + src, take);
    fill_block(bb, pre, prefix, b + src, take);
    src += take;
    int last = blk + 1 == blocks;
    u64 t = last ? (u64)total : (u64)(blk + 1) * 128;
    compress2(h, ba, bb, t, last, take + (u32)pre);
  }
  store2(h, out_a, out_b);
}

/* One-lane compression for a message without a partner (a lone digest or an odd last one). */
static inline u64 rotr64(u64 x, int n) { return (x >> n) | (x << (64 - n)); }

#define G1(a, b, c, d, x, y)       \
  do {                             \
    a = a + b + (x);               \
    d = rotr64(d ^ a, 32);         \
    c = c + d;                     \
    b = rotr64(b ^ c, 24);         \
    a = a + b + (y);               \
    d = rotr64(d ^ a, 16);         \
    c = c + d;                     \
    b = rotr64(b ^ c, 63);         \
  } while (0)

static void compress1(u64 h[8], const u8 *blk, u64 t, int last) {
  u64 m[16];
  __builtin_memcpy(m, blk, 128);
  u64 v[16];
  for (int i = 0; i < 8; i++) {
    v[i] = h[i];
    v[i + 8] = IV[i];
  }
  v[12] ^= t;
  if (last) v[14] = ~v[14];
#pragma clang loop unroll(full)
  for (int r = 0; r < 12; r++) {
    const u8 *s = SIGMA[r];
    G1(v[0], v[4], v[8], v[12], m[s[0]], m[s[1]]);
    G1(v[1], v[5], v[9], v[13], m[s[2]], m[s[3]]);
    G1(v[2], v[6], v[10], v[14], m[s[4]], m[s[5]]);
    G1(v[3], v[7], v[11], v[15], m[s[6]], m[s[7]]);
    G1(v[0], v[5], v[10], v[15], m[s[8]], m[s[9]]);
    G1(v[1], v[6], v[11], v[12], m[s[10]], m[s[11]]);
    G1(v[2], v[7], v[8], v[13], m[s[12]], m[s[13]]);
    G1(v[3], v[4], v[9], v[14], m[s[14]], m[s[15]]);
  }
  for (int i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
}

static void hash1(const u8 *a, u32 len, int has_prefix, u8 prefix, u8 *out) {
  u8 ba[144] __attribute__((aligned(16)));
  u64 h[8];
  for (int i = 0; i < 8; i++) h[i] = IV[i];
  h[0] ^= 0x01010020;
  u32 total = len + (has_prefix ? 1 : 0);
  u32 blocks = total == 0 ? 1 : (total + 127) / 128;
  u32 src = 0;
  for (u32 blk = 0; blk < blocks; blk++) {
    int last = blk + 1 == blocks;
    u64 t = last ? (u64)total : (u64)(blk + 1) * 128;
    if (!last && !has_prefix) {
      compress1(h, a + src, t, 0); /* a whole block straight from the input */
      src += 128;
      continue;
    }
    int pre = blk == 0 && has_prefix;
    u32 take = len - src;
    if (take > 128 - (u32)pre) take = 128 - (u32)pre;
    fill_block(ba, pre, prefix, a + src, take);
    src += take;
    compress1(h, ba, t, last);
  }
  __builtin_memcpy(out, h, 32);
}

/* H(prefix? || msg) for `count` messages of `len` bytes laid out `stride` bytes apart. */
__attribute__((export_name("hash_many"))) void hash_many(const u8 *data, u32 len, u32 stride,
                                                         u32 count, int has_prefix, u32 prefix,
                                                         u8 *out) {
  u32 i = 0;
  for (; i + 1 < count; i += 2) {
    hash2(data + (u64)i * stride, data + (u64)(i + 1) * stride, len, has_prefix, (u8)prefix,
          out + 32 * i, out + 32 * (i + 1));
  }
  if (i < count) hash1(data + (u64)i * stride, len, has_prefix, (u8)prefix, out + 32 * i);
}

/* Inner nodes H(0x01 || l || r) of 65-byte messages, specialised: one block, no copying of r. */
static inline void inner2(const u8 *pa, const u8 *pb, u8 *out_a, u8 *out_b) {
  u8 ba[128] __attribute__((aligned(16))) = {0};
  u8 bb[128] __attribute__((aligned(16))) = {0};
  ba[0] = 1;
  bb[0] = 1;
  __builtin_memcpy(ba + 1, pa, 64);
  __builtin_memcpy(bb + 1, pb, 64);
  v128_t h[8];
  init2(h);
  compress2_9(h, ba, bb, 65, 1);
  store2(h, out_a, out_b);
}

/*
 * Inner hashes of `count` consecutive 64-byte (left || right) pairs at `pairs`, written to `out`
 * (32 bytes each). `out` may alias `pairs` if it starts at or before it.
 */
__attribute__((export_name("inner_many"))) void inner_many(const u8 *pairs, u32 count, u8 *out) {
  u32 i = 0;
  u8 ta[32], tb[32];
  for (; i + 1 < count; i += 2) {
    inner2(pairs + 64 * i, pairs + 64 * (i + 1), ta, tb);
    __builtin_memcpy(out + 32 * i, ta, 32);
    __builtin_memcpy(out + 32 * (i + 1), tb, 32);
  }
  if (i < count) {
    inner2(pairs + 64 * i, pairs + 64 * i, ta, tb);
    __builtin_memcpy(out + 32 * i, ta, 32);
  }
}

/*
 * Merkle roots of `trees` trees of `leaves` leaf hashes each. Leaf j of tree t is the 32 bytes at
 * leaf_hashes + 32 * (t * tree_step + j * leaf_step). `scratch` holds trees * (leaves + leaves % 2) * 32
 * bytes. Odd levels are padded with a zero node; a one-leaf tree's root is its leaf hash.
 * Root t is written to roots + 32 * t.
 */
__attribute__((export_name("merkle_roots"))) void merkle_roots(const u8 *leaf_hashes, u32 trees,
                                                               u32 leaves, u32 tree_step,
                                                               u32 leaf_step, u8 *scratch,
                                                               u8 *roots) {
  u32 padded = leaves + (leaves & 1);
  /* Gather leaves tree-major into scratch, each tree padded to even length with a zero node. */
  for (u32 t = 0; t < trees; t++) {
    u8 *dst = scratch + (u64)t * padded * 32;
    for (u32 j = 0; j < leaves; j++) {
      __builtin_memcpy(dst + 32 * j, leaf_hashes + 32 * ((u64)t * tree_step + (u64)j * leaf_step),
                       32);
    }
    if (padded != leaves) __builtin_memset(dst + 32 * leaves, 0, 32);
  }
  /* Each level is hashed across all trees at once; tree t's level lives at t * padded * 32. */
  u32 width = leaves;
  while (width > 1) {
    u32 half = (width + 1) / 2;
    for (u32 t = 0; t < trees; t++) {
      u8 *lvl = scratch + (u64)t * padded * 32;
      if (width & 1) __builtin_memset(lvl + 32 * width, 0, 32);
    }
    /*
     * Pair up nodes across tree boundaries so the 2-lane kernel stays full. Node q of the level
     * is node (q % half) of tree (q / half); walk (tree, node) with counters, no divisions.
     */
    u64 total = (u64)trees * half;
    u8 ta[32], tb[32];
    u32 at_t = 0, at_i = 0;
    u64 q = 0;
    for (; q + 1 < total; q += 2) {
      u8 *la = scratch + (u64)at_t * padded * 32;
      u32 ia = at_i;
      if (++at_i == half) at_i = 0, at_t++;
      u8 *lb = scratch + (u64)at_t * padded * 32;
      u32 ib = at_i;
      if (++at_i == half) at_i = 0, at_t++;
      inner2(la + 64 * ia, lb + 64 * ib, ta, tb);
      __builtin_memcpy(la + 32 * ia, ta, 32);
      __builtin_memcpy(lb + 32 * ib, tb, 32);
    }
    if (q < total) {
      u8 *la = scratch + (u64)at_t * padded * 32;
      inner2(la + 64 * at_i, la + 64 * at_i, ta, tb);
      __builtin_memcpy(la + 32 * at_i, ta, 32);
    }
    width = half;
  }
  for (u32 t = 0; t < trees; t++) {
    __builtin_memcpy(roots + 32 * t, scratch + (u64)t * padded * 32, 32);
  }
}
