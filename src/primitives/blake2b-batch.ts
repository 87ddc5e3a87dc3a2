/**
 * Batched Blake2b-256 in WebAssembly SIMD (kernel: csrc/blake2b.c). One call hashes many
 * equal-length messages, two at a time in the two 64-bit lanes of each v128, so the per-hash
 * cost is a fraction of a JS->wasm call. Shapes follow the Walrus Merkle conventions:
 * leaf = H(0x00 || symbol), inner = H(0x01 || left || right), odd levels padded with 32 zero bytes.
 */
import {
  WasmArena,
  align,
  instantiateKernel,
  kernelSupported,
  type WasmInstance,
} from './wasm-module.ts';

export const DIGEST_LEN = 32;
/** Input bytes copied into wasm memory per kernel call; bounds the arena for huge inputs. */
const CHUNK_BYTES = 4 * 1024 * 1024;
/** The kernel reads message bytes 16 at a time and may read up to 15 bytes past a message. */
const READ_SLACK = 16;
/** Leaf-hash bytes per `merkle_roots` call (plus as much scratch). */
const ROOTS_BATCH_BYTES = 4 * 1024 * 1024;

const STRICT_KERNEL = 'blake2b';
const RELAXED_KERNEL = 'blake2b-relaxed';

interface Blake2bExports {
  b2_init(): void;
  hash_many(
    data: number,
    len: number,
    stride: number,
    count: number,
    hasPrefix: number,
    prefix: number,
    out: number,
  ): void;
  inner_many(pairs: number, count: number, out: number): void;
  merkle_roots(
    leafHashes: number,
    trees: number,
    leaves: number,
    treeStep: number,
    leafStep: number,
    scratch: number,
    roots: number,
  ): void;
}

/** How leaf hashes of many trees are laid out: tree after tree, or leaf j of every tree together. */
export type TreeLayout = 'tree-major' | 'leaf-major';

export class Blake2bBatch {
  readonly name = 'floe-wasm-simd';
  /** Which build runs: `blake2b` or `blake2b-relaxed`. */
  readonly kernel: string;
  private readonly k: Blake2bExports;
  private readonly arena: WasmArena;

  private constructor(kernel: string, instance: WasmInstance) {
    this.kernel = kernel;
    this.k = instance.exports as unknown as Blake2bExports;
    this.arena = new WasmArena(instance);
    this.k.b2_init();
  }

  /**
   * A new kernel instance with its own memory (one per thread; instances are not shared).
   * `relaxed` (default: whenever the runtime supports it) picks the build whose lane rotations
   * use relaxed-SIMD swizzles (~16% fewer machine instructions per compression); both builds
   * compute the same digests.
   * @throws RangeError if `relaxed: true` is asked of a runtime without relaxed SIMD.
   */
  static create(opts: { relaxed?: boolean } = {}): Blake2bBatch {
    const relaxedOk = kernelSupported(RELAXED_KERNEL);
    if (opts.relaxed === true && !relaxedOk)
      throw new RangeError('this runtime has no relaxed SIMD');
    const kernel = (opts.relaxed ?? relaxedOk) ? RELAXED_KERNEL : STRICT_KERNEL;
    return new Blake2bBatch(kernel, instantiateKernel(kernel));
  }

  /**
   * Blake2b-256 of the concatenation of `parts` (copied whole into wasm memory, which keeps its
   * size afterwards: meant for messages up to a few MiB, such as blob IDs and single leaves).
   */
  digest(...parts: Uint8Array[]): Uint8Array {
    let len = 0;
    for (const p of parts) len += p.length;
    const at = this.arena.reserve(align(len, 16) + READ_SLACK + DIGEST_LEN);
    const mem = this.arena.bytes();
    let o = at;
    for (const p of parts) {
      mem.set(p, o);
      o += p.length;
    }
    const outAt = at + align(len, 16) + READ_SLACK;
    this.k.hash_many(at, len, len, 1, 0, 0, outAt);
    return this.arena.bytes().slice(outAt, outAt + DIGEST_LEN);
  }

