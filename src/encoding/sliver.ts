/**
 * Slivers: a primary sliver i is row i of the n x k2 matrix (k2 symbols), a secondary sliver j is
 * column j of the k1 x n matrix (k1 symbols). BCS: { symbols: { data, symbol_size: u16 }, index: u16 }.
 */
import { parseBcs, SliverBcs, SliverDataBcs } from './bcs.ts';
import { InvalidSliverError } from './errors.ts';
import type { EncodingParams } from './params.ts';
import { ulebBytes } from '../util/bytes.ts';

export type SliverAxis = 'primary' | 'secondary';

export interface Sliver {
  axis: SliverAxis;
  /** Sliver index (not the pair index): 0..n-1. */
  index: number;
  symbolSize: number;
  /** The sliver's symbols, one after another. */
  data: Uint8Array;
}

/** A shard's unit of storage: primary sliver p and secondary sliver n-1-p. */
export interface SliverPair {
  pairIndex: number;
  primary: Sliver;
  secondary: Sliver;
}

/** Number of symbols in a sliver of `axis`: k2 for primary, k1 for secondary. */
export function symbolsPerSliver(params: EncodingParams, axis: SliverAxis): number {
  return axis === 'primary' ? params.k2 : params.k1;
}

/** Why `sliver` does not fit a blob with these parameters and symbol size, or undefined if it does. */
export function sliverProblem(
  params: EncodingParams,
  symbolSize: number,
  sliver: Sliver,
  axis?: SliverAxis,
): string | undefined {
  if (sliver === null || typeof sliver !== 'object' || !(sliver.data instanceof Uint8Array)) {
    return 'sliver must be an object with a Uint8Array `data`';
  }
  if (sliver.axis !== 'primary' && sliver.axis !== 'secondary')
    return `unknown sliver axis ${String(sliver.axis)}`;
  if (axis !== undefined && sliver.axis !== axis)
    return `expected a ${axis} sliver, got a ${sliver.axis} one`;
  if (!Number.isInteger(sliver.index) || sliver.index < 0 || sliver.index >= params.nShards) {
    return `sliver index ${sliver.index} out of range 0..${params.nShards - 1}`;
  }
  if (sliver.symbolSize !== symbolSize)
    return `sliver symbol size ${sliver.symbolSize}, blob symbol size ${symbolSize}`;
  const expected = symbolsPerSliver(params, sliver.axis) * symbolSize;
  if (sliver.data.length !== expected) {
    return `${sliver.axis} sliver ${sliver.index} has ${sliver.data.length} bytes, expected ${expected}`;
  }
  return undefined;
}

/**
 * Checks that `sliver` fits a blob with these parameters and symbol size.
 * @throws InvalidSliverError on a wrong axis, index, symbol size or length.
 */
export function checkSliver(
  params: EncodingParams,
  symbolSize: number,
  sliver: Sliver,
  axis?: SliverAxis,
): void {
  const problem = sliverProblem(params, symbolSize, sliver, axis);
  if (problem !== undefined) throw new InvalidSliverError(problem);
}

/**
 * BCS `SliverData` (the body of the storage node's sliver endpoints; the axis is in the URL):
 * uleb128 data length, the data, symbol_size (u16 LE), index (u16 LE). Written by hand with one
 * copy of the data, since the generic BCS writer costs ~0.2 ms per 4 KB sliver and a store at
 * n = 1000 writes 2000 of them; test/encoding/sliver-bcs.test.ts pins it to `SliverDataBcs`.
 */
export function sliverToBcs(sliver: Sliver): Uint8Array {
  const len = ulebBytes(sliver.data.length);
  const out = new Uint8Array(len.length + sliver.data.length + 4);
  out.set(len, 0);
  out.set(sliver.data, len.length);
  const at = len.length + sliver.data.length;
  out[at] = sliver.symbolSize & 0xff;
  out[at + 1] = (sliver.symbolSize >>> 8) & 0xff;
  out[at + 2] = sliver.index & 0xff;
  out[at + 3] = (sliver.index >>> 8) & 0xff;
  return out;
}

/**
 * Parses BCS `SliverData` of the given axis.
 * @throws InvalidBcsError on malformed bytes; InvalidSliverError if the data is not whole symbols.
 */
export function sliverFromBcs(bytes: Uint8Array, axis: SliverAxis): Sliver {
  const wire = parseBcs(SliverDataBcs, bytes, 'SliverData');
  return fromWire(wire, axis);
}

/** BCS `Sliver` (the enum tagged by axis). */
export function taggedSliverToBcs(sliver: Sliver): Uint8Array {
  const data = {
    symbols: { data: sliver.data, symbol_size: sliver.symbolSize },
    index: sliver.index,
  };
  return SliverBcs.serialize(
    sliver.axis === 'primary' ? { Primary: data } : { Secondary: data },
  ).toBytes();
}

/** @throws InvalidBcsError / InvalidSliverError on malformed bytes. */
export function taggedSliverFromBcs(bytes: Uint8Array): Sliver {
  return sliverFromParsed(parseBcs(SliverBcs, bytes, 'Sliver'));
}

/**
 * A tagged sliver already parsed by `SliverBcs` as part of a larger BCS value (e.g. a sync-shard
 * response), checked as `taggedSliverFromBcs` checks it.
 * @throws InvalidSliverError when the data is not whole symbols.
 */
export function sliverFromParsed(wire: ReturnType<typeof SliverBcs.parse>): Sliver {
  return wire.Primary !== undefined
    ? fromWire(wire.Primary, 'primary')
    : fromWire(wire.Secondary!, 'secondary');
}

function fromWire(
  wire: { symbols: { data: number[] | Uint8Array; symbol_size: number }; index: number },
  axis: SliverAxis,
): Sliver {
  // The reader hands out a view into the input; one memcpy detaches it (`Uint8Array.from` would
  // copy element by element through the iterator, ~1.6x slower on a 512 KiB sliver).
  const raw = wire.symbols.data;
  const data = raw instanceof Uint8Array ? raw.slice() : Uint8Array.from(raw);
  const symbolSize = wire.symbols.symbol_size;
  if (symbolSize === 0 || data.length % symbolSize !== 0) {
    throw new InvalidSliverError(
      `sliver data of ${data.length} bytes is not whole symbols of ${symbolSize}`,
    );
  }
  return { axis, index: wire.index, symbolSize, data };
}
