/**
 * Recovery symbols (PROTOCOL.md section 3): symbol (i, j) of the n x n expanded matrix, with a
 * Merkle proof against the hash of the helper's sliver. A helper holding secondary sliver j
 * expands it to its n symbols and proves symbol i (leaf i) for the rebuilding of primary sliver i;
 * a helper holding primary sliver i does the same along the other axis. k2 symbols rebuild a
 * primary sliver, k1 a secondary one: about one sliver of traffic, not one blob.
 *
 *   prepareRecoverySource(params, symbolSize, sliver) -> RecoverySource (symbol(target) per target)
 *   verifyRecoverySymbol(metadata, symbol, target?) -> boolean
 *   recoverSliver(metadata, axis, index, symbols) -> { kind: 'sliver' } | { kind: 'inconsistent' }
 */
import { InvalidSliverError, NotEnoughSliversError } from './errors.ts';
import { DIGEST_LEN, loadHashEngine, type HashEngine } from './hash.ts';
import { bytesEqual, MerkleTree, verifyMerkleProof, type MerkleProof } from './merkle.ts';
import type { BlobMetadata } from './metadata.ts';
import { encodingParams, symbolSizeFor, type EncodingParams } from './params.ts';
import { loadRsEngine } from './rs.ts';
import { checkSliver, symbolsPerSliver, type Sliver, type SliverAxis } from './sliver.ts';
import { computeSliverHashes, expectedSliverHash } from './verify-sliver.ts';
import type { InconsistencyProof } from './inconsistency.ts';

export interface RecoverySymbol {
  /** Axis of the sliver this symbol helps rebuild (Walrus's `EitherDecodingSymbol` variant). */
  targetAxis: SliverAxis;
  targetIndex: number;
  /** The helper's sliver index (on the other axis): the symbol's position in the target's codeword. */
  sourceIndex: number;
  data: Uint8Array;
  /** Against the metadata hash of sliver (other axis, sourceIndex); leaf index = targetIndex. */
  proof: MerkleProof;
}

export function otherAxis(axis: SliverAxis): SliverAxis {
  return axis === 'primary' ? 'secondary' : 'primary';
}

/** A helper's sliver expanded once, ready to answer recovery requests for any target. */
export interface RecoverySource {
  readonly sliver: Sliver;
  /** The expanded sliver's Merkle root (equals the metadata's hash for a consistent blob). */
  readonly root: Uint8Array;
  /** The recovery symbol for sliver `targetIndex` of the other axis. @throws RangeError on a bad index. */
  symbol(targetIndex: number): RecoverySymbol;
}

/**
 * Expands a stored sliver to its n symbols and builds its Merkle tree.
 * @throws InvalidSliverError if the sliver does not fit the parameters.
 */
export async function prepareRecoverySource(
  params: EncodingParams,
  symbolSize: number,
  sliver: Sliver,
): Promise<RecoverySource> {
  checkSliver(params, symbolSize, sliver);
  const [rs, hash] = await Promise.all([loadRsEngine(), loadHashEngine()]);
  const n = params.nShards;
  const k = symbolsPerSliver(params, sliver.axis);
  const s = symbolSize;
  const expanded = new Uint8Array(n * s);
  expanded.set(sliver.data);
  rs.encode(k, n - k, s, 1, sliver.data, expanded.subarray(k * s));
  const leaves = new Uint8Array(n * DIGEST_LEN);
  hash.leafHashes(expanded, s, n, leaves, 0);
  const tree = MerkleTree.fromLeafHashes(hash, leaves, n);
  const targetAxis = otherAxis(sliver.axis);
  return {
    sliver,
    root: tree.root,
    symbol(targetIndex: number): RecoverySymbol {
      if (!Number.isInteger(targetIndex) || targetIndex < 0 || targetIndex >= n) {
        throw new RangeError(`targetIndex must be in 0..${n - 1}, got ${targetIndex}`);
      }
      return {
        targetAxis,
        targetIndex,
        sourceIndex: sliver.index,
        data: expanded.slice(targetIndex * s, (targetIndex + 1) * s),
        proof: tree.proof(targetIndex),
      };
    },
  };
}

/**
 * Whether `symbol` is well formed for the blob and its proof verifies against the metadata
 * (and, when given, it is meant for `target`). Never throws on bad symbols.
 */