  /**
   * Hashes `count` consecutive messages of `messageLength` bytes from `data`, each preceded by
   * the byte `prefix` when it is given, into `out` at `outOffset` (32 bytes each).
   * @throws RangeError if `data` or `out` is too short.
   */
  hashMany(
    data: Uint8Array,
    messageLength: number,
    count: number,
    out: Uint8Array,
    outOffset = 0,
    prefix?: number,
  ): void {
    checkCount('messageLength', messageLength);
    checkCount('count', count);
    if (data.length < messageLength * count)
      throw new RangeError(`data holds ${data.length} bytes, need ${messageLength * count}`);
    checkOut(out, outOffset, count);
    if (prefix !== undefined && !(Number.isInteger(prefix) && prefix >= 0 && prefix <= 255)) {
      throw new RangeError(`prefix must be a byte, got ${prefix}`);
    }
    const perCall = Math.max(1, Math.floor(CHUNK_BYTES / Math.max(1, messageLength)));
    const inBytes = align(Math.min(count, perCall) * messageLength, 16) + READ_SLACK;
    const at = this.arena.reserve(inBytes + Math.min(count, perCall) * DIGEST_LEN);
    const outAt = at + inBytes;
    for (let done = 0; done < count; done += perCall) {
      const n = Math.min(perCall, count - done);
      const mem = this.arena.bytes();
      mem.set(data.subarray(done * messageLength, (done + n) * messageLength), at);
      this.k.hash_many(
        at,
        messageLength,
        messageLength,
        n,
        prefix === undefined ? 0 : 1,
        prefix ?? 0,
        outAt,
      );
      out.set(mem.subarray(outAt, outAt + n * DIGEST_LEN), outOffset + done * DIGEST_LEN);
    }
  }

  /** Leaf hashes H(0x00 || symbol) of `count` consecutive `symbolSize`-byte symbols of `data`. */
  leafHashes(
    data: Uint8Array,
    symbolSize: number,
    count: number,
    out: Uint8Array,
    outOffset: number,
  ): void {
    this.hashMany(data, symbolSize, count, out, outOffset, 0);
  }

  /**
   * Inner hashes H(0x01 || left || right) of `count` consecutive 64-byte pairs of `pairs`, into
   * `out` at `outOffset`. `out` may be `pairs` itself when `outOffset` is 0.
   */
  innerHashes(pairs: Uint8Array, count: number, out: Uint8Array, outOffset: number): void {
    checkCount('count', count);
    if (pairs.length < count * 64)
      throw new RangeError(`pairs holds ${pairs.length} bytes, need ${count * 64}`);
    checkOut(out, outOffset, count);
    const perCall = CHUNK_BYTES / 64;
    const at = this.arena.reserve(Math.min(count, perCall) * 64);
    for (let done = 0; done < count; done += perCall) {
      const n = Math.min(perCall, count - done);
      const mem = this.arena.bytes();
      mem.set(pairs.subarray(done * 64, (done + n) * 64), at);
      this.k.inner_many(at, n, at);
      out.set(mem.subarray(at, at + n * DIGEST_LEN), outOffset + done * DIGEST_LEN);
    }
  }

  /**
   * Merkle roots of `trees` trees with `leaves` leaf hashes each, in one kernel call.
   * `tree-major`: tree t's leaves are contiguous; `leaf-major`: leaf j of all trees is contiguous
   * (the column trees of a row-major matrix). Returns `trees * 32` bytes, root t at `32 * t`.
   * A one-leaf tree's root is its leaf hash.
   * @throws RangeError on a zero or non-integer count, or too short `leafHashes`.
   */
  merkleRoots(
    leafHashes: Uint8Array,
    trees: number,
    leaves: number,
    layout: TreeLayout = 'tree-major',
  ): Uint8Array {
    checkPositive('trees', trees);
    checkPositive('leaves', leaves);
    const bytes = trees * leaves * DIGEST_LEN;
    if (leafHashes.length < bytes)
      throw new RangeError(`leafHashes holds ${leafHashes.length} bytes, need ${bytes}`);
    // Trees go to the kernel in batches so that wasm memory, which never shrinks, stays small.
    const perCall = Math.max(
      1,
      Math.min(trees, Math.floor(ROOTS_BATCH_BYTES / (leaves * DIGEST_LEN))),
    );
    const batchBytes = perCall * leaves * DIGEST_LEN;
    const at = this.arena.reserve(batchBytes + this.rootsScratch(perCall, leaves));
    const roots = new Uint8Array(trees * DIGEST_LEN);
    for (let t0 = 0; t0 < trees; t0 += perCall) {
      const n = Math.min(perCall, trees - t0);
      const mem = this.arena.bytes();
      if (layout === 'tree-major') {
        mem.set(leafHashes.subarray(t0 * leaves * DIGEST_LEN, (t0 + n) * leaves * DIGEST_LEN), at);
      } else {
        for (let j = 0; j < leaves; j++) {
          const from = (j * trees + t0) * DIGEST_LEN;
          mem.set(leafHashes.subarray(from, from + n * DIGEST_LEN), at + j * n * DIGEST_LEN);
        }
      }
      roots.set(this.rootsAt(at, n, leaves, layout, at + n * leaves * DIGEST_LEN), t0 * DIGEST_LEN);
    }
    return roots;
  }

