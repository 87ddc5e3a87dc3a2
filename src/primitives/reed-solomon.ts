/**
 * Reed-Solomon over GF(2^16) in WebAssembly SIMD (kernel: csrc/reed-solomon.c), byte-identical to
 * the reed-solomon-simd 3.x crate that Walrus uses, including its layout of shards whose length is
 * not a multiple of 64.
 *
 * A call codes `cols` independent codewords at once: shard i is `cols` consecutive symbols of
 * `symbolSize` bytes (position i of codeword 0..cols-1), and shards are stored one after another.
 * The result equals coding each column on its own with shard length `symbolSize`. The kernel
 * packs the GF elements of many small symbols densely, so 6-byte symbols cost no more per byte
 * than 64-byte ones.
 */
import { WasmArena, align, instantiateKernel, kernelSupported } from './wasm-module.ts';

interface RsExports {
  rs_init(): void;
  rs_encode_work_shards(k: number, m: number): number;
  rs_decode_work_shards(k: number, m: number): number;
  rs_encode(
    k: number,
    m: number,
    s: number,
    cols: number,
    inAt: number,
    outAt: number,
    workAt: number,
    group: number,
  ): void;
  rs_decode(
    k: number,
    m: number,
    s: number,
    cols: number,
    count: number,
    posAt: number,
    inAt: number,
    outAt: number,
    workAt: number,
    group: number,
    receivedAt: number,
  ): void;
}

const GF_ORDER = 65536;
const STRICT_KERNEL = 'reed-solomon';
const RELAXED_KERNEL = 'reed-solomon-relaxed';
/** Bytes of staged input+output per kernel call: bounds wasm memory for big batches. */
const STAGE_BYTES = 8 * 1024 * 1024;
/** Target size of the FFT working set (work shards x packed group bytes), about an L2 cache. */
const WORK_SET_BYTES = 768 * 1024;
/** Slack after staged rows: the kernel's 16-byte moves may read up to 15 bytes past a row. */
const SLACK = 64;

export class ReedSolomonSimd {
  readonly name = 'floe-wasm-simd';
  /** Which build runs: `reed-solomon` or `reed-solomon-relaxed`. */
  readonly kernel: string;
  private readonly k: RsExports;
  private readonly arena: WasmArena;

  private constructor(kernel: string) {
    const instance = instantiateKernel(kernel);
    this.k = instance.exports as unknown as RsExports;
    this.arena = new WasmArena(instance);
    this.k.rs_init();
    this.kernel = kernel;
  }

  /**
   * A new kernel instance (~2 MiB of tables, ~15 ms to build; one per thread).
   * `relaxed` (default: whenever the runtime supports it) picks the build that uses relaxed-SIMD
   * swizzles, ~20% faster; both builds compute the same bytes.
   * @throws RangeError if `relaxed: true` is asked of a runtime without relaxed SIMD.
   */
  static create(opts: { relaxed?: boolean } = {}): ReedSolomonSimd {
    const relaxedOk = kernelSupported(RELAXED_KERNEL);
    if (opts.relaxed === true && !relaxedOk)
      throw new RangeError('this runtime has no relaxed SIMD');
    return new ReedSolomonSimd((opts.relaxed ?? relaxedOk) ? RELAXED_KERNEL : STRICT_KERNEL);
  }

  /**
   * Computes the `m` recovery shards (codeword positions k..k+m-1) of `k` original shards.
   * `originals` holds k shards and `out` receives m shards, each `cols * symbolSize` bytes.
   * @throws RangeError for shard counts reed-solomon-simd does not support, an odd or zero
   *   symbol size, or buffers that are too short.
   */
  encode(
    k: number,
    m: number,
    symbolSize: number,
    cols: number,
    originals: Uint8Array,
    out: Uint8Array,
  ): void {
    checkShape(k, m, symbolSize, cols);
    const row = cols * symbolSize;
    if (originals.length < k * row)
      throw new RangeError(`originals holds ${originals.length} bytes, need ${k * row}`);
    if (out.length < m * row)
      throw new RangeError(`out holds ${out.length} bytes, need ${m * row}`);
    const workShards = this.k.rs_encode_work_shards(k, m);
    const { group, sb } = groupFor(symbolSize, workShards);
    const superCols = Math.max(1, Math.min(cols, Math.floor(STAGE_BYTES / ((k + m) * symbolSize))));
    const workBytes = workShards * sb;
    const inBytes = align(k * superCols * symbolSize + SLACK, 64);
    const outBytes = align(m * superCols * symbolSize + SLACK, 64);
    const workAt = this.arena.reserve(workBytes + inBytes + outBytes);
    const inAt = workAt + workBytes;
    const outAt = inAt + inBytes;
    for (let c0 = 0; c0 < cols; c0 += superCols) {
      const g = Math.min(superCols, cols - c0);
      const piece = g * symbolSize;
      const mem = this.arena.bytes();
      if (g === cols) mem.set(originals.subarray(0, k * row), inAt);
      else
        for (let i = 0; i < k; i++)
          mem.set(
            originals.subarray(i * row + c0 * symbolSize, i * row + c0 * symbolSize + piece),
            inAt + i * piece,
          );
      this.k.rs_encode(k, m, symbolSize, g, inAt, outAt, workAt, group);
      if (g === cols) out.set(mem.subarray(outAt, outAt + m * row));
      else
        for (let j = 0; j < m; j++)
          out.set(
            mem.subarray(outAt + j * piece, outAt + (j + 1) * piece),
            j * row + c0 * symbolSize,
          );
    }
  }