export function verifyRecoverySymbol(
  hash: HashEngine,
  metadata: BlobMetadata,
  symbol: RecoverySymbol,
  target?: { axis: SliverAxis; index: number },
): boolean {
  const n = metadata.hashes.length;
  const s = symbolSizeFor(encodingParams(n), metadata.unencodedLength);
  if (!isWellFormedSymbol(symbol, n, s, target)) return false;
  return verifyRecoverySymbolAgainst(
    hash,
    symbol,
    expectedSliverHash(metadata, otherAxis(symbol.targetAxis), symbol.sourceIndex),
  );
}

/** Shape checks of a recovery symbol for a blob with n shards and symbol size s. */
export function isWellFormedSymbol(
  symbol: RecoverySymbol,
  n: number,
  s: number,
  target?: { axis: SliverAxis; index: number },
): boolean {
  if (symbol === null || typeof symbol !== 'object' || !(symbol.data instanceof Uint8Array))
    return false;
  if (symbol.targetAxis !== 'primary' && symbol.targetAxis !== 'secondary') return false;
  if (
    target !== undefined &&
    (target.axis !== symbol.targetAxis || target.index !== symbol.targetIndex)
  )
    return false;
  for (const i of [symbol.targetIndex, symbol.sourceIndex])
    if (!Number.isInteger(i) || i < 0 || i >= n) return false;
  return symbol.data.length === s && symbol.proof?.leafIndex === symbol.targetIndex;
}

/** Whether the symbol's proof leads to `sourceHash`, the hash of the helper's sliver. */
export function verifyRecoverySymbolAgainst(
  hash: HashEngine,
  symbol: RecoverySymbol,
  sourceHash: Uint8Array,
): boolean {
  return verifyMerkleProof(hash, sourceHash, symbol.data, symbol.proof);
}

export type RecoveryResult =
  | { kind: 'sliver'; sliver: Sliver }
  /** The symbols decode to a sliver whose hash differs from the metadata: proof for the peers. */
  | { kind: 'inconsistent'; proof: InconsistencyProof };

/**
 * Rebuilds sliver `index` of `axis` from recovery symbols of other slivers. Symbols whose proof
 * fails or that target another sliver are dropped; exactly k verified symbols with distinct
 * sources are used (k2 for a primary target, k1 for a secondary one).
 * @throws NotEnoughSliversError with fewer than k usable symbols.
 */
export async function recoverSliver(
  metadata: BlobMetadata,
  axis: SliverAxis,
  index: number,
  symbols: readonly RecoverySymbol[],
): Promise<RecoveryResult> {
  const params = encodingParams(metadata.hashes.length);
  const s = symbolSizeFor(params, metadata.unencodedLength);
  if (!Number.isInteger(index) || index < 0 || index >= params.nShards) {
    throw new InvalidSliverError(
      `target sliver index ${index} out of range 0..${params.nShards - 1}`,
    );
  }
  const [rs, hash] = await Promise.all([loadRsEngine(), loadHashEngine()]);
  const k = symbolsPerSliver(params, axis);
  const bySource = new Map<number, RecoverySymbol>();
  for (const symbol of symbols) {
    if (bySource.size >= k) break;
    if (bySource.has(symbol.sourceIndex)) continue;
    if (verifyRecoverySymbol(hash, metadata, symbol, { axis, index }))
      bySource.set(symbol.sourceIndex, symbol);
  }
  if (bySource.size < k)
    throw new NotEnoughSliversError(
      `verified recovery symbols for ${axis} sliver ${index}`,
      k,
      bySource.size,
    );
  const used = [...bySource.values()];
  const sliver = decodeSymbols(rs, params, s, axis, index, used);
  const [got] = await computeSliverHashes(params, s, axis, [sliver]);
  if (bytesEqual(got, expectedSliverHash(metadata, axis, index))) return { kind: 'sliver', sliver };
  return { kind: 'inconsistent', proof: { axis, targetIndex: index, symbols: used } };
}

/** Decodes the target sliver from exactly k symbols (no verification). */
export function decodeSymbols(
  rs: Awaited<ReturnType<typeof loadRsEngine>>,
  params: EncodingParams,
  s: number,
  axis: SliverAxis,
  index: number,
  symbols: readonly RecoverySymbol[],
): Sliver {
  const k = symbolsPerSliver(params, axis);
  const shards = new Uint8Array(symbols.length * s);
  symbols.forEach((sym, i) => shards.set(sym.data, i * s));
  const data = new Uint8Array(k * s);
  rs.decode(
    k,
    params.nShards - k,
    s,
    1,
    shards,
    symbols.map((sym) => sym.sourceIndex),
    data,
  );
  return { axis, index, symbolSize: s, data };
}