  /**
   * Merkle roots of every row and every column of a `rows x cols` row-major matrix of
   * `symbolSize`-byte symbols: each symbol is leaf-hashed once and shared by its row tree and
   * its column tree. Returns `rowRoots` (rows * 32 bytes) and `colRoots` (cols * 32 bytes).
   * @throws RangeError on bad dimensions or a too short `symbols`.
   */
  matrixRoots(
    symbols: Uint8Array,
    rows: number,
    cols: number,
    symbolSize: number,
  ): { rowRoots: Uint8Array; colRoots: Uint8Array } {
    checkPositive('rows', rows);
    checkPositive('cols', cols);
    checkCount('symbolSize', symbolSize);
    const cells = rows * cols;
    if (symbols.length < cells * symbolSize)
      throw new RangeError(`symbols holds ${symbols.length} bytes, need ${cells * symbolSize}`);
    const leafBytes = cells * DIGEST_LEN;
    const scratch = Math.max(this.rootsScratch(rows, cols), this.rootsScratch(cols, rows));
    const perCall = Math.max(1, Math.floor(CHUNK_BYTES / Math.max(1, symbolSize)));
    const inBytes = align(Math.min(cells, perCall) * symbolSize, 16) + READ_SLACK;
    const leavesAt = this.arena.reserve(leafBytes + scratch + inBytes);
    const scratchAt = leavesAt + leafBytes;
    const inAt = scratchAt + scratch;
    for (let done = 0; done < cells; done += perCall) {
      const n = Math.min(perCall, cells - done);
      this.arena.bytes().set(symbols.subarray(done * symbolSize, (done + n) * symbolSize), inAt);
      this.k.hash_many(inAt, symbolSize, symbolSize, n, 1, 0, leavesAt + done * DIGEST_LEN);
    }
    const rowRoots = this.rootsAt(leavesAt, rows, cols, 'tree-major', scratchAt);
    const colRoots = this.rootsAt(leavesAt, cols, rows, 'leaf-major', scratchAt);
    return { rowRoots, colRoots };
  }

  /** Scratch bytes `merkle_roots` needs, plus room for the roots after it. */
  private rootsScratch(trees: number, leaves: number): number {
    return trees * (leaves + (leaves & 1)) * DIGEST_LEN + trees * DIGEST_LEN;
  }

  private rootsAt(
    at: number,
    trees: number,
    leaves: number,
    layout: TreeLayout,
    scratchAt: number,
  ): Uint8Array {
    const rootsAt = scratchAt + trees * (leaves + (leaves & 1)) * DIGEST_LEN;
    const [treeStep, leafStep] = layout === 'tree-major' ? [leaves, 1] : [1, trees];
    this.k.merkle_roots(at, trees, leaves, treeStep, leafStep, scratchAt, rootsAt);
    return this.arena.bytes().slice(rootsAt, rootsAt + trees * DIGEST_LEN);
  }
}

function checkCount(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff)
    throw new RangeError(`${name} must be a non-negative 32-bit integer, got ${v}`);
}

function checkPositive(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1 || v > 0xffffffff)
    throw new RangeError(`${name} must be a positive 32-bit integer, got ${v}`);
}

function checkOut(out: Uint8Array, outOffset: number, count: number): void {
  checkCount('outOffset', outOffset);
  if (out.length < outOffset + count * DIGEST_LEN) {
    throw new RangeError(`out holds ${out.length} bytes, need ${outOffset + count * DIGEST_LEN}`);
  }
}