  /**
   * Recovers the k original shards from shards at codeword positions `indices` (originals are
   * 0..k-1, recovery shard j is k + j), held by `shards` in that order; the first k distinct
   * valid positions are used, others are ignored. Writes all k originals into `out`.
   * @throws RangeError if fewer than k distinct valid positions are given, or on a bad shape.
   */
  decode(
    k: number,
    m: number,
    symbolSize: number,
    cols: number,
    shards: Uint8Array,
    indices: ArrayLike<number>,
    out: Uint8Array,
  ): void {
    checkShape(k, m, symbolSize, cols);
    const row = cols * symbolSize;
    if (out.length < k * row)
      throw new RangeError(`out holds ${out.length} bytes, need ${k * row}`);
    const { chosen, positions, lost } = selectShards(k, m, row, shards, indices, out);
    if (lost.length === 0) return;

    const workShards = this.k.rs_decode_work_shards(k, m);
    const { group, sb } = groupFor(symbolSize, workShards);
    const superCols = Math.max(1, Math.min(cols, Math.floor(STAGE_BYTES / (2 * k * symbolSize))));
    const workBytes = workShards * sb;
    const inBytes = align(k * superCols * symbolSize + SLACK, 64);
    const outBytes = align(k * superCols * symbolSize + SLACK, 64);
    const workAt = this.arena.reserve(workBytes + inBytes + outBytes + GF_ORDER + 4 * k);
    const inAt = workAt + workBytes;
    const outAt = inAt + inBytes;
    const receivedAt = outAt + outBytes;
    const posAt = receivedAt + GF_ORDER;
    new Uint32Array(this.arena.memory.buffer, posAt, k).set(positions);
    for (let c0 = 0; c0 < cols; c0 += superCols) {
      const g = Math.min(superCols, cols - c0);
      const piece = g * symbolSize;
      const mem = this.arena.bytes();
      for (let c = 0; c < k; c++) {
        const from = chosen[c] * row + c0 * symbolSize;
        mem.set(shards.subarray(from, from + piece), inAt + c * piece);
      }
      this.k.rs_decode(k, m, symbolSize, g, k, posAt, inAt, outAt, workAt, group, receivedAt);
      for (const i of lost)
        out.set(
          mem.subarray(outAt + i * piece, outAt + (i + 1) * piece),
          i * row + c0 * symbolSize,
        );
    }
  }
}

/**
 * Decode's choice of shards: the first k distinct valid codeword positions (0..k+m-1) in
 * `indices`, where slot p of `shards` (`row` bytes each) holds position indices[p]. Originals
 * among them are copied into `out` at their position right away. Returns the chosen slots, their
 * positions, and the original positions still lost (ascending).
 * @throws RangeError if fewer than k distinct valid positions are given or `shards` is too short.
 */
export function selectShards(
  k: number,
  m: number,
  row: number,
  shards: Uint8Array,
  indices: ArrayLike<number>,
  out: Uint8Array,
): { chosen: number[]; positions: number[]; lost: number[] } {
  const chosen: number[] = [];
  const positions: number[] = [];
  const seen = new Set<number>();
  const present = new Uint8Array(k);
  for (let p = 0; p < indices.length && chosen.length < k; p++) {
    const idx = indices[p];
    if (!Number.isInteger(idx) || idx < 0 || idx >= k + m || seen.has(idx)) continue;
    if (shards.length < (p + 1) * row)
      throw new RangeError(`shards holds ${shards.length} bytes, need ${(p + 1) * row}`);
    seen.add(idx);
    chosen.push(p);
    positions.push(idx);
    if (idx < k) {
      out.set(shards.subarray(p * row, (p + 1) * row), idx * row);
      present[idx] = 1;
    }
  }
  if (chosen.length < k)
    throw new RangeError(`need ${k} distinct shards to decode, got ${chosen.length}`);
  const lost: number[] = [];
  for (let i = 0; i < k; i++) if (present[i] === 0) lost.push(i);
  return { chosen, positions, lost };
}

/** Columns per kernel group so that the FFT working set stays near WORK_SET_BYTES. */
function groupFor(symbolSize: number, workShards: number): { group: number; sb: number } {
  const targetSb = Math.min(
    16384,
    Math.max(256, Math.floor(WORK_SET_BYTES / workShards / 64) * 64),
  );
  const group = Math.max(1, Math.floor(targetSb / symbolSize));
  return { group, sb: align(group * symbolSize, 64) };
}

/** The shard counts reed-solomon-simd accepts, and an even, non-zero symbol size. */
function checkShape(k: number, m: number, symbolSize: number, cols: number): void {
  for (const [name, v] of [
    ['k', k],
    ['m', m],
    ['cols', cols],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new RangeError(`${name} must be a positive integer, got ${v}`);
  }
  const smallerPow2 = Math.min(nextPow2(k), nextPow2(m));
  if (k > GF_ORDER || m > GF_ORDER || smallerPow2 + Math.max(k, m) > GF_ORDER) {
    throw new RangeError(`unsupported shard counts k=${k}, m=${m} for GF(2^16) Reed-Solomon`);
  }
  if (
    !Number.isInteger(symbolSize) ||
    symbolSize < 2 ||
    symbolSize % 2 !== 0 ||
    symbolSize > 65534
  ) {
    throw new RangeError(`symbolSize must be an even integer in 2..65534, got ${symbolSize}`);
  }
}

function nextPow2(x: number): number {
  let p = 1;
  while (p < x) p *= 2;
  return p;
}
